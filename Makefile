# Two commands: `make run` (set up, ingest corpus/, start the app) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= evidence-data
PORT ?= 8501

.PHONY: run test test-fast setup setup-test lint format bench ocr-bench quality corpus clean

run: setup
	$(BIN)/evidence ingest corpus --data $(DATA)
	$(BIN)/evidence app --data $(DATA) --port $(PORT)

# Two test processes (pytest-xdist; a module's tests stay in one so module fixtures are built
# once); the 15 slowest tests are printed so the next slow one is seen.
PYTEST_ARGS ?= -n 2 --dist loadscope --durations=15

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The edit loop: no slow or browser tests. CI (make test) runs everything.
test-fast: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q $(PYTEST_ARGS) -m "not slow and not browser"

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	PYTHON=$(PYTHON) ./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	PYTHON=$(PYTHON) ./scripts/system-deps.sh
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	PYTHON=$(PYTHON) ./scripts/system-deps.sh --test
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python scripts/bench.py $(ARGS)

ocr-bench: setup
	$(BIN)/python scripts/ocr_bench.py $(ARGS)

quality: setup
	$(BIN)/python scripts/quality.py $(ARGS)

corpus: setup
	$(BIN)/python corpus/generate.py

clean:
	rm -rf $(DATA) .pytest_cache
