"""P7: A promoter's exit costs the account 13–18% of next year's revenue.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p07_exit_cost.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P7")
