"""P3: Bistability: an early failure locks a dyad in only under reactive tight control.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p03_bistability.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P3")
