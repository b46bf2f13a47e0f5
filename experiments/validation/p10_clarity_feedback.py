"""P10: Goal clarity and constructive feedback lower role conflict and turnover.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p10_clarity_feedback.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P10")
