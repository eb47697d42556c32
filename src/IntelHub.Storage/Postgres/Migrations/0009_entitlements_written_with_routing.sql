-- IntelHub store, PostgreSQL schema version 9: the entitlement index is written with the routing, not by triggers.

-- The writer adds an item's entitlements itself, in the same transaction as the item and its routing decisions (the
-- originator's with the item, each permitted recipient's with the routing: SubmissionRows in IntelHub.Storage), on
-- every path that stores an item (a submission, a batch of them, a bulk load by COPY). The routing trigger ran a
-- plpgsql function per permitted routing row that looked the item up again for its created_at, which the writer
-- already holds. What the index must hold is unchanged (migration 0003), and so are the rows already in it.
DROP TRIGGER item_entitlements_originator ON items;
DROP TRIGGER item_entitlements_routed ON routing_decisions;
DROP FUNCTION item_entitlements_originator();
DROP FUNCTION item_entitlements_routed();
