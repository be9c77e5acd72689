# Everything a fresh machine needs comes from here: `make run`, `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/duban due --plan examples/yongning-2022/plan.txt --roster examples/yongning-2022/roster.yaml --unit 县司法局

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.expand_province
	$(BIN)/python -m bench.store_province
	$(BIN)/python -m bench.import_formats

clean:
	rm -rf $(VENV)
