# Everything a developer needs: `make run` serves the blog, `make test` checks it all.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DRIVER ?= client

.PHONY: run test lint format unit behave test-client test-http test-browser test-parallel \
	browser-if-available catalogue docs bench clean

# The virtual environment is made once and brought up to date whenever requirements.txt changes.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -c "from app import DEV_USERNAME, DEV_PASSWORD; \
	print(f'Development login: username {DEV_USERNAME!r}, password {DEV_PASSWORD!r}')"
	$(BIN)/python -m app --config config.example.yaml

# ruff, pytest, then the scenarios in-process and over HTTP, and in Chromium if there is one.
test: lint unit test-client test-http browser-if-available

# ruff; the features laid out alike (reformat-gherkin), each opening with As a / I want /
# So that, no empty or twice-named scenarios, every sentence known, docs/steps.md current.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/reformat-gherkin --check features
	$(BIN)/python -m support.sentences check

unit: $(STAMP)
	$(BIN)/pytest

behave test-client: $(STAMP)
	$(BIN)/behave --format progress -D driver=client

test-http: $(STAMP)
	$(BIN)/behave --format progress -D driver=http

test-browser: $(STAMP)
	$(BIN)/behave --format progress -D driver=browser

# The scenarios spread over processes by behavex, a feature file per process at a time.
PROCESSES ?= 2
test-parallel: $(STAMP)
	$(BIN)/behavex features --parallel-processes $(PROCESSES) --parallel-scheme feature \
		--output-folder reports/parallel -D driver=$(DRIVER)

# Without Chromium, say how to get browser mode; with REQUIRE_BROWSER=1 (CI), fail instead.
browser-if-available: $(STAMP)
	@if $(BIN)/python -c "import sys; from support.browser_driver import chromium_path; \
	sys.exit(chromium_path() is None)"; then \
		$(MAKE) --no-print-directory test-browser; \
	elif [ -n "$(REQUIRE_BROWSER)" ]; then \
		echo "Browser mode needs Chromium and none was found." >&2; exit 1; \
	else \
		echo "Browser mode skipped: no Chromium here. Get it with"; \
		echo "'apt-get install -y chromium-headless-shell' (or chromium, or set CHROMIUM_PATH"; \
		echo "to a Chromium or Chrome binary), then run 'make test-browser'."; \
	fi

# The step catalogue for product owners: every sentence the scenarios may use.
catalogue: $(STAMP)
	$(BIN)/python -m support.sentences catalogue

# The living documentation: an HTML report of every feature and JUnit XML for CI systems.
# `make docs DRIVER=browser` runs it in Chromium, with screenshots of failed scenarios.
docs: $(STAMP) catalogue
	mkdir -p reports
	$(BIN)/behave -D driver=$(DRIVER) \
		--format behave_html_pretty_formatter:PrettyHTMLFormatter --outfile reports/index.html \
		--format progress --junit --junit-directory reports/junit
	@echo "Report: reports/index.html  Catalogue: docs/steps.md  JUnit: reports/junit/"

bench: $(STAMP)
	$(BIN)/python -m bench

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/reformat-gherkin features

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache .hypothesis
