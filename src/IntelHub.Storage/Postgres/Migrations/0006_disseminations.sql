-- IntelHub store, PostgreSQL schema version 6: refer-to-originator requests and the originators' decisions.

-- One row per request. The requester's agency may ask again for the same item (a new request); a retry of one request
-- carries the same idempotency key and finds this row. A decision is written into the row once (status moves from
-- pending to granted or refused and never back), and the requester is told through its inbox: delivery_position is
-- the position the decision took in the requester agency's inbox sequence (inbox_counters), read alongside
-- inbox_entries. conditions is a JSON list of handling-condition names as items store them. audit_sequence is the
-- leaf of the latest event (the request, then the decision).
CREATE TABLE disseminations (
    dissemination_id     text COLLATE "C" NOT NULL PRIMARY KEY,
    item_id              text COLLATE "C" NOT NULL REFERENCES items (item_id),
    originator_agency_id text COLLATE "C" NOT NULL,
    requester_agency_id  text COLLATE "C" NOT NULL,
    requested_by         text COLLATE "C" NOT NULL,
    requester_role       text COLLATE "C" NOT NULL,
    idempotency_key      text COLLATE "C" NOT NULL,
    request_digest       text COLLATE "C" NOT NULL,
    purpose_id           text COLLATE "C" NOT NULL,
    case_reference       text COLLATE "C" NOT NULL,
    justification        text COLLATE "C" NOT NULL,
    requested_view       text COLLATE "C" NOT NULL,
    requested_at         timestamptz NOT NULL,
    status               text COLLATE "C" NOT NULL,
    decided_by           text,
    decided_at           timestamptz,
    granted_view         text,
    conditions           text COLLATE "C" NOT NULL,
    expires_at           timestamptz,
    refusal_reason       text,
    delivery_position    bigint,
    audit_sequence       bigint  NOT NULL,
    UNIQUE (requester_agency_id, idempotency_key)
);
CREATE INDEX ix_disseminations_requester ON disseminations (requester_agency_id, requested_at, dissemination_id);
CREATE INDEX ix_disseminations_originator ON disseminations (originator_agency_id, requested_at, dissemination_id);
CREATE INDEX ix_disseminations_grants ON disseminations (item_id, requester_agency_id) WHERE status = 'granted';
CREATE UNIQUE INDEX ix_disseminations_delivery ON disseminations (requester_agency_id, delivery_position) WHERE delivery_position IS NOT NULL;
