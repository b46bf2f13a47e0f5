"""P2: Role holders stay in their relationships 1.5–2 years longer.

Runs the pattern's experiment (docs/validation.md) and draws its figure:
    python experiments/validation/p02_role_tenure.py [OUT_DIR] [--quick]
"""

from promosim.validation import figure_script

if __name__ == "__main__":
    figure_script("P2")
