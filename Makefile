# The two commands a newcomer runs: `make run` and `make test`. `make setup` is run's idempotent first half.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/fuchu_portal

.PHONY: setup run test test-sqlite test-postgres browser-tools java bench lint messages compilemessages ci clean demo loadtest lighthouse

setup: $(STAMP) compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_city_content

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

compilemessages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Installing GNU gettext for the translation catalogues"; apt-get install -y -qq gettext >/dev/null || { echo "Please install GNU gettext (msgfmt)."; exit 1; }; }
	$(MANAGE) compilemessages --ignore '.venv/*' -v 0

# Sample places to belong, each visibly marked as a sample, for trying the site. Running it twice adds nothing.
demo: setup
	$(MANAGE) load_demo_places

run: setup
	@echo ""
	@echo "  The portal:  http://$(HOST):$(PORT)/ja/"
	@echo "  The admin:   http://$(HOST):$(PORT)/admin/"
	@echo "  To create an editor account:  $(MANAGE) createsuperuser"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP) compilemessages browser-tools test-sqlite test-postgres

# The browser tests (pytest -m browser) drive Debian's Chromium with Playwright, and check pages with axe-core
# from npm (package-lock.json). Playwright never downloads a browser of its own. The Nu HTML Checker (vnu-jar from
# npm, tests/test_html_valid.py) runs on Debian's Java, installed first so that vnu-jar's own installer finds it.
browser-tools: java node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar
	@command -v chromium >/dev/null || { echo "Installing Debian's Chromium for the browser tests"; apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || { echo "Please install chromium (Debian's package)."; exit 1; }; }

java:
	@command -v java >/dev/null || { echo "Installing Debian's Java for the Nu HTML Checker"; apt-get install -y -qq default-jre-headless >/dev/null || { apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; } || { echo "Please install default-jre-headless (Debian's package)."; exit 1; }; }

node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar &: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar

test-sqlite:
	@echo "== Tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

# PostgreSQL runs whenever one is reachable; REQUIRE_POSTGRES=1 (set by CI) makes its absence a failure.
# The browser tests and the HTML checker run in the SQLite pass only: what they check is the same on both databases.
test-postgres:
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_TEST_URL)"; then \
		echo "== Tests on PostgreSQL =="; \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -m "not browser and not validator"; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL)"; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(PG_TEST_URL): skipped =="; \
	fi

# Search latency on the long tail (scripts/bench.py): every timed request a query not asked before (scripts/querygen.py:
# words of the shipped content in six languages, random facets), the search page and the API, warm and cold (every
# cache emptied), with the response cache's hit share beside each figure; the shipped content on SQLite and
# PostgreSQL beside issue 15's goals, then 1,000, 10,000 and 100,000 entries beside Wagtail's stock search; index
# sizes and rebuild seconds. Its own databases (.bench/, fuchu_bench_*); the full run takes well over an hour.
# A short run: BENCH_SIZES=1000 BENCH_VENDORS=sqlite BENCH_RUNS=300 BENCH_COLD_RUNS=100 make bench
# BENCH_SIZES= (empty) measures the shipped content only. Also: BENCH_BASELINE=0 (no stock search), BENCH_SHIPPED=0,
# BENCH_FURIGANA=0, BENCH_RESPONSE_CACHE=1, BENCH_SEED, BENCH_LIGHTHOUSE=0 (skip `make lighthouse` after it).
bench: $(STAMP) compilemessages
	$(BIN)/python scripts/bench.py
	@if [ "$$BENCH_LIGHTHOUSE" != "0" ]; then $(MAKE) lighthouse; fi

# The search page and the API under wrk on distinct URLs (scripts/loadtest.py): gunicorn with 5 workers and production
# settings on the shipped content (SQLite), wrk with 1 thread and 32 connections, 30,000 generated queries per target,
# /healthz as the ceiling in the same run; req/s, share of /healthz, p50/p90/p99, the response cache's hit share, then
# each worker's RSS, PSS and private memory. LOADTEST_DURATION=10 for a quick try (default 60 s per target),
# LOADTEST_QUERIES (default 30000), LOADTEST_SEED. Needs wrk (installed if missing).
loadtest: $(STAMP) compilemessages
	$(BIN)/python scripts/loadtest.py

# Lighthouse (mobile) on the home, search, a service and an area page, served as in production by gunicorn;
# lighthouse comes from npm (scripts/lighthouse/package-lock.json), Chromium from Debian.
lighthouse: $(STAMP) compilemessages scripts/lighthouse/node_modules/.bin/lighthouse
	$(BIN)/python scripts/lighthouse.py

scripts/lighthouse/node_modules/.bin/lighthouse: scripts/lighthouse/package.json scripts/lighthouse/package-lock.json
	cd scripts/lighthouse && npm ci --no-audit --no-fund
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run

messages: $(STAMP)
	$(MANAGE) makemessages --all --no-location --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'node_modules/*' --no-obsolete

ci: lint test

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 node_modules
