-- IntelHub store, SQLite schema version 9: each item's profile summary, so that a problem profile reads one row per item.

-- The themes, areas, entity keys and people of an item as the profile reads them, each list joined with the unit
-- separator (char 31, in no theme, area code or key): themes, areas and entities as "kind|match_key" in the side
-- tables' ordinal order, people as "role|nationality|person_key" in that sort order; NULL for an empty list. Written
-- with the item in its submitting transaction from the same values as item_themes, item_areas, item_entities and
-- item_people (which stay: searches use them). Disposal clears the entities and people (personal data), as it deletes
-- their rows. Items stored before this version are summarised here from the side tables.
ALTER TABLE items ADD COLUMN profile_themes TEXT;
ALTER TABLE items ADD COLUMN profile_areas TEXT;
ALTER TABLE items ADD COLUMN profile_entities TEXT;
ALTER TABLE items ADD COLUMN profile_people TEXT;

UPDATE items SET
    profile_themes = (SELECT group_concat(t.theme, char(31) ORDER BY t.ordinal) FROM item_themes t WHERE t.item_id = items.item_id),
    profile_areas = (SELECT group_concat(a.area, char(31) ORDER BY a.ordinal) FROM item_areas a WHERE a.item_id = items.item_id),
    profile_entities = (SELECT group_concat(e.kind || '|' || e.match_key, char(31) ORDER BY e.ordinal)
                        FROM item_entities e WHERE e.item_id = items.item_id),
    profile_people = (SELECT group_concat(p.role || '|' || p.nationality || '|' || p.person_key, char(31) ORDER BY p.role, p.nationality, p.person_key)
                      FROM item_people p WHERE p.item_id = items.item_id);
