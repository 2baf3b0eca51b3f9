// Package logit fits the small logistic models Socle's ranking reads (the situation mode's
// heading model, the planner's document model). They are fitted by the evaluation tests on
// the judged situation sets and their weights pasted into the code, so the fit runs in tests
// only, in Go, with no other tool to install.
package logit

import "math"

// Fit returns the weights of a logistic regression of ys (0 or 1) on xs by Newton's method,
// with a small ridge so that the system stays solvable: w[0] is the intercept, w[i+1] the
// weight of feature i.
func Fit(xs [][]float64, ys []float64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	const ridge, iterations = 1e-3, 25
	k := len(xs[0]) + 1
	w := make([]float64, k)
	row := make([]float64, k)
	for iter := 0; iter < iterations; iter++ {
		h := make([][]float64, k)
		for i := range h {
			h[i] = make([]float64, k+1)
			h[i][i] = ridge
		}
		for n, x := range xs {
			row[0] = 1
			copy(row[1:], x)
			p := Probability(w, x)
			for i := range row {
				h[i][k] += (ys[n] - p) * row[i] // the gradient, as the system's last column
				for j := range row {
					h[i][j] += p * (1 - p) * row[i] * row[j]
				}
			}
		}
		for i := range w {
			h[i][k] -= ridge * w[i]
		}
		step := solve(h)
		for i := range w {
			w[i] += step[i]
		}
	}
	return w
}

// Probability is the model's probability for features x, w as Fit returns it.
func Probability(w, x []float64) float64 {
	z := w[0]
	for i, v := range x {
		z += w[i+1] * v
	}
	return 1 / (1 + math.Exp(-z))
}

// solve solves a linear system given as an augmented matrix, by Gaussian elimination with
// partial pivoting.
func solve(a [][]float64) []float64 {
	n := len(a)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for j := c; j <= n; j++ {
				a[r][j] -= f * a[c][j]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for j := r + 1; j < n; j++ {
			s -= a[r][j] * x[j]
		}
		x[r] = s / a[r][r]
	}
	return x
}
