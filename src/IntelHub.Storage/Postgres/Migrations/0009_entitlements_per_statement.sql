-- IntelHub store, PostgreSQL schema version 9: the entitlement index kept by statement-level triggers.

-- Version 3's triggers called a plpgsql function for every inserted row, and the routing one looked its item up
-- again for every permitted routing row: a group-commit batch of 40 submissions routed to 8 agencies each paid some
-- 360 function calls, lookups and single-row inserts, the dearest part of its COPY statements. These triggers add the
-- same rows once per statement, from the statement's transition table (COPY and INSERT fire them alike), still in
-- the writing transaction. Rows are never removed, as before.
DROP TRIGGER item_entitlements_originator ON items;
DROP TRIGGER item_entitlements_routed ON routing_decisions;
DROP FUNCTION item_entitlements_originator();
DROP FUNCTION item_entitlements_routed();

CREATE FUNCTION item_entitlements_of_originators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_entitlements (agency_id, created_at, item_id)
    SELECT n.originator_agency_id, n.created_at, n.item_id FROM new_items n
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER item_entitlements_of_originators AFTER INSERT ON items
REFERENCING NEW TABLE AS new_items
FOR EACH STATEMENT EXECUTE FUNCTION item_entitlements_of_originators();

CREATE FUNCTION item_entitlements_of_recipients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_entitlements (agency_id, created_at, item_id)
    SELECT n.recipient_agency_id, i.created_at, i.item_id FROM new_routing n JOIN items i ON i.item_id = n.item_id
    WHERE n.permitted
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER item_entitlements_of_recipients AFTER INSERT ON routing_decisions
REFERENCING NEW TABLE AS new_routing
FOR EACH STATEMENT EXECUTE FUNCTION item_entitlements_of_recipients();
