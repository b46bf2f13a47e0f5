"""The dashboard's components in a page of one's own: the example of docs/library.md, rendered."""

import re
import subprocess
import sys
from pathlib import Path

import solara

ROOT = Path(__file__).resolve().parents[2]


def example() -> str:
    """The Python block of the section on the dashboard's components in docs/library.md."""
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    section = text[text.index("## The dashboard's components"):]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_the_components_are_importable_and_load_on_first_use():
    code = ("import sys, promosim.app; print('solara' in sys.modules); "
            "from promosim.app import Organisation, Narrator; "
            "import promosim.app.components as c; "
            "print(Organisation is c.Organisation and Narrator is c.Narrator)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert found == ["False", "True"]


def test_the_documented_page_shows_the_firm_and_follows_its_steps():
    from mesa.visualization.utils import force_update

    namespace: dict = {}
    exec(compile(example(), "docs/library.md", "exec"), namespace)
    _, rc = solara.render(namespace["page"], handle_error=False)
    import ipyvue

    view = rc.find(ipyvue.VueTemplate, size=6).widget  # the organisation: 3 teams of 6
    assert view.teams.count("of 6") == 3

    def said() -> str:
        return " ".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)

    assert "Month 0: the firm has" in said()
    model = namespace["model"]
    for _ in range(3):
        model.step()
    force_update()
    assert "Month 0" not in said() and model.steps == 3
