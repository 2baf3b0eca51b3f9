package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// largeMarkdown repeats the guide fixture under numbered parts to about size bytes.
func largeMarkdown(b *testing.B, size int) []byte {
	b.Helper()
	fixture, err := os.ReadFile("testdata/guide.md")
	if err != nil {
		b.Fatal(err)
	}
	body := fixture[bytes.Index(fixture, []byte("\n## ")):] // without the front matter and title
	var buf bytes.Buffer
	buf.WriteString("# Guide\n")
	for i := 1; buf.Len() < size; i++ {
		fmt.Fprintf(&buf, "\n# Partie %d\n", i)
		buf.Write(body)
	}
	return buf.Bytes()
}

// BenchmarkMarkdown measures Markdown ingest (parse, sections, ids, passages) in MB/s.
func BenchmarkMarkdown(b *testing.B) {
	data := largeMarkdown(b, 1<<20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := File(context.Background(), "guide.md", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTextShortLines measures plain text made of a long list of short lines set apart by
// blank lines, the shape a breadcrumb is read in: reading it must stay linear (a scan from each
// line made 20,000 lines take 15 s), compare its MB/s with BenchmarkTextFiches'.
func BenchmarkTextShortLines(b *testing.B) {
	var buf strings.Builder
	buf.WriteString("Liste des points d'accueil\n\nLes adresses suivent.\n\n")
	for buf.Len() < 1<<20 {
		buf.WriteString("Point d'accueil du centre-ville\n\n")
	}
	data := []byte(buf.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := File(context.Background(), "liste.txt", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTextFiches measures plain text of fiches whose cases each open on a breadcrumb.
func BenchmarkTextFiches(b *testing.B) {
	var buf strings.Builder
	buf.WriteString("Aide au logement\n\n")
	for i := 0; buf.Len() < 1<<20; i++ {
		fmt.Fprintf(&buf, "Cas %d\n\nDémarche\n\nEn ligne\nVotre demande doit être faite directement en ligne sur le site de la caisse.\nVous devez joindre les pièces justificatives demandées.\n\n", i)
	}
	data := []byte(buf.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := File(context.Background(), "fiches.txt", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSectionize measures the sectioner alone in sections per second.
func BenchmarkSectionize(b *testing.B) {
	const n = 10000
	para := strings.Repeat("Le référent vérifie les ressources du foyer avec la personne. ", 12)
	blocks := make([]Block, 0, 3*n)
	for i := 0; i < n; i++ {
		blocks = append(blocks,
			Block{Kind: BlockHeading, Level: 1 + i%3, Text: fmt.Sprintf("%d. Rubrique %d", i, i%50)},
			Block{Kind: BlockParagraph, Text: para},
			Block{Kind: BlockList, Text: "- un\n- deux\n- trois"})
	}
	b.ReportAllocs()
	for b.Loop() {
		secs, err := sectionize(blocks, Limits{})
		if err != nil || len(secs) != n {
			b.Fatalf("%d sections, %v", len(secs), err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sections/s")
}

// BenchmarkPassages measures the passage splitter on one long section, in MB/s.
func BenchmarkPassages(b *testing.B) {
	text := strings.Repeat(sentence(180)+" "+sentence(90)+"\n\n", 4000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Passages(text)
	}
}

// BenchmarkCorpusServicePublic measures plain-text ingest over the 3,588 service-public fiches.
func BenchmarkCorpusServicePublic(b *testing.B) {
	dir := corpusDir(b, "guides/service-public-fiches-2020/flat_txts")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var data [][]byte
	var size int64
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		size += int64(len(d))
	}
	b.SetBytes(size)
	for b.Loop() {
		for i, d := range data {
			if _, err := File(context.Background(), files[i], d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(data)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkCorpusAidesJeunes measures catalog import of the 552 aides-jeunes benefits.
func BenchmarkCorpusAidesJeunes(b *testing.B) {
	dir := corpusDir(b, "catalogs/aides-jeunes")
	data, err := os.ReadFile(filepath.Join(dir, "benefits.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		doc, err := File(context.Background(), "benefits.jsonl", data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n += len(doc.Services)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "services/s")
}
