-- Adds 1,000,000 synthetic items to an IntelHub SQLite store (bench/README.md, "Problem profiles"): four forces'
-- intelligence and a council's information over 2025, one theme, one council area, one phone number and one potential
-- victim with a nationality each; the phone numbers come from a pool of 249,997, so each recurs in four agencies' items
-- (links). Made-up values only. Each item carries its profile summary (schema version 9), the side tables' values joined
-- as the hub writes them: one value per list here, so no separator.
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999999) SELECT i FROM c;
INSERT INTO items (item_id, kind, originator_agency_id, submitted_by, classification, grading, legacy_grading, handling_conditions,
                   originator_reference, personal_data_categories, occurred_from, occurred_to, review_date, created_at,
                   title, full_text, sanitised_text, subject_document, content_digest, disposed_at,
                   profile_themes, profile_areas, profile_entities, profile_people)
SELECT printf('bench-%07d', i),
       CASE WHEN i % 5 = 4 THEN 'information' ELSE 'intelligence' END,
       CASE i % 5 WHEN 0 THEN 'south-wales-police' WHEN 1 THEN 'gwent-police' WHEN 2 THEN 'north-wales-police' WHEN 3 THEN 'dyfed-powys-police' ELSE 'cardiff-council' END,
       'bench', 'OFFICIAL-SENSITIVE',
       CASE WHEN i % 5 = 4 THEN NULL ELSE CASE i % 3 WHEN 0 THEN '1AP' WHEN 1 THEN '2CP' ELSE '1BP' END END,
       NULL, '[]', NULL, '["contact-details"]',
       1735689600000000 + (i % 365) * 86400000000, 1735689600000000 + (i % 365) * 86400000000,
       '2035-01-01', 1735689600000000 + i, 'bench item', 'bench item', NULL, NULL, 'bench', NULL,
       CASE i % 4 WHEN 0 THEN 'labour/adult' WHEN 1 THEN 'sexual/adult' WHEN 2 THEN 'criminal/minor' ELSE 'domestic-servitude/adult' END,
       CASE i % 5 WHEN 0 THEN 'W06000015' WHEN 1 THEN 'W06000022' WHEN 2 THEN 'W06000006' WHEN 3 THEN 'W06000023' ELSE 'W06000015' END,
       'phone-number|' || printf('+447700%06d', i % 249997),
       'potential-victim|' || CASE (i % 100000) % 5 WHEN 0 THEN 'VN' WHEN 1 THEN 'AL' WHEN 2 THEN 'RO' WHEN 3 THEN 'GB' ELSE 'ER' END
           || '|' || printf('bench person %06d', i % 100000)
FROM n;
-- Their words in both text indexes, as the hub's writer adds them with the items (schema version 11 for SQLite).
INSERT INTO items_text (rowid, title, full_text, sanitised_text) SELECT rowid, title, full_text, sanitised_text FROM items WHERE item_id LIKE 'bench-%';
INSERT INTO items_sanitised_text (rowid, sanitised_text) SELECT rowid, sanitised_text FROM items WHERE item_id LIKE 'bench-%';
INSERT INTO item_themes (theme, exploitation_type, item_id, ordinal)
SELECT CASE i % 4 WHEN 0 THEN 'labour/adult' WHEN 1 THEN 'sexual/adult' WHEN 2 THEN 'criminal/minor' ELSE 'domestic-servitude/adult' END,
       CASE i % 4 WHEN 0 THEN 'labour' WHEN 1 THEN 'sexual' WHEN 2 THEN 'criminal' ELSE 'domestic-servitude' END,
       printf('bench-%07d', i), 0 FROM n;
INSERT INTO item_areas (area, item_id, ordinal)
SELECT CASE i % 5 WHEN 0 THEN 'W06000015' WHEN 1 THEN 'W06000022' WHEN 2 THEN 'W06000006' WHEN 3 THEN 'W06000023' ELSE 'W06000015' END,
       printf('bench-%07d', i), 0 FROM n;
INSERT INTO item_entities (kind, match_key, item_id, ordinal, as_typed)
SELECT 'phone-number', printf('+447700%06d', i % 249997), printf('bench-%07d', i), 0, 'bench' FROM n;
-- One potential victim per item, from a pool of 100,000 made-up keys, with one of five nationalities (schema version 4).
INSERT INTO item_people (item_id, role, nationality, person_key)
SELECT printf('bench-%07d', i), 'potential-victim', CASE (i % 100000) % 5 WHEN 0 THEN 'VN' WHEN 1 THEN 'AL' WHEN 2 THEN 'RO' WHEN 3 THEN 'GB' ELSE 'ER' END,
       printf('bench person %06d', i % 100000) FROM n;
-- Each originator's entitlement to its own item, as the hub's writer adds it with the item (schema version 10 for SQLite).
INSERT INTO item_entitlements (agency_id, created_at, item_id)
SELECT originator_agency_id, created_at, item_id FROM items WHERE item_id LIKE 'bench-%';
-- Written past the hub, as a bulk load is: the hub's next start must decide every item again (schema version 8).
DELETE FROM entitlement_coverage;
COMMIT;
