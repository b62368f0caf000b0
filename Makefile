# festplan — the two commands of the README, plus the benchmark and the linters.
# Every target creates the virtualenv and installs the project first when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test bench lint format serve clean

# The demo needs only festplan itself; the tests and the benchmark add the dev tools and the solver's peers.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

## make demo: reset the embedded database, load the demo edition, optimise, publish, send the emails to var/outbox
demo: $(STAMP)
	$(BIN)/festplan demo

BENCH_STAMP := $(VENV)/.installed-bench-stamp
BROWSER_STAMP := $(VENV)/.browser-stamp
WRK_STAMP := $(VENV)/.wrk-stamp
#: The command the browser tests look for (tests/served.py); Debian's package `chromium` provides it.
BROWSER ?= chromium
#: Wait for another apt (unattended upgrades) instead of failing on its lock.
APT_WAIT := -o DPkg::Lock::Timeout=300

BROWSER_MISSING := make test : le navigateur chromium manque et l'installer demande root ; lancez « sudo apt-get install -y chromium » puis « make test » / the chromium browser is missing and installing it needs root: run 'sudo apt-get install -y chromium', then 'make test'
WRK_MISSING := make bench : wrk absent, la charge HTTP viendra de clients httpx / wrk missing, the HTTP load will come from httpx clients

# $(call apt_install,COMMAND,PACKAGE,MESSAGE,STATUS): COMMAND found on PATH, or PACKAGE installed with Debian's apt
# (as root, or through sudo when it asks no password), or MESSAGE said and the recipe ends with STATUS (1: the
# target needs it, 0: it does without).
define apt_install
	@mkdir -p $(VENV)
	@if command -v $(1) >/dev/null 2>&1; then \
	  echo "$(1): $$(command -v $(1))"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_WAIT) $(2); \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_WAIT) $(2); \
	else \
	  echo "$(3)" >&2; \
	  exit $(4); \
	fi
endef

## make test: the whole test suite (unit, integration on the real PostgreSQL and Redis, e2e); the benchmark's
## peers are installed too, because their adapters are tested, and so is the browser the accessibility tests drive
test: $(BENCH_STAMP) $(BROWSER_STAMP)
	$(BIN)/pytest

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# The accessibility tests drive Debian's chromium (Python playwright with executable_path, axe-core). apt runs
# once, when no chromium is on PATH; the stamp keeps later runs from asking apt again.
$(BROWSER_STAMP):
	$(call apt_install,$(BROWSER),chromium,$(BROWSER_MISSING),1)
	touch $(BROWSER_STAMP)

## make bench: the benchmarks (solver against its peers, imports, mail, HTTP), printing tables and writing
## docs/benchmarks.md (~25 min on 2 cores); BENCH_ARGS=--quick for a smoke run, BENCH_ARGS=--full adds 600 at 300 s
bench: $(BENCH_STAMP) $(WRK_STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The HTTP section's load comes from wrk (Debian's package), which costs the shared CPU far less than a Python
# client: the figures of two runs compare only with the same client. Installed like the browser; without root
# the section falls back to httpx clients and says so in its table.
$(WRK_STAMP):
	$(call apt_install,wrk,wrk,$(WRK_MISSING),0)
	touch $(WRK_STAMP)

## make lint: ruff, the import contracts of pyproject.toml (services meet through events, pure domains) and dead code
## (vulture at 80 % confidence: what is certainly unused; below that it mistakes routes and typer commands for dead)
lint: $(BENCH_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture services shared --min-confidence 80 --exclude shared/migrations/versions

format: $(BENCH_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

serve: $(STAMP)
	$(BIN)/festplan serve

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
