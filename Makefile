# Everything a developer needs: `make run` serves the blog, `make test` checks it all.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DRIVER ?= client

.PHONY: run production test timings soak lint format unit node-tools behave test-client test-http test-browser test-parallel \
	catalogue docs bench mutation clean

# The virtual environment is made once and brought up to date whenever requirements.txt, or
# deploy/requirements.txt that it includes (the blog's own packages), changes.
# make format's layout tool has an environment of its own, its pins being older.
$(STAMP): requirements.txt deploy/requirements.txt support/authoring/formatter-requirements.txt
	@echo "Installing the Python packages into $(VENV) (once, and when requirements.txt or deploy/requirements.txt changes; about 20 s)"
	@$(PYTHON) -m venv $(VENV) || { echo "No virtual environment: Python 3.11+ with venv is needed (Debian: apt-get install python3-venv; another Python: make PYTHON=python3.11 ...)"; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PYTHON) -m venv $(VENV)/formatter
	@$(VENV)/formatter/bin/python -m pip install --quiet --disable-pip-version-check -r support/authoring/formatter-requirements.txt
	touch $(STAMP)

# The blog as in production: nginx on 127.0.0.1:PORT in front of gunicorn's workers, the
# login limit in Redis (deploy/). In the foreground; Ctrl-C stops everything it started.
# Run as root, the parts run as the user RUN_AS (flaskr).
production: PORT ?= 8080
production: $(STAMP)
	@if [ -z "$(CONFIG)" ]; then echo "Say which configuration: make production CONFIG=config.production.yaml [PORT=8080] [RUN_AS=flaskr]"; exit 2; fi
	$(BIN)/python -m deploy.stack --config "$(CONFIG)" --port $(PORT) $(if $(RUN_AS),--user "$(RUN_AS)")

# The development server on 127.0.0.1:PORT (5000 unless said: make run PORT=5001).
run: PORT ?= 5000
run: $(STAMP)
	@$(BIN)/python -c "from app import DEV_USERNAME, DEV_PASSWORD; \
	print(f'Development login: username {DEV_USERNAME!r}, password {DEV_PASSWORD!r}')"
	$(BIN)/python -m app --config config.example.yaml --port $(PORT)

# The checks and the scenarios in-process, over HTTP and in Chromium if there is one, with
# pytest beside them: every stage runs even when another failed, and each is reported.
# SHARD=k/N runs the k-th of N shares of the scenarios (for a CI matrix of machines).
SHARD ?=
test: $(STAMP) node-tools
	@SHARD=$(SHARD) $(BIN)/python -m support.stages

# The seconds each scenario takes, which balance the shares of SHARD=k/N; recorded in
# browser mode where there is a Chromium (where most of a run's time goes).
timings: $(STAMP)
	@mkdir -p reports && rm -f reports/timings.jsonl
	@mode=client; if $(HAVE_CHROMIUM); then mode=browser; fi; \
	$(BIN)/behave --format null -D driver=$$mode -D timings=reports/timings.jsonl
	$(BIN)/python -m support.stages.shards record reports/timings.jsonl

# The feature files first, every mistake of every file at once (support/authoring/check.py), then
# ruff; each check runs even when one before it failed.
lint: $(STAMP)
	@status=0; \
	echo "Checking the feature files"; \
	$(BIN)/python -m support.authoring.check || status=1; \
	echo "Checking the Python code (ruff)"; \
	$(BIN)/ruff check --quiet . || status=1; \
	$(BIN)/ruff format --check --quiet . || status=1; \
	if [ $$status = 0 ]; then echo "lint: no problems"; fi; \
	exit $$status

# axe-core, which the tests use to judge the pages for accessibility, and Cucumber's
# html-formatter, which draws the runs' Cucumber Messages, come from npm; without npm
# those tests are skipped and say so, and make docs leaves the drawing out.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the accessibility checks (axe-core) will be skipped."; fi

# pytest, its tests spread over one worker per core (pytest-xdist, pyproject's addopts);
# `.venv/bin/pytest -n 0` runs them in one process.
unit: $(STAMP) node-tools
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

# Whether there is a Chromium to drive (a shell condition).
HAVE_CHROMIUM = $(BIN)/python -c "import sys; from support.drivers.browser import chromium_path; \
	sys.exit(chromium_path() is None)"

