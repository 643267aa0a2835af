package access

import "testing"

// TestOrgPathMatches: what a path known whole, or only by its start,
// decides of a condition value.
func TestOrgPathMatches(t *testing.T) {
	whole := orgPath{start: "o-a1b2c3d4e5/r-ab12/", complete: true}
	start := orgPath{start: "o-a1b2c3d4e5/r-ab12/"}
	tests := []struct {
		path orgPath
		want string
		like bool
		got  tri
	}{
		{whole, "o-a1b2c3d4e5/*", true, yes},
		{whole, "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", true, no},
		{whole, "o-a1b2c3d4e5/r-ab12/", false, yes},
		{start, "o-a1b2c3d4e5/*", true, yes},
		{start, "o-a1b2c3d4e5/r-ab12/*", true, yes},
		{start, "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", true, maybe},
		{start, "o-a1b2c3d4e5/r-zz99/*", true, no},
		{start, "o-other12345/*", true, no},
		{start, "o-a1b2c3d4e5/r-ab12/", false, no}, // the path goes on below the root
		{start, "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", false, maybe},
		{start, "o-a1b2c3d4e5/*/ou-ab12-11111111/*", true, maybe},
		{start, "*/r-ab12/*", true, maybe},
	}
	for _, tt := range tests {
		if got := tt.path.matches(tt.want, tt.like); got != tt.got {
			t.Errorf("%+v matches %q (like %v) = %v, want %v", tt.path, tt.want, tt.like, got, tt.got)
		}
	}
}
