"""The robustness tests report what they measured (cases, tracebacks, runs lost) after the run."""

import pytest

FIGURES: list[str] = []


@pytest.fixture
def figures() -> list[str]:
    """Lines of measured figures, printed at the end of the test run."""
    return FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("robustness figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
