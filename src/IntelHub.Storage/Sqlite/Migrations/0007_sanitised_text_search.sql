-- IntelHub store, SQLite schema version 7: a text index of the sanitised text alone.

-- What a reader who sees only sanitised views may match. items_text (migration 0003) holds the sanitised text too,
-- but there its words share doclists with the title and full text: a search for words common in full texts and
-- rare in sanitised ones would read every full-text match to find the few sanitised ones, and its capped count
-- could not tell that the sanitised matches are rare. Same tokenizer as items_text, content read from items by rowid
-- (no second copy), kept by triggers as items_text is; disposal nulls the sanitised text and so removes its words.
-- (After a VACUUM, which may renumber rowids, rebuild both: INSERT INTO items_sanitised_text(items_sanitised_text)
-- VALUES('rebuild').)
CREATE VIRTUAL TABLE items_sanitised_text USING fts5(
    sanitised_text,
    content = 'items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER items_sanitised_text_insert AFTER INSERT ON items
BEGIN
    INSERT INTO items_sanitised_text (rowid, sanitised_text) VALUES (new.rowid, new.sanitised_text);
END;

CREATE TRIGGER items_sanitised_text_update AFTER UPDATE OF sanitised_text ON items
BEGIN
    INSERT INTO items_sanitised_text (items_sanitised_text, rowid, sanitised_text) VALUES ('delete', old.rowid, old.sanitised_text);
    INSERT INTO items_sanitised_text (rowid, sanitised_text) VALUES (new.rowid, new.sanitised_text);
END;

CREATE TRIGGER items_sanitised_text_delete AFTER DELETE ON items
BEGIN
    INSERT INTO items_sanitised_text (items_sanitised_text, rowid, sanitised_text) VALUES ('delete', old.rowid, old.sanitised_text);
END;

-- The items stored before this version.
INSERT INTO items_sanitised_text (items_sanitised_text) VALUES ('rebuild');
