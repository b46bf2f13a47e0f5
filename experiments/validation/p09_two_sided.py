"""P9: Dyads with promoters on both sides do best; a lone customer promoter over-uses power.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p09_two_sided.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P9")
