"""P8: Baseline turnover, churn, vacancy and ramp-up in the literature's ranges.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p08_calibration.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P8")
