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

# With no TELEGRAM_BOT_TOKEN, the sample plan year in a browser at http://127.0.0.1:8765
run: $(STAMP)
	$(BIN)/duban run

# The web chat's test drives Debian's chromium (Playwright never downloads a browser here);
# without root or apt the test is skipped locally and fails under CI=true.
BROWSER := /usr/bin/chromium
$(BROWSER):
	-apt-get install -y --no-install-recommends chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

# The documents' test opens every .docx and .xlsx in Debian's LibreOffice (headless); pdftoppm (poppler) and a
# CJK font serve `python -m documents.preview`, which renders them as PNG pages for a look. Same rule as chromium.
OFFICE := /usr/bin/soffice
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-wqy-zenhei
$(OFFICE):
	-apt-get install -y --no-install-recommends $(OFFICE_PACKAGES) || (apt-get update && apt-get install -y --no-install-recommends $(OFFICE_PACKAGES))

# ruff first: a lint error fails in a second, before the ten-minute suite
test: $(STAMP) $(BROWSER) $(OFFICE)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.expand_province
	$(BIN)/python -m bench.engine_vs_jobs
	$(BIN)/python -m bench.store_province
	$(BIN)/python -m bench.tick_province
	$(BIN)/python -m bench.reply_throughput
	$(BIN)/python -m bench.fan_out --channel telegram
	$(BIN)/python -m bench.fan_out --channel dingtalk
	$(BIN)/python -m bench.fan_out --channel wecom
	$(BIN)/python -m bench.idle_memory
	$(BIN)/python -m bench.import_formats
	$(BIN)/python -m bench.office_overview
	$(BIN)/python -m bench.plan_corpus
	$(BIN)/python -m bench.evidence_check
	$(BIN)/python -m bench.reports_province
	$(BIN)/python -m bench.cli_start
	$(BIN)/python -m bench.console

clean:
	rm -rf $(VENV)
