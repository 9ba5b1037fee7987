# congvan — every target sets itself up first (system packages + .venv), so a fresh
# clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
SHARED ?= ../shared
export OMP_THREAD_LIMIT := 1

.PHONY: setup system run test test-fast notebook eval bench models samples lint clean

setup: system $(STAMP)

system:
	@bash scripts/setup-system.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: setup ## process samples/ into out/
	$(BIN)/congvan process samples -o out -j 2

test: setup ## the full test suite
	$(BIN)/python -m pytest -q

test-fast: setup ## the suite without the tests that run Tesseract on whole pages
	$(BIN)/python -m pytest -q -m "not slow"

notebook: setup ## run notebooks/review.ipynb headless on the output of samples/ (out/review.ipynb)
	$(BIN)/congvan process samples -o out -j 2 || test $$? -eq 1  # 1: some inputs failed
	CONGVAN_OUT=$(CURDIR)/out CONGVAN_RUN_DIR=$(CURDIR) \
		$(BIN)/jupyter execute --output=../out/review notebooks/review.ipynb

eval: setup ## quality metrics on the gold sets
	$(BIN)/congvan eval

bench: setup ## speed ratios
	$(BIN)/python -m congvan.bench

models: setup ## rebuild models/ from $(SHARED)/corpus; re-extract the digit model (checksum)
	CONGVAN_SHARED=$(SHARED) $(BIN)/python -m congvan.restore.build
	PYTHON=$(BIN)/python bash scripts/digits-model.sh

samples: setup ## regenerate samples/ (deterministic)
	$(BIN)/python -m congvan.synth samples --seed 0

lint: setup
	$(BIN)/ruff check pipeline tests

clean:
	rm -rf out .pytest_cache .ruff_cache
