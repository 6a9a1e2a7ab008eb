# Two commands: `make run` (service with demo data) and `make test` (whole suite).
# Every target bootstraps what it needs: the virtualenv from requirements.lock and
# GOV.UK Frontend from package-lock.json, compiled with Sass (Arial, no crown).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: setup run test lint format assets clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed static/init.js static/favicon.svg $(wildcard static/scss/*.scss)
	mkdir -p static/build
	npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
		static/scss/app.scss static/build/app.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/init.js static/favicon.svg static/build/
	rm -rf static/build/assets && cp -r node_modules/govuk-frontend/dist/govuk/assets static/build/assets
	rm -rf static/build/assets/fonts

data/.env:
	mkdir -p data
	$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	$(PYTHON) -c "import secrets; print('PSEUDONYM_KEY=' + secrets.token_urlsafe(48))" >> $@

setup: $(VENV)/.installed static/build/app.css data/.env

# The access log leaves out query strings: a search for a name must not land in a log.
# The background worker (exports) runs beside gunicorn under `manage.py run_worker`, which restarts
# it when it exits; it stops with gunicorn.
run: setup
	@grep -q '^PSEUDONYM_KEY=' data/.env || \
		$(PYTHON) -c "import secrets; print('PSEUDONYM_KEY=' + secrets.token_urlsafe(48))" >> data/.env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo_data
	@echo "PACE Triage is running at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py run_worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER' EXIT; \
	$(BIN)/gunicorn -c pace_site/gunicorn_conf.py pace_site.wsgi --bind 127.0.0.1:$(PORT) --access-logfile - \
		--access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# Lint, architecture contracts (.importlinter), types (mypy, pyproject.toml), then the whole suite.
test: setup lint
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed data/.env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format:
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles

# Speed of scoring, rescoring, training and generating, each beside a baseline from the same run.
.PHONY: bench
bench: setup
	$(BIN)/python benchmarks/run.py
