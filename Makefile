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

## make test: the whole test suite (unit, integration on the real PostgreSQL and Redis, e2e); the benchmark's
## peers are installed too, because their adapters are tested
test: $(BENCH_STAMP)
	$(BIN)/pytest

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_STAMP)

## make bench: the benchmarks (solver against its peers, imports, mail, HTTP), printing tables and writing
## docs/benchmarks.md (~25 min on 2 cores); BENCH_ARGS=--quick for a smoke run, BENCH_ARGS=--full adds 600 at 300 s
bench: $(BENCH_STAMP)
	$(BIN)/python -m services.bench $(BENCH_ARGS)

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
