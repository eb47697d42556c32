-- IntelHub store, SQLite schema version 3: the entitlement index and free-text search.

-- Which agencies may receive which items, in keyset order, so that a search for one agency is a range scan of its
-- own entries (agency_id = ? AND (created_at, item_id) > ?) joined to the filters. Kept by triggers, so every
-- writer (submissions, bulk loaders) fills it in the writing transaction: the originator's own items, and every
-- permitted routing decision. Rows are never removed: the index may hold more than the protocols in force permit
-- (the reader decision still decides every row) but must never miss what they would release; the hub adds what a
-- newly published protocol set permits (IntelHub.Server Sharing/EntitlementIndex.cs).
CREATE TABLE item_entitlements (
    agency_id  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    item_id    TEXT    NOT NULL REFERENCES items (item_id),
    PRIMARY KEY (agency_id, created_at, item_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER item_entitlements_originator AFTER INSERT ON items
BEGIN
    INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
    VALUES (new.originator_agency_id, new.created_at, new.item_id);
END;

CREATE TRIGGER item_entitlements_routed AFTER INSERT ON routing_decisions WHEN new.permitted = 1
BEGIN
    INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
    SELECT new.recipient_agency_id, i.created_at, i.item_id FROM items i WHERE i.item_id = new.item_id;
END;

INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
SELECT originator_agency_id, created_at, item_id FROM items;
INSERT OR IGNORE INTO item_entitlements (agency_id, created_at, item_id)
SELECT r.recipient_agency_id, i.created_at, i.item_id FROM routing_decisions r JOIN items i ON i.item_id = r.item_id WHERE r.permitted = 1;

-- Free text: an FTS5 index over the items' texts, its content read from items by rowid (no second copy). The
-- tokenizer folds case only (no diacritics folding, no stemming), as PostgreSQL's 'simple' configuration does, so
-- that both engines match the same words. Disposal nulls the texts; the update trigger then removes the item's
-- words from the index. (VACUUM may renumber the rowids of items; run INSERT INTO items_text(items_text)
-- VALUES('rebuild') after one.)
CREATE VIRTUAL TABLE items_text USING fts5(
    title, full_text, sanitised_text,
    content = 'items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER items_text_insert AFTER INSERT ON items
BEGIN
    INSERT INTO items_text (rowid, title, full_text, sanitised_text) VALUES (new.rowid, new.title, new.full_text, new.sanitised_text);
END;

CREATE TRIGGER items_text_update AFTER UPDATE OF title, full_text, sanitised_text ON items
BEGIN
    INSERT INTO items_text (items_text, rowid, title, full_text, sanitised_text) VALUES ('delete', old.rowid, old.title, old.full_text, old.sanitised_text);
    INSERT INTO items_text (rowid, title, full_text, sanitised_text) VALUES (new.rowid, new.title, new.full_text, new.sanitised_text);
END;

CREATE TRIGGER items_text_delete AFTER DELETE ON items
BEGIN
    INSERT INTO items_text (items_text, rowid, title, full_text, sanitised_text) VALUES ('delete', old.rowid, old.title, old.full_text, old.sanitised_text);
END;

INSERT INTO items_text (items_text) VALUES ('rebuild');
