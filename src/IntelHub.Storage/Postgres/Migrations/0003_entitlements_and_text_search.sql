-- IntelHub store, PostgreSQL schema version 3: the entitlement index and free-text search.

-- Which agencies may receive which items, in keyset order, so that a search for one agency is a range scan of its
-- own entries (agency_id = $1 AND (created_at, item_id) > ...) joined to the filters. Kept by triggers, so every
-- writer (submissions, COPY loaders with triggers enabled) fills it in the writing transaction: the originator's
-- own items, and every permitted routing decision. Rows are never removed: the index may hold more than the
-- protocols in force permit (the reader decision still decides every row) but must never miss what they would
-- release; the hub adds what a newly published protocol set permits (IntelHub.Server Sharing/EntitlementIndex.cs).
CREATE TABLE item_entitlements (
    agency_id  text        NOT NULL,
    created_at timestamptz NOT NULL,
    item_id    text        NOT NULL REFERENCES items (item_id),
    CONSTRAINT item_entitlements_pkey PRIMARY KEY (agency_id, created_at, item_id)
);

CREATE FUNCTION item_entitlements_originator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_entitlements (agency_id, created_at, item_id)
    VALUES (NEW.originator_agency_id, NEW.created_at, NEW.item_id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER item_entitlements_originator AFTER INSERT ON items
FOR EACH ROW EXECUTE FUNCTION item_entitlements_originator();

CREATE FUNCTION item_entitlements_routed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_entitlements (agency_id, created_at, item_id)
    SELECT NEW.recipient_agency_id, i.created_at, i.item_id FROM items i WHERE i.item_id = NEW.item_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER item_entitlements_routed AFTER INSERT ON routing_decisions
FOR EACH ROW WHEN (NEW.permitted) EXECUTE FUNCTION item_entitlements_routed();

INSERT INTO item_entitlements (agency_id, created_at, item_id)
SELECT originator_agency_id, created_at, item_id FROM items ON CONFLICT DO NOTHING;
INSERT INTO item_entitlements (agency_id, created_at, item_id)
SELECT r.recipient_agency_id, i.created_at, i.item_id FROM routing_decisions r JOIN items i ON i.item_id = r.item_id
WHERE r.permitted ON CONFLICT DO NOTHING;

-- Free text: the words of every text (what a full view shows) and of the sanitised text alone (what a sanitised
-- view shows), as generated columns: disposal nulls the texts and so empties both. The 'simple' configuration
-- folds case only (no stemming, no stop words), as the SQLite store's FTS5 tokenizer is set up to.
ALTER TABLE items ADD COLUMN text_words tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(full_text, '') || ' ' || coalesce(sanitised_text, ''))) STORED;
ALTER TABLE items ADD COLUMN sanitised_words tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, coalesce(sanitised_text, ''))) STORED;
CREATE INDEX ix_items_text_words ON items USING gin (text_words);
