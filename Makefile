# promosim: `make report` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON312 := $(shell scripts/find-python312)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: report test test-slow lint docs benchmark clean

$(BIN)/promosim: pyproject.toml
	$(PYTHON312) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/promosim
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

report: $(BIN)/promosim
	$(BIN)/promosim run configs/baseline.toml --out results/baseline

test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks experiments
	$(BIN)/pytest

test-slow: $(VENV)/.test-installed
	$(BIN)/pytest -m slow

docs: $(BIN)/promosim
	$(BIN)/python -m promosim.reference

benchmark: $(BIN)/promosim
	$(BIN)/python benchmarks/drivers.py

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
