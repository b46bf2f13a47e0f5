"""P5: Commission-heavy pay: more revenue now, less trust, shorter relationships, more quits.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p05_pay_mix.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P5")
