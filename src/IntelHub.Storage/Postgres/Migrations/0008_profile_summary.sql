-- IntelHub store, PostgreSQL schema version 8: each item's profile summary, so that a problem profile reads one row per item.

-- The themes, areas, entity keys and people of an item as the profile reads them, each list joined with the unit
-- separator (chr(31), in no theme, area code or key): themes, areas and entities as "kind|match_key" in the side
-- tables' ordinal order, people as "role|nationality|person_key" in that sort order; NULL for an empty list. Written
-- with the item in its submitting transaction from the same values as item_themes, item_areas, item_entities and
-- item_people (which stay: searches use them). Disposal clears the entities and people (personal data), as it deletes
-- their rows. Items stored before this version are summarised here from the side tables.
ALTER TABLE items ADD COLUMN profile_themes text COLLATE "C";
ALTER TABLE items ADD COLUMN profile_areas text COLLATE "C";
ALTER TABLE items ADD COLUMN profile_entities text COLLATE "C";
ALTER TABLE items ADD COLUMN profile_people text COLLATE "C";

UPDATE items SET
    profile_themes = (SELECT string_agg(t.theme, chr(31) ORDER BY t.ordinal) FROM item_themes t WHERE t.item_id = items.item_id),
    profile_areas = (SELECT string_agg(a.area, chr(31) ORDER BY a.ordinal) FROM item_areas a WHERE a.item_id = items.item_id),
    profile_entities = (SELECT string_agg(e.kind || '|' || e.match_key, chr(31) ORDER BY e.ordinal)
                        FROM item_entities e WHERE e.item_id = items.item_id),
    profile_people = (SELECT string_agg(p.role || '|' || p.nationality || '|' || p.person_key, chr(31) ORDER BY p.role, p.nationality, p.person_key)
                      FROM item_people p WHERE p.item_id = items.item_id);
