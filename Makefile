# Two commands: `make run` starts the office server, `make test` runs the whole suite.
# Each sets up its own virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test app bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m server

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest
	VERIFIELD_UI=1 $(BIN)/python -m pytest tests/ui

app: $(STAMP)
	$(BIN)/python -m field_app --server http://127.0.0.1:5000

bench: $(STAMP)
	$(BIN)/python bench/sync_bench.py

clean:
	rm -rf $(VENV) *.egg-info
