-- Moderation behind login (nashra.web.moderation, nashra admin): moderators with their password
-- hashes, their sessions, the targets a moderator removed for good, and the audit log of every
-- moderation action with the state before and after it.

CREATE TABLE moderators (
    name            TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,          -- an argon2id hash string, never the password
    created_at      TEXT NOT NULL
);

-- A session is found by the hash of its cookie's token: a copy of the table opens no session.
CREATE TABLE moderator_sessions (
    token_hash      TEXT PRIMARY KEY,
    moderator       TEXT NOT NULL REFERENCES moderators(name) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL
);
CREATE INDEX moderator_sessions_by_expiry ON moderator_sessions (expires_at);

-- Targets removed for good: an image stays hidden whatever reports come later, an article is
-- taken down. Restoring deletes the row.
CREATE TABLE removals (
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('image', 'article')),
    target_id       TEXT NOT NULL,
    moderator       TEXT NOT NULL,
    removed_at      TEXT NOT NULL,
    PRIMARY KEY (target_kind, target_id)
);

-- Who did what to which target, when, and the state before and after (JSON). Names are kept as
-- text: the log outlives a moderator's account.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    target_kind     TEXT NOT NULL,
    target_id       TEXT NOT NULL,
    state_before    TEXT,
    state_after     TEXT
);
