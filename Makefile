# Socle's developer entry points. `make test` is what CI runs (through .ci/run).

GO       ?= go
PGHOST   ?= 127.0.0.1
PGPORT   ?= 5432
PGUSER   ?= postgres
TEST_DB  ?= socle_test
SOCLE_TEST_DATABASE_URL ?= postgres://$(PGUSER)@$(PGHOST):$(PGPORT)/$(TEST_DB)?sslmode=disable
SOCLE_CORPUS ?= $(abspath ../shared/corpus)
export SOCLE_TEST_DATABASE_URL SOCLE_CORPUS

GOTESTSUM = $(GO) tool gotestsum --format pkgname --format-hide-empty-pkg

.PHONY: all build test vet provision testdb bench run demo clean

all: build

build:
	$(GO) build -o bin/socle ./cmd/socle

## test: install what the tests need if missing, make a fresh test database, vet, run every test with -race
test: provision testdb vet
	$(GOTESTSUM) -- -race -count=1 ./...

vet:
	$(GO) vet ./...

## provision: on Debian, install pgvector (built from Debian's source package), Chromium and poppler-utils when missing
provision:
	@.ci/provision pgvector chromium

## testdb: drop and create the database the PostgreSQL suite uses
testdb:
	@if command -v psql >/dev/null && psql -XAtq -h $(PGHOST) -p $(PGPORT) -U $(PGUSER) -d postgres -c 'select 1' >/dev/null 2>&1; then \
		psql -XAtq -h $(PGHOST) -p $(PGPORT) -U $(PGUSER) -d postgres \
			-c 'DROP DATABASE IF EXISTS $(TEST_DB) WITH (FORCE)' -c 'CREATE DATABASE $(TEST_DB)' && \
		echo "testdb: fresh database $(TEST_DB) on $(PGHOST):$(PGPORT)"; \
	else \
		echo "testdb: no PostgreSQL at $(PGHOST):$(PGPORT); the PostgreSQL suite will skip (or fail under SOCLE_REQUIRE_POSTGRES=1)"; \
	fi

## bench: run every benchmark (corpus-based ones use SOCLE_CORPUS)
bench: provision testdb
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

## demo: run the demo organization on a temporary data directory
demo:
	$(GO) run ./cmd/socle demo

run:
	$(GO) run ./cmd/socle serve

clean:
	rm -rf bin
