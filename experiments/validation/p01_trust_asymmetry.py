"""P1: Trust is slow to build and fast to break.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p01_trust_asymmetry.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P1")
