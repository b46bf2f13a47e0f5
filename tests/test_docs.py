"""The documentation sources: notebooks are committed without outputs; the site builds offline."""

import json
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "promosim"
NOTEBOOKS = sorted((DOCS / "tutorials").glob("*.ipynb"))
#: Modules left out of the API reference: the command line (documented by ``--help``) and
#: start-up plumbing.
UNDOCUMENTED = ("promosim.cli", "promosim.commands", "promosim.lazy", "promosim.__main__")


def test_there_are_tutorial_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    dirty = [i for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, (f"{path.name}: cells {dirty} hold outputs; clear them before committing "
                       "(Jupyter: Edit > Clear Outputs of All Cells)")
    assert "widgets" not in notebook.get("metadata", {}), f"{path.name}: widget state saved"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_in_the_tutorials_table_of_contents(path):
    assert path.stem in (DOCS / "tutorials" / "index.md").read_text(encoding="utf-8")


def test_the_site_needs_no_network_and_runs_every_notebook():
    conf = runpy.run_path(str(DOCS / "conf.py"))
    assert "sphinx.ext.intersphinx" not in conf["extensions"]
    assert not conf.get("intersphinx_mapping")
    assert conf["nb_execution_mode"] == "force" and conf["nb_execution_raise_on_error"]


def test_every_module_is_in_the_api_reference():
    documented = set()
    for page in (DOCS / "api").glob("*.md"):
        documented |= set(re.findall(r"automodule:: ([\w.]+)", page.read_text(encoding="utf-8")))
    modules = {".".join(("promosim", *path.relative_to(PACKAGE).with_suffix("").parts))
               .removesuffix(".__init__") for path in PACKAGE.rglob("*.py")}
    modules = {name for name in modules if not name.startswith(UNDOCUMENTED)}
    missing = sorted(modules - documented)
    assert not missing, f"add these modules to a page in docs/api/: {', '.join(missing)}"
    assert documented <= modules
