/**
 * Schema migrations of the embedded store, applied in order and tracked by `PRAGMA user_version`.
 * A published migration never changes: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT    NOT NULL UNIQUE,
    stream_name     TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    metadata        TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    UNIQUE (stream_name, stream_revision)
  );
  CREATE INDEX events_recorded_at ON events (recorded_at, position);
  CREATE TABLE checkpoints (
    name       TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];
