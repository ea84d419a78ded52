-- Readers' reports of images and articles. One row per (target, reporter): a reporter who
-- clicks again counts once. An image is hidden (images.hidden) once enough different reporters
-- reported it; the flag is in the database, so it survives restarts.

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    target_kind  TEXT NOT NULL CHECK (target_kind IN ('image', 'article')),
    target_id    TEXT NOT NULL,
    reporter     TEXT NOT NULL,            -- the anonymous id from the reader's signed cookie
    address      TEXT,                     -- a keyed hash of the client address, never the address
    created_at   TEXT NOT NULL,
    UNIQUE (target_kind, target_id, reporter)
);
CREATE INDEX reports_by_created ON reports (created_at DESC);
