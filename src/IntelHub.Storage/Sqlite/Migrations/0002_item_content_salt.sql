-- IntelHub store, SQLite schema version 2: the secret salt of each item's content commitments
-- (docs/audit.md), removed on disposal with the content. Items stored before it have none.
ALTER TABLE items ADD COLUMN content_salt BLOB;