# The glossary for product owners, docs/steps.md: every sentence the scenarios may use.
catalogue: $(STAMP)
	$(BIN)/python -m support.authoring.sentences catalogue

# The living documentation: the scenarios run in-process, over HTTP and, where there is
# Chromium, in a browser; each run recorded, then the site built from the features and
# those runs at reports/living-docs/index.html, beside JUnit XML for CI systems and each
# run in Cucumber Messages (reports/<mode>/messages.ndjson), drawn by Cucumber's own
# html-formatter where there is node (reports/<mode>/cucumber.html). The site is written
# even when a scenario fails (it shows why); make docs then fails too.
# Its What changed page compares the features with those at SINCE (a tag, a branch or a
# commit; by default the latest tag, else the commit before the last change to features/).
docs: $(STAMP) catalogue node-tools
	@if [ -n "$(SINCE)" ] && ! git rev-parse --verify --quiet "$(SINCE)^{commit}" >/dev/null; then \
		echo "SINCE expected a git tag, branch or commit, found '$(SINCE)': write e.g. SINCE=v1.0 or SINCE=HEAD~10" >&2; exit 2; fi
	@rm -rf reports/runs reports/junit reports/living-docs reports/failures \
		reports/*/messages.ndjson reports/*/cucumber.html
	@mkdir -p reports/runs
	@modes="client http"; \
	if $(HAVE_CHROMIUM); then modes="$$modes browser"; \
	else echo "Browser mode left out of the documentation: no Chromium here."; fi; \
	failed=""; \
	for mode in $$modes; do \
		echo "Running the scenarios, driver $$mode"; \
		mkdir -p reports/$$mode; \
		$(BIN)/python -m behave -D driver=$$mode \
			--format support.living_docs.recorder:RunRecorder --outfile reports/runs/$$mode.json \
			--format messages --outfile reports/$$mode/messages.ndjson \
			--format progress --junit --junit-directory reports/junit/$$mode \
			|| failed="$$failed $$mode"; \
	done; \
	$(BIN)/python -m support.living_docs --runs reports/runs --out reports/living-docs \
		$(if $(SINCE),--since "$(SINCE)",--since) || exit 1; \
	if command -v node >/dev/null && [ -d node_modules/@cucumber/html-formatter ]; then \
		for mode in $$modes; do \
			node support/living_docs/render_messages.mjs reports/$$mode/messages.ndjson \
				reports/$$mode/cucumber.html || exit 1; \
		done; \
		echo "Cucumber's report of each run: reports/<mode>/cucumber.html"; \
	else echo "node or npm not found: Cucumber's report of the runs (reports/<mode>/cucumber.html) left out."; fi; \
	echo "Glossary: docs/steps.md  JUnit: reports/junit/  Cucumber Messages: reports/<mode>/messages.ndjson"; \
	if [ -n "$$failed" ]; then echo "Scenarios failed in:$$failed (the site shows which and why)." >&2; exit 1; fi

bench: $(STAMP)
	$(BIN)/python -m bench

# Mutation testing (docs/mutation.md): cosmic-ray changes app/ in small ways, in copies of
# the work tree, and the scenarios, then pytest, judge each change; the scores per module
# and the survivors go to reports/mutation/. Tens of minutes: not part of make test.
# JOBS=N judges N mutants at once; ONLY="auth blog" or mutant ids limits the run;
# RESUME=1 goes on with an interrupted run; AGAIN=1 judges the last run's survivors again
# (after new scenarios or tests; app/ unchanged).
JOBS ?= 1
mutation: $(STAMP)
	$(BIN)/python -m mutation.run --jobs $(JOBS) $(if $(ONLY),--only "$(ONLY)") \
		$(if $(RESUME),--resume) $(if $(AGAIN),--again)

# Each stage RUNS times (10 by default) with one core kept busy: flaky tests show up here.
RUNS ?= 10
soak: $(STAMP) node-tools
	RUNS=$(RUNS) $(BIN)/python -m bench.soak

# Lays the feature files out, never changing what one says, and adds a new one to
# features/reading-order.yaml (Python code is checked by make lint, not rewritten).
format: $(STAMP)
	$(BIN)/python -m support.authoring.layout format

clean:
	rm -rf $(VENV) node_modules reports .pytest_cache .ruff_cache .hypothesis
