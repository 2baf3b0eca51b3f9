package wordvec

import (
	"math"
	"math/rand/v2"
	"sort"
)

// csr is a sparse matrix in compressed rows.
type csr struct {
	rows, cols int
	ptr        []int
	col        []int32
	val        []float64
}

// mul returns m·x for a dense x of rows×k (row-major), as cols... m is rows×cols, x is cols×k.
func (m *csr) mul(x []float64, k int) []float64 {
	out := make([]float64, m.rows*k)
	for r := 0; r < m.rows; r++ {
		o := out[r*k : (r+1)*k]
		for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
			v := m.val[p]
			xr := x[int(m.col[p])*k : (int(m.col[p])+1)*k]
			for j := range o {
				o[j] += v * xr[j]
			}
		}
	}
	return out
}

// mulT returns mᵀ·x for a dense x of rows×k.
func (m *csr) mulT(x []float64, k int) []float64 {
	out := make([]float64, m.cols*k)
	for r := 0; r < m.rows; r++ {
		xr := x[r*k : (r+1)*k]
		for p := m.ptr[r]; p < m.ptr[r+1]; p++ {
			v := m.val[p]
			o := out[int(m.col[p])*k : (int(m.col[p])+1)*k]
			for j := range o {
				o[j] += v * xr[j]
			}
		}
	}
	return out
}

// trainPPMI counts co-occurrences within the window (weighted by 1/distance), turns them into
// positive PMI with smoothed context probabilities, and keeps the top singular directions,
// each word's row scaled by the square root of the singular values.
func trainPPMI(docs [][]int32, n int, counts []int, dim int, cfg Config) []float32 {
	cooc := make([]map[int32]float64, n)
	for i := range cooc {
		cooc[i] = map[int32]float64{}
	}
	for _, d := range docs {
		for i, w := range d {
			for j := max(0, i-cfg.Window); j < min(len(d), i+cfg.Window+1); j++ {
				if j == i {
					continue
				}
				dist := i - j
				if dist < 0 {
					dist = -dist
				}
				cooc[w][d[j]] += 1 / float64(dist)
			}
		}
	}
	rowSum := make([]float64, n)
	colSum := make([]float64, n)
	total := 0.0
	for w, row := range cooc {
		for c, v := range row {
			rowSum[w] += v
			colSum[c] += v
			total += v
		}
	}
	colAlpha := make([]float64, n)
	sumAlpha := 0.0
	for c, v := range colSum {
		colAlpha[c] = math.Pow(v, cfg.Alpha)
		sumAlpha += colAlpha[c]
	}
	m := &csr{rows: n, cols: n, ptr: make([]int, n+1)}
	for w, row := range cooc {
		cs := make([]int32, 0, len(row))
		for c := range row {
			cs = append(cs, c)
		}
		sort.Slice(cs, func(a, b int) bool { return cs[a] < cs[b] })
		for _, c := range cs {
			pmi := math.Log(row[c] * sumAlpha / (rowSum[w] * colAlpha[c]))
			if pmi > 0 {
				m.col = append(m.col, c)
				m.val = append(m.val, pmi)
			}
		}
		m.ptr[w+1] = len(m.col)
	}
	u, s := randomizedSVD(m, dim, cfg)
	out := make([]float32, n*dim)
	for w := 0; w < n; w++ {
		row := out[w*dim : (w+1)*dim]
		for j := 0; j < dim; j++ {
			row[j] = float32(u[w*dim+j] * math.Sqrt(s[j]))
		}
		normalize(row)
	}
	return out
}

