-- IntelHub store, PostgreSQL schema version 4: the nationalities of the potential victims and suspects an item names.

-- One row per (person, role, nationality) of an item, written with the item from its validated subject, so that a
-- problem profile counts people by nationality without reading subjects. person_key is the person's normalised match
-- key (the key person links are made of), never the name as typed. Only potential victims and suspects with a stated
-- nationality are kept. Personal data: disposal deletes an item's rows. Items stored before this version have none
-- (their subjects are not re-read).
CREATE TABLE item_people (
    item_id     text COLLATE "C" NOT NULL REFERENCES items (item_id),
    role        text COLLATE "C" NOT NULL,
    nationality text COLLATE "C" NOT NULL,
    person_key  text COLLATE "C" NOT NULL,
    PRIMARY KEY (item_id, role, nationality, person_key)
);
