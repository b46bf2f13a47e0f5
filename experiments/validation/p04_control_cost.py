"""P4: One tightening of control lowers voluntary effort by 10–25%, heterogeneously.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p04_control_cost.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P4")
