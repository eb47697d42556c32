-- IntelHub store, PostgreSQL schema version 5: the life cycle of protocol versions changed through the hub.

-- A version is proposed (with its change note, proposing agency and user, and the proposal's idempotency key),
-- approved by each agency its document names as an approver, published by the owning agency to take effect at
-- effective_at, and later ended (superseded, rolled back or retired) at ended_at with ended_reason. Versions
-- stored before this schema were published from the policies directory: they keep their effective time and are
-- marked published by whoever recorded them.
ALTER TABLE protocol_versions ADD COLUMN change_note text NOT NULL DEFAULT '';
ALTER TABLE protocol_versions ADD COLUMN proposer_agency text NOT NULL DEFAULT '';
ALTER TABLE protocol_versions ADD COLUMN idempotency_key text NOT NULL DEFAULT '';
ALTER TABLE protocol_versions ADD COLUMN published_agency text NOT NULL DEFAULT '';
ALTER TABLE protocol_versions ADD COLUMN published_by text NOT NULL DEFAULT '';
ALTER TABLE protocol_versions ADD COLUMN published_at timestamptz;
ALTER TABLE protocol_versions ADD COLUMN ended_at timestamptz;
ALTER TABLE protocol_versions ADD COLUMN ended_reason text NOT NULL DEFAULT '';
UPDATE protocol_versions SET published_by = proposed_by, published_at = recorded_at WHERE status = 'published';

-- A retried proposal (same agency, same key) finds the version it stored.
CREATE UNIQUE INDEX protocol_versions_by_idempotency_key ON protocol_versions (proposer_agency, idempotency_key) WHERE idempotency_key <> '';

-- One row per approving agency: who signed the version off, when, with what comment, and the digest they read.
CREATE TABLE protocol_approvals (
    protocol_id     text COLLATE "C" NOT NULL,
    version         text COLLATE "C" NOT NULL,
    agency_id       text COLLATE "C" NOT NULL,
    user_id         text        NOT NULL,
    approved_at     timestamptz NOT NULL,
    comment         text        NOT NULL,
    document_digest text        NOT NULL,
    PRIMARY KEY (protocol_id, version, agency_id),
    FOREIGN KEY (protocol_id, version) REFERENCES protocol_versions (protocol_id, version)
);

-- One row: bumped by every protocol change, in the change's transaction. A change names the generation it was
-- decided on and fails when another committed first (two hub processes cannot both move a protocol on from the
-- same state); hub processes poll it to notice a change cheaply.
CREATE TABLE protocol_generation (
    id         integer NOT NULL PRIMARY KEY CHECK (id = 1),
    generation bigint  NOT NULL
);
INSERT INTO protocol_generation (id, generation) VALUES (1, (SELECT count(*) FROM protocol_versions));
