-- IntelHub store, SQLite schema version 1.
-- Timestamps are INTEGER microseconds since 1970-01-01 UTC (exact, sortable, the same precision as PostgreSQL);
-- dates are TEXT yyyy-MM-dd; string lists are JSON arrays in TEXT. STRICT tables refuse values of the wrong type.

CREATE TABLE items (
    item_id                  TEXT    NOT NULL PRIMARY KEY,
    kind                     TEXT    NOT NULL,
    originator_agency_id     TEXT    NOT NULL,
    submitted_by             TEXT    NOT NULL,
    classification           TEXT    NOT NULL,
    grading                  TEXT,
    legacy_grading           TEXT,
    handling_conditions      TEXT    NOT NULL,
    originator_reference     TEXT,
    personal_data_categories TEXT    NOT NULL,
    occurred_from            INTEGER,
    occurred_to              INTEGER,
    review_date              TEXT    NOT NULL,
    created_at               INTEGER NOT NULL,
    -- Content: nullable, removed on disposal.
    title                    TEXT,
    full_text                TEXT,
    sanitised_text           TEXT,
    subject_document         BLOB,
    content_digest           TEXT    NOT NULL,
    disposed_at              INTEGER
) STRICT;

-- Keyset pagination in (created_at, item_id) order; review due among items not yet disposed.
CREATE INDEX ix_items_created ON items (created_at, item_id);
CREATE INDEX ix_items_review_due ON items (review_date, item_id) WHERE disposed_at IS NULL;

-- Themes ("labour/adult") and areas (GSS codes): metadata, kept after disposal. A theme is also indexed by its
-- exploitation type alone so that "labour/*" is an index lookup too.
CREATE TABLE item_themes (
    theme             TEXT NOT NULL,
    exploitation_type TEXT NOT NULL,
    item_id           TEXT NOT NULL REFERENCES items (item_id),
    ordinal           INTEGER NOT NULL,
    PRIMARY KEY (theme, item_id)
) STRICT;
CREATE INDEX ix_item_themes_exploitation ON item_themes (exploitation_type, item_id);
CREATE INDEX ix_item_themes_item ON item_themes (item_id);

CREATE TABLE item_areas (
    area    TEXT NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (item_id),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (area, item_id)
) STRICT;
CREATE INDEX ix_item_areas_item ON item_areas (item_id);

CREATE TABLE item_entities (
    kind      TEXT    NOT NULL,
    match_key TEXT    NOT NULL,
    item_id   TEXT    NOT NULL REFERENCES items (item_id),
    ordinal   INTEGER NOT NULL,
    as_typed  TEXT    NOT NULL,
    PRIMARY KEY (kind, match_key, item_id)
) STRICT;
CREATE INDEX ix_item_entities_item ON item_entities (item_id);

CREATE TABLE routing_decisions (
    item_id             TEXT    NOT NULL REFERENCES items (item_id),
    recipient_agency_id TEXT    NOT NULL,
    permitted           INTEGER NOT NULL,
    view                TEXT,
    protocol_id         TEXT,
    protocol_version    TEXT,
    rule_id             TEXT,
    obligations         TEXT    NOT NULL,
    reasons             TEXT    NOT NULL,
    PRIMARY KEY (item_id, recipient_agency_id)
) STRICT;

-- One row per agency: the last inbox position handed out.
CREATE TABLE inbox_counters (
    agency_id     TEXT    NOT NULL PRIMARY KEY,
    last_position INTEGER NOT NULL
) STRICT;

CREATE TABLE inbox_entries (
    agency_id        TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    item_id          TEXT    NOT NULL REFERENCES items (item_id),
    view             TEXT    NOT NULL,
    protocol_id      TEXT    NOT NULL,
    protocol_version TEXT    NOT NULL,
    rule_id          TEXT    NOT NULL,
    obligations      TEXT    NOT NULL,
    queued_at        INTEGER NOT NULL,
    PRIMARY KEY (agency_id, position),
    UNIQUE (agency_id, item_id)
) STRICT;
CREATE INDEX ix_inbox_entries_item ON inbox_entries (item_id);

CREATE TABLE inbox_acknowledgements (
    agency_id       TEXT    NOT NULL PRIMARY KEY,
    position        INTEGER NOT NULL,
    acknowledged_at INTEGER NOT NULL
) STRICT;

-- The single row that hands out audit sequence numbers (leaf indices).
CREATE TABLE audit_counter (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    next_sequence INTEGER NOT NULL
) STRICT;
INSERT INTO audit_counter (id, next_sequence) VALUES (1, 0);

CREATE TABLE audit_records (
    sequence INTEGER NOT NULL PRIMARY KEY,
    entry    BLOB    NOT NULL
) STRICT;

CREATE TABLE audit_checkpoints (
    tree_size   INTEGER NOT NULL PRIMARY KEY,
    signed_note TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE TABLE protocol_versions (
    protocol_id     TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    document_text   TEXT    NOT NULL,
    document_digest TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    proposed_by     TEXT    NOT NULL,
    approved_by     TEXT    NOT NULL,
    effective_at    INTEGER,
    recorded_at     INTEGER NOT NULL,
    PRIMARY KEY (protocol_id, version)
) STRICT;

-- Written first in a submission (the item follows later in the same transaction, hence the deferred key).
CREATE TABLE idempotency_keys (
    originator_agency_id TEXT    NOT NULL,
    idempotency_key      TEXT    NOT NULL,
    item_id              TEXT    NOT NULL REFERENCES items (item_id) DEFERRABLE INITIALLY DEFERRED,
    content_digest       TEXT    NOT NULL,
    first_audit_sequence INTEGER NOT NULL,
    audit_count          INTEGER NOT NULL,
    recorded_at          INTEGER NOT NULL,
    PRIMARY KEY (originator_agency_id, idempotency_key)
) STRICT;
