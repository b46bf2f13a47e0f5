"""P6: Material rewards wear off; recognition lasts.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p06_rewards.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P6")
