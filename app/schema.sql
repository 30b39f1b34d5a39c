-- The blog's whole schema: one table of entries, the newest found by the highest id.
-- Written to run on a new file and again on an existing one without harm.
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL
);
