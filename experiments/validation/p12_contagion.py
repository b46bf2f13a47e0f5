"""P12: Turnover is contagious: quits cluster in teams beyond chance.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p12_contagion.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P12")
