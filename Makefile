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

.PHONY: all build test vet provision testdb bench bench-pdf eval pdf-reports pdf-compare pdf-fixtures fuzz run demo clean screenshots

all: build

build:
	$(GO) build -o bin/socle ./cmd/socle

## test: install what the tests need if missing, make a fresh test database, vet, run every test with -race
# -timeout: go test's default of 10 minutes a package is too short for the browser suite under -race
# on a slow two-core machine (web took over 10 minutes on 2026-12-04's machine, 3 on the one before).
test: provision testdb vet
	$(GOTESTSUM) -- -race -count=1 -timeout 30m ./...

vet:
	$(GO) vet ./...

## provision: on Debian, install pgvector (built from Debian's source package), Chromium, poppler-utils and axe-core (npm) when missing
provision:
	@.ci/provision pgvector chromium poppler axe

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

## eval: retrieval quality (nDCG@10, recall, MRR, latency) on spf-qr and piaf, every mode (docs/retrieval-quality.md)
eval:
	SOCLE_EVAL=1 $(GO) test ./retrieval -run TestEvalCorpus -count=1 -v -timeout 30m

## bench-pdf: PDF ingest pages/s beside pdftotext's on the corpus's French PDFs, then file by file and stage by stage (docs/pdf-speed.md)
bench-pdf: provision
	$(GO) test ./ingest/pdf -run '^$$' -bench 'BenchmarkFrench$$' -benchtime 3x
	$(GO) test ./ingest/pdf -run '^$$' -bench 'BenchmarkFrenchFiles|BenchmarkFrenchStages|BenchmarkStripInline' -benchtime 3x

## pdf-reports: rewrite docs/pdf-quality.md and docs/pdf-robustness.md from the whole PDF corpus
pdf-reports: provision
	SOCLE_PDF_REPORT=1 $(GO) test ./ingest/pdf -run 'TestCorpusQuality|TestCorpusRobustness' -count=1 -v -timeout 30m

## pdf-compare: PDFium (wasm) against ledongthuc/pdf on the corpus (docs/pdf-engines.md)
pdf-compare: provision
	SOCLE_PDF_COMPARE=1 $(GO) test ./ingest/pdf -run TestCompareEngines -count=1 -timeout 30m

## pdf-fixtures: regenerate the hand-made PDF fixtures and their golden files
pdf-fixtures:
	$(GO) run ./ingest/pdf/testdata/gen -out ingest/pdf/testdata
	$(GO) test ./ingest/pdf -run TestGolden -update

## fuzz: a minute of each fuzz target
fuzz:
	$(GO) test ./ingest/pdf -run '^$$' -fuzz FuzzExtract -fuzztime 60s
	$(GO) test ./ingest/pdf -run '^$$' -fuzz FuzzLayout -fuzztime 60s
	$(GO) test ./ingest/pdf -run '^$$' -fuzz FuzzStripInline -fuzztime 60s
	$(GO) test ./ingest -run '^$$' -fuzz FuzzMarkdown -fuzztime 60s
	$(GO) test ./ingest -run '^$$' -fuzz FuzzText -fuzztime 60s
	$(GO) test ./ingest -run '^$$' -fuzz FuzzCatalog -fuzztime 60s
	$(GO) test ./plan/pseudonym -run '^$$' -fuzz FuzzPseudonymize -fuzztime 60s

## screenshots: take the documentation's screenshots on the demo (docs/img), in headless Chromium
screenshots: provision
	SOCLE_SCREENSHOTS=$(CURDIR)/docs/img $(GO) test ./cmd/socle -run TestDemoScreenshots -count=1 -v

## demo: run the demo organization on a temporary data directory
demo:
	$(GO) run ./cmd/socle demo

run:
	$(GO) run ./cmd/socle serve

clean:
	rm -rf bin

.PHONY: eval-situations eval-stepreader eval-embedders bench-situations bench-insights

