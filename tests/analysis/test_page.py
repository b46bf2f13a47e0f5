"""The report's templates: text from files is escaped, templates ship with the package."""

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound, UndefinedError

from promosim.analysis.page import TEMPLATES, render
from promosim.analysis.report import analyse
from promosim.analysis.results import load_results
from promosim.version import model_version, package_version

from .conftest import ROOT

PACKAGE = ROOT / "src" / "promosim"


def test_text_from_the_results_folder_is_escaped(compare_folder, tmp_path):
    folder = Path(shutil.copytree(compare_folder, tmp_path / "described"))
    manifest = json.loads((folder / "manifest.json").read_text())
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    manifest["design"] = {"policies": {"tight-control": {
        "description": hostile, "schedule": [{"month": 12, "backing": 0.8}]}}}
    manifest["versions"] = {"promosim": "<i>1</i>"}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    page = render(analyse(load_results(folder)))
    assert "<script" not in page and "<b>bold" not in page and "<i>1" not in page
    assert ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
            in page)
    assert "promosim &lt;i&gt;1&lt;/i&gt;" in page
    assert "from month 12: Management backing 0.8" in page
    # the generated sentences keep their own markup
    assert "<strong>tight-control</strong>" in page


def test_every_template_is_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["promosim"]
    shipped = {p for pattern in declared for p in PACKAGE.glob(pattern) if p.is_file()}
    templates = {p for p in (PACKAGE / "analysis" / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= shipped
    for path in templates:
        TEMPLATES.get_template(path.relative_to(PACKAGE / "analysis" / "templates").as_posix())


def test_templates_refuse_unknown_names():
    with pytest.raises(TemplateNotFound):
        TEMPLATES.get_template("missing.html")
    with pytest.raises(UndefinedError):
        TEMPLATES.from_string("{{ nothing }}").render()


def test_the_page_names_the_package_and_model_versions(report):
    page = report.read_text(encoding="utf-8")
    assert f"Written by promosim {package_version()} (model version {model_version()})" in page
