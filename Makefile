# promosim: `make report` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON312 := $(shell scripts/find-python312)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: report test test-slow docs docs-site validate benchmark clean

$(BIN)/promosim: pyproject.toml
	@test -n "$(PYTHON312)" || { echo "error: Python 3.12 is needed (set PYTHON312=...)"; exit 1; }
	$(PYTHON312) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@echo "compiling the simulation engine (once per model version; cached in $${PROMOSIM_CACHE_DIR:-~/.cache/promosim})"
	$(BIN)/python -c "from promosim.batch import warm_up; warm_up()"
	touch $@

$(VENV)/.test-installed: $(BIN)/promosim
	$(BIN)/pip install --quiet -e '.[test,calibrate]'
	touch $@

report: $(BIN)/promosim
	$(BIN)/promosim compare tight-control commission-heavy relationship-bonus \
		clear-goals-feedback promoter-friendly --replicates 30 --out results/comparison

test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks experiments
	$(BIN)/pytest

test-slow: $(VENV)/.test-installed
	$(BIN)/pytest -m slow

docs: $(BIN)/promosim
	$(BIN)/python -m promosim.reference

$(VENV)/.docs-installed: $(BIN)/promosim
	$(BIN)/pip install --quiet -e '.[docs]'
	touch $@

# The documentation site in build/docs (offline; warnings are errors; executes the tutorials).
docs-site: $(VENV)/.docs-installed
	rm -rf build/docs
	$(BIN)/sphinx-build -W --keep-going -q -b html docs build/docs
	@echo "documentation site: build/docs/index.html"

validate: $(BIN)/promosim
	$(BIN)/promosim validate

benchmark: $(BIN)/promosim
	$(BIN)/python benchmarks/drivers.py
	$(BIN)/python benchmarks/batched.py
	$(BIN)/python benchmarks/workers.py
	$(BIN)/python benchmarks/whatif.py

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
