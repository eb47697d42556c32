-- IntelHub store, SQLite schema version 6: refer-to-originator requests and the originators' decisions.

-- One row per request. The requester's agency may ask again for the same item (a new request); a retry of one request
-- carries the same idempotency key and finds this row. A decision is written into the row once (status moves from
-- pending to granted or refused and never back), and the requester is told through its inbox: delivery_position is
-- the position the decision took in the requester agency's inbox sequence (inbox_counters), read alongside
-- inbox_entries. conditions is a JSON list of handling-condition names as items store them. audit_sequence is the
-- leaf of the latest event (the request, then the decision).
CREATE TABLE disseminations (
    dissemination_id     TEXT    NOT NULL PRIMARY KEY,
    item_id              TEXT    NOT NULL REFERENCES items (item_id),
    originator_agency_id TEXT    NOT NULL,
    requester_agency_id  TEXT    NOT NULL,
    requested_by         TEXT    NOT NULL,
    requester_role       TEXT    NOT NULL,
    idempotency_key      TEXT    NOT NULL,
    request_digest       TEXT    NOT NULL,
    purpose_id           TEXT    NOT NULL,
    case_reference       TEXT    NOT NULL,
    justification        TEXT    NOT NULL,
    requested_view       TEXT    NOT NULL,
    requested_at         INTEGER NOT NULL,
    status               TEXT    NOT NULL,
    decided_by           TEXT,
    decided_at           INTEGER,
    granted_view         TEXT,
    conditions           TEXT    NOT NULL,
    expires_at           INTEGER,
    refusal_reason       TEXT,
    delivery_position    INTEGER,
    audit_sequence       INTEGER NOT NULL,
    UNIQUE (requester_agency_id, idempotency_key)
) STRICT;
CREATE INDEX ix_disseminations_requester ON disseminations (requester_agency_id, requested_at, dissemination_id);
CREATE INDEX ix_disseminations_originator ON disseminations (originator_agency_id, requested_at, dissemination_id);
CREATE INDEX ix_disseminations_grants ON disseminations (item_id, requester_agency_id) WHERE status = 'granted';
CREATE UNIQUE INDEX ix_disseminations_delivery ON disseminations (requester_agency_id, delivery_position) WHERE delivery_position IS NOT NULL;
