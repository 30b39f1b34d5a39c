-- The blog's whole schema: one table of entries, the newest found by the highest id.
-- Written to run on a new file and again on an existing one without harm. A file made
-- before a column existed gets it from app/db.py (ADDED_ENTRY_COLUMNS), every entry kept.
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    -- When the entry was posted and last changed, in UTC, as 2026-11-29T14:05:09Z.
    -- An entry from before the blog kept times has no posted time (NULL, and the blog
    -- shows none); changed stays NULL until the entry is edited.
    posted TEXT,
    changed TEXT,
    -- The text as the admin typed it, shown again on the Edit page; text is the HTML
    -- made from it. An entry from before sources were kept has its HTML as its source.
    source TEXT
);

-- One row per admin login that has not ended. The session cookie holds the token, so
-- logging out (deleting the row) ends the session even where the cookie was copied.
-- password_fingerprint ties the login to the password: changing it ends every login.
CREATE TABLE IF NOT EXISTS admin_logins (
    token TEXT PRIMARY KEY,
    password_fingerprint TEXT NOT NULL,
    started REAL NOT NULL
);
