-- IntelHub store, PostgreSQL schema version 1.
-- Timestamps are timestamptz (UTC, microseconds); string lists are JSON arrays in text (carried, never queried).
-- Keys compare byte-wise (COLLATE "C"): the same order as SQLite, and whatever the database's locale.

CREATE TABLE items (
    item_id                  text COLLATE "C" NOT NULL PRIMARY KEY,
    kind                     text        NOT NULL,
    originator_agency_id     text        NOT NULL,
    submitted_by             text        NOT NULL,
    classification           text        NOT NULL,
    grading                  text,
    legacy_grading           text,
    handling_conditions      text        NOT NULL,
    originator_reference     text,
    personal_data_categories text        NOT NULL,
    occurred_from            timestamptz,
    occurred_to              timestamptz,
    review_date              date        NOT NULL,
    created_at               timestamptz NOT NULL,
    -- Content: nullable, removed on disposal.
    title                    text,
    full_text                text,
    sanitised_text           text,
    subject_document         bytea,
    content_digest           text        NOT NULL,
    disposed_at              timestamptz
);

-- Keyset pagination in (created_at, item_id) order; review due among items not yet disposed.
CREATE INDEX ix_items_created ON items (created_at, item_id);
CREATE INDEX ix_items_review_due ON items (review_date, item_id) WHERE disposed_at IS NULL;

-- Themes ("labour/adult") and areas (GSS codes): metadata, kept after disposal. A theme is also indexed by its
-- exploitation type alone so that "labour/*" is an index lookup too.
CREATE TABLE item_themes (
    theme             text COLLATE "C" NOT NULL,
    exploitation_type text COLLATE "C" NOT NULL,
    item_id           text COLLATE "C" NOT NULL REFERENCES items (item_id),
    ordinal           integer NOT NULL,
    PRIMARY KEY (theme, item_id)
);
CREATE INDEX ix_item_themes_exploitation ON item_themes (exploitation_type, item_id);
CREATE INDEX ix_item_themes_item ON item_themes (item_id);

CREATE TABLE item_areas (
    area    text COLLATE "C" NOT NULL,
    item_id text COLLATE "C" NOT NULL REFERENCES items (item_id),
    ordinal integer NOT NULL,
    PRIMARY KEY (area, item_id)
);
CREATE INDEX ix_item_areas_item ON item_areas (item_id);

CREATE TABLE item_entities (
    kind      text COLLATE "C" NOT NULL,
    match_key text COLLATE "C" NOT NULL,
    item_id   text COLLATE "C" NOT NULL REFERENCES items (item_id),
    ordinal   integer NOT NULL,
    as_typed  text    NOT NULL,
    PRIMARY KEY (kind, match_key, item_id)
);
CREATE INDEX ix_item_entities_item ON item_entities (item_id);

CREATE TABLE routing_decisions (
    item_id             text COLLATE "C" NOT NULL REFERENCES items (item_id),
    recipient_agency_id text COLLATE "C" NOT NULL,
    permitted           boolean NOT NULL,
    view                text,
    protocol_id         text,
    protocol_version    text,
    rule_id             text,
    obligations         text    NOT NULL,
    reasons             text    NOT NULL,
    PRIMARY KEY (item_id, recipient_agency_id)
);

-- One row per agency: the last inbox position handed out, locked by a submission until it commits.
CREATE TABLE inbox_counters (
    agency_id     text COLLATE "C" NOT NULL PRIMARY KEY,
    last_position bigint NOT NULL
);

CREATE TABLE inbox_entries (
    agency_id        text COLLATE "C" NOT NULL,
    position         bigint      NOT NULL,
    item_id          text COLLATE "C" NOT NULL REFERENCES items (item_id),
    view             text        NOT NULL,
    protocol_id      text        NOT NULL,
    protocol_version text        NOT NULL,
    rule_id          text        NOT NULL,
    obligations      text        NOT NULL,
    queued_at        timestamptz NOT NULL,
    PRIMARY KEY (agency_id, position),
    UNIQUE (agency_id, item_id)
);
CREATE INDEX ix_inbox_entries_item ON inbox_entries (item_id);

CREATE TABLE inbox_acknowledgements (
    agency_id       text COLLATE "C" NOT NULL PRIMARY KEY,
    position        bigint      NOT NULL,
    acknowledged_at timestamptz NOT NULL
);

-- The single row that hands out audit sequence numbers (leaf indices), locked by a writer until it commits.
CREATE TABLE audit_counter (
    id            integer NOT NULL PRIMARY KEY CHECK (id = 1),
    next_sequence bigint  NOT NULL
);
INSERT INTO audit_counter (id, next_sequence) VALUES (1, 0);

CREATE TABLE audit_records (
    sequence bigint NOT NULL PRIMARY KEY,
    entry    bytea  NOT NULL
);

CREATE TABLE audit_checkpoints (
    tree_size   bigint      NOT NULL PRIMARY KEY,
    signed_note text        NOT NULL,
    recorded_at timestamptz NOT NULL
);

CREATE TABLE protocol_versions (
    protocol_id     text COLLATE "C" NOT NULL,
    version         text COLLATE "C" NOT NULL,
    document_text   text        NOT NULL,
    document_digest text        NOT NULL,
    status          text        NOT NULL,
    proposed_by     text        NOT NULL,
    approved_by     text        NOT NULL,
    effective_at    timestamptz,
    recorded_at     timestamptz NOT NULL,
    PRIMARY KEY (protocol_id, version)
);

-- Written first in a submission (the item follows later in the same transaction, hence the deferred key).
CREATE TABLE idempotency_keys (
    originator_agency_id text COLLATE "C" NOT NULL,
    idempotency_key      text COLLATE "C" NOT NULL,
    item_id              text COLLATE "C" NOT NULL REFERENCES items (item_id) DEFERRABLE INITIALLY DEFERRED,
    content_digest       text        NOT NULL,
    first_audit_sequence bigint      NOT NULL,
    audit_count          bigint      NOT NULL,
    recorded_at          timestamptz NOT NULL,
    PRIMARY KEY (originator_agency_id, idempotency_key)
);
