-- Learning paths: a trainer's route through the doctrine, its assignments and each member's
-- progress. A path's revisions are JSON (what members follow, what the trainer writes); the
-- role that new members are assigned by is a column, for the membership's transaction.

-- +goose Up
CREATE TABLE learning_paths (
    org_id     text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    id         text NOT NULL,
    author     text NOT NULL,
    audience   jsonb NOT NULL,
    auto_role  text NOT NULL DEFAULT '', -- the role auto-assigned, '' for none
    revision   integer NOT NULL,
    published  jsonb,
    draft      jsonb,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX learning_paths_auto ON learning_paths (org_id, auto_role) WHERE auto_role <> '';

CREATE TABLE path_assignments (
    org_id      text NOT NULL,
    path_id     text NOT NULL,
    user_id     text NOT NULL,
    assigned_by text NOT NULL,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, path_id, user_id),
    FOREIGN KEY (org_id, path_id) REFERENCES learning_paths (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);
CREATE INDEX path_assignments_user ON path_assignments (org_id, user_id);

CREATE TABLE path_progress (
    org_id      text NOT NULL,
    path_id     text NOT NULL,
    user_id     text NOT NULL,
    step_id     text NOT NULL,
    read_at     timestamptz,
    read_n      integer NOT NULL,
    answer      integer[] NOT NULL,
    right_answer boolean NOT NULL,
    attempts    integer NOT NULL,
    answered_at timestamptz,
    PRIMARY KEY (org_id, path_id, user_id, step_id),
    FOREIGN KEY (org_id, path_id) REFERENCES learning_paths (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE path_progress, path_assignments, learning_paths;
