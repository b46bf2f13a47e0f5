"""P11: Trust in the supervisor and exhaustion are the strongest antecedents of quitting.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p11_turnover_antecedents.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P11")
