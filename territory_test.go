package socle

import "testing"

func TestTerritoryCovers(t *testing.T) {
	tests := []struct {
		area, place string
		want        bool
	}{
		{"FR", "74", true},
		{"74", "74", true},
		{"74", "C74010", true},
		{"73", "C74010", false},
		{"R84", "C74010", true},
		{"R84", "75", false},
		{"C74010", "C74010", true},
		{"C74010", "C74011", false},
		{"C74010", "74", true},
		{"C73010", "74", false},
		{"974", "C97411", true},
		{"2A", "C2A004", true},
		{"R94", "2B", true},
		{"74", "", true},
		{"74", "R84", false},
		{"R84", "R84", true},
	}
	for _, tt := range tests {
		if got := TerritoryCovers(tt.area, tt.place); got != tt.want {
			t.Errorf("TerritoryCovers(%q, %q) = %v, want %v", tt.area, tt.place, got, tt.want)
		}
	}
}
