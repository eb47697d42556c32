-- IntelHub store, PostgreSQL schema version 7: which protocol set the entitlement index was last completed for.

-- One row at most. A hub writes it when it has decided every stored item under a protocol set and added what the set
-- permits to item_entitlements; a hub starting under the same set (same protocol texts, same policy engine) on a day
-- when no protocol of the set has come into force since covered_on can serve indexed searches at once instead of
-- deciding every item again. A bulk load deletes it (it routes under protocols the hub may not hold), so the next
-- start decides every item again.
CREATE TABLE entitlement_coverage (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    protocol_set  TEXT    NOT NULL,
    covered_on    TEXT    NOT NULL
);
