"""Sphinx configuration of promosim's documentation site, built offline by ``make docs-site``.

The pages are Markdown (MyST); the tutorials are notebooks that MyST-NB executes during every
build, so a notebook that no longer runs fails the build. The API reference is generated from
the docstrings (Google-style sections). Nothing here needs the network: no intersphinx, no
remote images, the theme's assets are served from the build.
"""

from promosim.version import package_version

project = "promosim"
author = "the promosim authors"
copyright = "the promosim authors, MIT licence"
release = version = package_version()

extensions = [
    "myst_nb",  # Markdown pages and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # Google-style docstring sections
    "sphinx.ext.viewcode",
]
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "jupyter_execute"]
suppress_warnings: list[str] = []  # warnings are errors (`make docs-site` runs with -W)

# Markdown
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Notebooks: executed on every build, a failing cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 600
nb_merge_streams = True

# API reference
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_mock_imports = ["pyabc"]  # the calibrate extra: its modules document without it
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# HTML
html_theme = "pydata_sphinx_theme"
html_title = f"promosim {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_show_sourcelink = False