## eval-situations: the situations development set (docs/retrieval-quality.md, docs/plans.md): every mode, the tuning and held-out halves, the hard subset, the ablation, the heading model fitted set by set, then plans for the 64 situations (the sample of 20 scored against the steps read before by both readers, the others listed, with what a Selector's candidates hold), and the latest sets read blind (fresh9, fresh10 with the needs Socle reads and with the needs corrected; fresh12 and fresh13 by both their readers), the search of fresh14 to fresh25, what a reader choosing among a Selector's candidates (the passages a plan offers) makes of the plans of the 64 and fresh13 to fresh25, the demo notes, and the plans following what colleagues kept (other sets' readings replayed); builds its corpus from SOCLE_CORPUS (about 4 minutes)
SITUATIONS_READINGS := $(CURDIR)/retrieval/testdata/situations/readings
eval-situations:
	SOCLE_SITUATIONS=1 $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m
	SOCLE_SITUATIONS_FIT=1 $(GO) test ./retrieval -run TestFitHeadingModel -count=1 -v -timeout 30m
	SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SAMPLE=every3 SOCLE_SITUATIONS_CANDIDATES=1 SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/situations-every3.tsv SOCLE_SITUATIONS_PLANS=$${TMPDIR:-/tmp}/socle-situation-plans.md $(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m
	SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SAMPLE=every3 SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/situations-every3-reader2.tsv $(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m
	for s in fresh9 fresh10; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$$s SOCLE_SITUATIONS_NO_ABLATION=1 $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m || exit 1; \
		for n in "" author; do \
			SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$$s SOCLE_SITUATIONS_NEEDS=$$n SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/$$s-readerA.tsv $(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m || exit 1; \
		done; \
	done
	SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=fresh12 SOCLE_SITUATIONS_NO_ABLATION=1 $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m
	for r in A B; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=fresh12 SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/fresh12-reader$$r.tsv $(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m || exit 1; \
	done
	SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=fresh13 SOCLE_SITUATIONS_NO_ABLATION=1 $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m
	for r in A B; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=fresh13 SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/fresh13-reader$$r.tsv $(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m || exit 1; \
	done
	for s in fresh14 fresh15 fresh16 fresh17 fresh18 fresh19 fresh20 fresh21 fresh22 fresh23 fresh24 fresh25; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$$s SOCLE_SITUATIONS_NO_ABLATION=1 $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m || exit 1; \
	done
	# a reader choosing among the Selector's candidates (every one read by readers C and D), each reader
	# choosing while the other judges, with the needs Socle reads and with the needs corrected
	for t in "situations C D" "fresh13 C D" "fresh14 C D" "fresh15 G H" "fresh16 I J" "fresh17 K L" "fresh18 M N" "fresh19 O P" "fresh20 Q R" "fresh21 S T" "fresh22 U V" "fresh23 W X" "fresh24 Y Z" "fresh25 AA AB" "fresh26 AC AD"; do set -- $$t; s=$$1; a=$$2; b=$$3; \
	for n in "" author; do for r in "$$a $$b" "$$b $$a"; do set -- $$r; \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$${s#situations} SOCLE_SITUATIONS_NEEDS=$$n SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_CANDIDATES=1 \
			SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/$$s-candidates-reader$$1.tsv SOCLE_SITUATIONS_CHOOSER=$(SITUATIONS_READINGS)/$$s-candidates-reader$$2.tsv \
			$(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m > $${TMPDIR:-/tmp}/socle-selector.log || exit 1; \
		echo "$$s needs=$${n:-read} judge $$1:"; grep -A6 'steps read before' $${TMPDIR:-/tmp}/socle-selector.log | grep -E 'steps read before|candidate steps|choosing'; \
	done; done; done
	# plans following what colleagues kept: each set with the record its readers' colleagues would have
	# made, every other set's readings replayed as caseworkers saving their plans (docs/plans.md, sixteenth round)
	for t in "situations C" "fresh13 C" "fresh14 C" "fresh15 G" "fresh16 I" "fresh17 K" "fresh18 M" "fresh19 O" "fresh20 Q" "fresh21 S" "fresh22 U" "fresh23 W" "fresh24 Y" "fresh25 AA" "fresh26 AC"; do set -- $$t; s=$$1; \
		case $$s in fresh20) later=fresh19;; fresh21) later="fresh19 fresh20";; fresh22) later="fresh19 fresh20 fresh21";; fresh23) later="fresh19 fresh20 fresh21 fresh22";; fresh24) later="fresh19 fresh20 fresh21 fresh22 fresh23";; fresh25) later="fresh19 fresh20 fresh21 fresh22 fresh23 fresh24";; fresh26) later="fresh19 fresh20 fresh21 fresh22 fresh23 fresh24 fresh25";; *) later=;; esac; \
		learn=$$(echo situations fresh7 fresh8 fresh9 fresh10 fresh11 fresh12 fresh13 fresh14 fresh15 fresh16 fresh17 fresh18 $$later | tr ' ' '\n' | grep -vx $$s | paste -sd, -); \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$${s#situations} SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_LEARN=$$learn \
			SOCLE_SITUATIONS_READINGS=$(SITUATIONS_READINGS)/$$s-candidates-reader$$2.tsv \
			$(GO) test ./plan -run TestSituationPlans -count=1 -v -timeout 30m > $${TMPDIR:-/tmp}/socle-learned.log || exit 1; \
		echo "$$s with the record, judge $$2:"; grep -E 'learned from|steps read before|on-topic step citing|\| all' $${TMPDIR:-/tmp}/socle-learned.log; \
	done
	# plans on the demo organization's own guide, against the demo notes judged sentence by sentence
	$(GO) test ./plan -run TestDemoNotes -count=1 -v | grep 'demo notes'
	# services matched on a real catalog: the aides-jeunes benefits of the corpus, judged for every note
	c=$$(mktemp); $(GO) run ./retrieval/testdata/situations/buildcorpus -corpus $(SOCLE_CORPUS) -out $$c && \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_CORPUS=$$c $(GO) test ./plan -run TestServiceMatchingDevSet -count=1 -v; s=$$?; rm -f $$c; exit $$s
	# needs read and suggested against the authors', every set read by a needs model fitted without it
	for s in "" $(patsubst retrieval/testdata/situations/%.jsonl,%,$(filter-out %/situations.jsonl,$(wildcard retrieval/testdata/situations/*.jsonl))); do \
		SOCLE_SITUATIONS_SET=$$s SOCLE_NEEDS_SPLIT=all $(GO) test ./retrieval/situation -run TestNeedDetectionDevSet -count=1 -v > $${TMPDIR:-/tmp}/socle-needs.log || exit 1; \
		grep -E 'recall' $${TMPDIR:-/tmp}/socle-needs.log; \
	done

## eval-stepreader: could a model that reads words pick a plan's on-topic steps? Plans every set readers read (steps and passages offered), then fits a logistic model on the readings of all sets but one and scores the one left out (docs/plans.md, nineteenth round; about 6 minutes)
eval-stepreader:
	d=$$(mktemp -d); mkdir $$d/corpus; \
	$(GO) run ./retrieval/testdata/situations/buildcorpus -corpus $(SOCLE_CORPUS) -out $$d/corpus/corpus.jsonl || exit 1; \
	for s in situations fresh7 fresh8 fresh9 fresh10 fresh11 fresh12 fresh13 fresh14 fresh15 fresh16 fresh17 fresh18 fresh19 fresh20 fresh21 fresh22 fresh23 fresh24; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_SET=$${s#situations} SOCLE_SITUATIONS_SAMPLE=all SOCLE_SITUATIONS_CANDIDATES=1 SOCLE_SITUATIONS_DUMP=$$d/$$s.jsonl SOCLE_SITUATIONS_CORPUS=$$d/corpus/corpus.jsonl \
			$(GO) test ./plan -run TestSituationPlans -count=1 -timeout 30m > /dev/null || exit 1; \
	done; \
	SOCLE_STEPREADER_DUMPS=$$d $(GO) test ./plan -run TestStepReaderDevSet -count=1 -v; rm -rf $$d

## eval-embedders: the embedders trained on the doctrine (ppmi, sgns) on the situations set, spf-qr and piaf (about 10 minutes)
eval-embedders:
	for e in ppmi sgns; do \
		SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_NO_ABLATION=1 SOCLE_SITUATIONS_EMBEDDER=$$e $(GO) test ./retrieval -run TestSituationsDevSet -count=1 -v -timeout 30m || exit 1; \
		SOCLE_EVAL=1 SOCLE_EVAL_EMBEDDER=$$e SOCLE_EVAL_MODES=bm25,vector,hybrid $(GO) test ./retrieval -run TestEvalCorpus -count=1 -v -timeout 60m || exit 1; \
	done

## bench-situations: index build rate with each offline embedder (training included) on the situations corpus, and plan latency on the service-public corpus
bench-situations:
	$(GO) test ./retrieval -run '^$$' -bench BenchmarkIndexBuildEmbedders -benchtime 1x -timeout 30m
	$(GO) test ./plan -run '^$$' -bench BenchmarkPlan -benchtime 200x -timeout 30m

## bench-insights: the insights page's queries at 100,000 usage events in both stores, and plan latency with usage recording on and off (docs/insights.md)
bench-insights: provision testdb
	$(GO) test ./insights -run '^$$' -bench 'BenchmarkReport100k|BenchmarkPlanRecording' -benchtime 50x -timeout 30m

.PHONY: bench-pages

## bench-pages: the cited page: a page drawn with its highlight (p50/p95, no cache) on the corpus's French PDFs, then citations opened through the page cache with a skewed popularity (p50/p95, hit rate; docs/caseworkers.md)
bench-pages:
	$(GO) test ./ingest/pdf -run '^$$' -bench 'BenchmarkRenderPage$$' -benchtime 200x -timeout 30m
	$(GO) test ./authoring -run '^$$' -bench BenchmarkCitedPages -benchtime 2000x -timeout 30m

.PHONY: scale-report

## scale-report: the load and fault harness (docs/scale-out.md): a PostgreSQL cluster of its own, the service-public corpus and the aides-jeunes catalog, one then two servers under 32 clients while a lead publishes, PostgreSQL restarted mid-run; prints the report (about 4 minutes; not part of make test)
scale-report: build
	$(GO) run ./cmd/socle-load -socle bin/socle -corpus $(SOCLE_CORPUS) -out $${TMPDIR:-/tmp}/socle-scale-report.md
