package embedded

import (
	"io"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole database file to w, from one read transaction:
// writers go on meanwhile, and the copy is the database as it was when Backup began. size, if
// set, learns the copy's size before it is written (for a Content-Length). The copy opens as a
// data directory's socle.db.
func (s *Store) Backup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
