//go:build !race

package plan_test

// raceDetector: the tests run under -race (make test), where planning is ten times slower.
const raceDetector = false
