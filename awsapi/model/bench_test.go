package model

import "testing"

// BenchmarkLoad measures a cold load (decompress and parse) of a small, a medium and the largest
// service: each iteration uses a fresh Library so nothing is cached.
func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"sts", "dynamodb", "ec2"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := newEmbeddedLibrary().Load(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadCached is the cost of asking again for a loaded service.
func BenchmarkLoadCached(b *testing.B) {
	lib := newEmbeddedLibrary()
	if _, err := lib.Load("ec2"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lib.Load("ec2"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndex is what `nimbus services` and the :services page pay at first use.
func BenchmarkIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newEmbeddedLibrary().Index(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEndpoints is the one-off cost of the endpoint data.
func BenchmarkEndpoints(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newEmbeddedLibrary().Endpoints(); err != nil {
			b.Fatal(err)
		}
	}
}
