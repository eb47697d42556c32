-- IntelHub store, SQLite schema version 11: a write's items are put into both text indexes by the writer, with one
-- statement per index, not by a trigger per item.

-- FTS5 writes its pending words to disk as a new segment at every savepoint, and the insert triggers ran inside each
-- item's statement, so a batch of 60 submissions left 60 one-item segments for the automatic merges to combine, and
-- indexing took twice the time (bench/README.md, "The SQLite writer: where each submission's time goes"). The writer
-- (SqliteHubStore.InsertItemsAsync) now indexes the items it has just inserted in the same transaction, on every path
-- that stores an item (a submission, a batch of them, a bulk load), and checks that it indexed as many as it inserted.
-- Anything else that inserts items must index them too, before changing their texts: the update and delete triggers
-- (migrations 0003 and 0007) take the old words out of the index, so they must be there. What the indexes hold is
-- unchanged, and so are the rows already in them.
DROP TRIGGER items_text_insert;
DROP TRIGGER items_sanitised_text_insert;
