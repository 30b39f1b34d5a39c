# Everything a developer needs: `make run` serves the blog, `make test` checks it all.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format unit behave clean

# The virtual environment is rebuilt whenever requirements.txt changes.
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -c "from app import DEV_USERNAME, DEV_PASSWORD; \
	print(f'Development login: username {DEV_USERNAME!r}, password {DEV_PASSWORD!r}')"
	$(BIN)/python -m app --config config.example.yaml

test: lint unit behave

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(BIN)/pytest

behave: $(STAMP)
	$(BIN)/behave --format progress

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
