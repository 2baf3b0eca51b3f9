-- Passage vectors for the PostgreSQL mode. Derived data, like the text index: rebuilt from the
-- store by `socle reindex`. The embedding column takes its dimension, and the HNSW index is
-- built, when the first vectors of a model arrive (see vectors.go), since the dimension depends
-- on the embedder configured.

-- +goose Up
CREATE TABLE vector_model (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    model text NOT NULL,
    dim   integer NOT NULL
);

CREATE TABLE passage_vectors (
    key        text PRIMARY KEY,
    org_id     text NOT NULL,
    guide_id   text NOT NULL,
    kind       text NOT NULL,
    version_id text NOT NULL,
    state      text NOT NULL,
    embedding  vector NOT NULL
);
CREATE INDEX passage_vectors_org_version ON passage_vectors (org_id, version_id);

-- +goose Down
DROP TABLE passage_vectors, vector_model;
