# Two commands set Tally up: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TALLY := $(VENV)/bin/tally
DEMO_DB ?= demo.db

.PHONY: install install-test demo test bench eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(TALLY) run examples/ --db sqlite:///$(DEMO_DB)
	$(TALLY) incidents --db sqlite:///$(DEMO_DB)
	$(TALLY) claims --db sqlite:///$(DEMO_DB)
	$(TALLY) stats --by perpetrator,method --db sqlite:///$(DEMO_DB)

test: install-test
	$(PY) -m pytest

bench: install
	$(PY) bench/throughput.py

# Accuracy against the human-coded gold beside the project (../shared/eval/).
EVAL_DIR ?= ../shared/eval
eval: install
	$(TALLY) eval acled $(EVAL_DIR)/acled/
	$(TALLY) eval case2021 $(EVAL_DIR)/case2021/
	$(TALLY) eval geo $(EVAL_DIR)/geo/
	$(TALLY) eval clusters eval/clusters/

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