// randomizedSVD returns the top dim left singular vectors (rows×dim, row-major) and singular
// values of m (Halko, Martinsson and Tropp 2011), from a seeded Gaussian start.
func randomizedSVD(m *csr, dim int, cfg Config) ([]float64, []float64) {
	k := min(dim+cfg.Oversample, m.cols)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	omega := make([]float64, m.cols*k)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	q := orthonormalize(m.mul(omega, k), m.rows, k)
	for it := 0; it < cfg.PowerIters; it++ {
		z := orthonormalize(m.mulT(q, k), m.cols, k)
		q = orthonormalize(m.mul(z, k), m.rows, k)
	}
	// B = Qᵀ·M is k×cols; its Gram matrix C = B·Bᵀ (k×k) has the squared singular values.
	bt := m.mulT(q, k) // cols×k, = Bᵀ
	c := make([]float64, k*k)
	for r := 0; r < m.cols; r++ {
		row := bt[r*k : (r+1)*k]
		for i := 0; i < k; i++ {
			if row[i] == 0 {
				continue
			}
			for j := i; j < k; j++ {
				c[i*k+j] += row[i] * row[j]
			}
		}
	}
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			c[i*k+j] = c[j*k+i]
		}
	}
	vals, vecs := jacobiEigen(c, k)
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]] > vals[order[b]] })
	u := make([]float64, m.rows*dim)
	s := make([]float64, dim)
	for j := 0; j < dim; j++ {
		e := order[j]
		s[j] = math.Sqrt(math.Max(vals[e], 0))
		// Fix the sign so that the largest component is positive: the same corpus then gives
		// the same vectors whatever the arithmetic's rounding.
		for r := 0; r < m.rows; r++ {
			var x float64
			qr := q[r*k : (r+1)*k]
			for i := 0; i < k; i++ {
				x += qr[i] * vecs[i*k+e]
			}
			u[r*dim+j] = x
		}
		big, at := 0.0, 0
		for r := 0; r < m.rows; r++ {
			if a := math.Abs(u[r*dim+j]); a > big {
				big, at = a, r
			}
		}
		if u[at*dim+j] < 0 {
			for r := 0; r < m.rows; r++ {
				u[r*dim+j] = -u[r*dim+j]
			}
		}
	}
	return u, s
}

// orthonormalize makes the k columns of a (rows×k, row-major) orthonormal by modified
// Gram-Schmidt, in place; a column that vanishes is left at zero.
func orthonormalize(a []float64, rows, k int) []float64 {
	for j := 0; j < k; j++ {
		for i := 0; i < j; i++ {
			var p float64
			for r := 0; r < rows; r++ {
				p += a[r*k+i] * a[r*k+j]
			}
			for r := 0; r < rows; r++ {
				a[r*k+j] -= p * a[r*k+i]
			}
		}
		var n float64
		for r := 0; r < rows; r++ {
			n += a[r*k+j] * a[r*k+j]
		}
		if n < 1e-20 {
			for r := 0; r < rows; r++ {
				a[r*k+j] = 0
			}
			continue
		}
		n = 1 / math.Sqrt(n)
		for r := 0; r < rows; r++ {
			a[r*k+j] *= n
		}
	}
	return a
}

// jacobiEigen returns the eigenvalues and eigenvectors (columns of a k×k row-major matrix) of
// a symmetric matrix, by cyclic Jacobi rotations.
func jacobiEigen(a []float64, k int) ([]float64, []float64) {
	a = append([]float64(nil), a...)
	v := make([]float64, k*k)
	for i := 0; i < k; i++ {
		v[i*k+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				off += a[i*k+j] * a[i*k+j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := 0; p < k; p++ {
			for q := p + 1; q < k; q++ {
				apq := a[p*k+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*k+q] - a[p*k+p]) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for r := 0; r < k; r++ {
					arp, arq := a[r*k+p], a[r*k+q]
					a[r*k+p] = c*arp - s*arq
					a[r*k+q] = s*arp + c*arq
				}
				for r := 0; r < k; r++ {
					apr, aqr := a[p*k+r], a[q*k+r]
					a[p*k+r] = c*apr - s*aqr
					a[q*k+r] = s*apr + c*aqr
				}
				for r := 0; r < k; r++ {
					vrp, vrq := v[r*k+p], v[r*k+q]
					v[r*k+p] = c*vrp - s*vrq
					v[r*k+q] = s*vrp + c*vrq
				}
			}
		}
	}
	vals := make([]float64, k)
	for i := 0; i < k; i++ {
		vals[i] = a[i*k+i]
	}
	return vals, v
}
