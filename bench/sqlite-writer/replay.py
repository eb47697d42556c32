#!/usr/bin/env python3
"""What SQLite itself spends per submission on the hub's rows, without the hub.

Copies the schema of a hub's SQLite store (one made by intelhub-dataset or the load generator) into a fresh database
and writes the stored items' rows again, table by table, as the hub's submission writer does: in write transactions
of BATCH submissions (the group commit), WAL with synchronous=FULL, foreign keys on, one thread. Reports microseconds
per submission for each table's inserts (triggers and index upkeep included), for the text indexes where the writer
fills them (schema version 11 on) and for the commit. Optional variants
drop parts of the schema to show their share (--without-text-indexes).

    python3 bench/sqlite-writer/replay.py DATA/intelhub.db [--items 12000] [--batch 60] [--without-text-indexes]
"""
import argparse, collections, os, sqlite3, tempfile, time

# The tables a submission writes, in the writer's order (IntelHub.Storage SubmissionTable.InWriteOrder).
WRITE_ORDER = ['items', 'idempotency_keys', 'item_entities', 'item_themes', 'item_areas', 'item_people',
               'routing_decisions', 'item_entitlements', 'inbox_entries', 'audit_records']

def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument('store', help="a hub's intelhub.db (read only)")
    options.add_argument('--items', type=int, default=12000)
    options.add_argument('--batch', type=int, default=60, help='submissions per transaction')
    options.add_argument('--without-text-indexes', action='store_true', help='leave out the FTS5 tables and their triggers')
    args = options.parse_args()

    source = sqlite3.connect(f'file:{args.store}?mode=ro', uri=True)
    # The FTS5 shadow tables are made by their virtual table's CREATE, so they are not copied themselves.
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND sql NOT LIKE 'CREATE TABLE ''%' ORDER BY rowid")]
    if args.without_text_indexes:
        schema = [sql for sql in schema if 'items_text' not in sql and 'items_sanitised_text' not in sql]
    tables = [t for t in WRITE_ORDER if source.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone()]
    # Before schema version 10 triggers filled the entitlement index; then its rows are not written again.
    if any('TRIGGER item_entitlements' in sql for sql in schema): tables.remove('item_entitlements')
    items = [item for (item,) in source.execute(f"SELECT item_id FROM items ORDER BY rowid LIMIT {args.items}")]
    wanted = set(items)
    rows, columns = collections.defaultdict(lambda: collections.defaultdict(list)), {}
    for table in tables:
        columns[table] = [c[1] for c in source.execute(f"PRAGMA table_info({table})")]
        if table == 'audit_records': continue
        key = columns[table].index('item_id')
        for row in source.execute(f"SELECT {', '.join(columns[table])} FROM {table}"):
            if row[key] in wanted: rows[row[key]][table].append(row)
    # From schema version 11 the writer indexes a write's items itself, one statement per text index after the items.
    text_indexes = [] if args.without_text_indexes or any('TRIGGER items_text_insert' in sql for sql in schema) else [
        "INSERT INTO items_text (rowid, title, full_text, sanitised_text) SELECT rowid, title, full_text, sanitised_text FROM items WHERE rowid > ?",
        "INSERT INTO items_sanitised_text (rowid, sanitised_text) SELECT rowid, sanitised_text FROM items WHERE rowid > ?"]
    audit = source.execute(f"SELECT {', '.join(columns['audit_records'])} FROM audit_records ORDER BY sequence").fetchall()
    audit_per_item = len(audit) / max(1, source.execute("SELECT COUNT(*) FROM items").fetchone()[0])

    with tempfile.TemporaryDirectory(prefix='intelhub-replay-') as directory:
        target = sqlite3.connect(os.path.join(directory, 'replay.db'), isolation_level=None)
        for pragma in ('journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON'):
            target.execute(f'PRAGMA {pragma}')
        for sql in schema: target.execute(sql)
        spent, commit, next_audit = collections.Counter(), 0.0, 0
        started = time.perf_counter()
        for first in range(0, len(items), args.batch):
            batch = items[first:first + args.batch]
            target.execute('BEGIN IMMEDIATE')
            for table in tables:
                if table == 'audit_records':
                    count = round(audit_per_item * len(batch))
                    chunk, next_audit = audit[next_audit:next_audit + count], next_audit + count
                else:
                    chunk = [row for item in batch for row in rows[item][table]]
                insert = f"INSERT INTO {table} ({', '.join(columns[table])}) VALUES ({', '.join('?' * len(columns[table]))})"
                if table == 'items': before = target.execute("SELECT coalesce(max(rowid), 0) FROM items").fetchone()[0]
                at = time.perf_counter(); target.executemany(insert, chunk); spent[table] += time.perf_counter() - at
                if table == 'items' and text_indexes:
                    at = time.perf_counter()
                    for index in text_indexes: target.execute(index, (before,))
                    spent['text indexes'] += time.perf_counter() - at
            at = time.perf_counter(); target.execute('COMMIT'); commit += time.perf_counter() - at
        total = time.perf_counter() - started
        # How many segments the writes left in each text index (FTS5's automatic merges included).
        segments = {index: target.execute(f"SELECT COUNT(DISTINCT segid) FROM {index}_idx").fetchone()[0]
                    for index in ('items_text', 'items_sanitised_text') if not args.without_text_indexes}
        target.close()

    per = lambda seconds: seconds / len(items) * 1e6
    print(f"{len(items)} submissions in transactions of {args.batch}, SQLite {sqlite3.sqlite_version}"
          f"{', without text indexes' if args.without_text_indexes else ''}: {per(total):.0f} us a submission "
          f"({len(items) / total:,.0f} a second on one thread)")
    for table in tables + (['text indexes'] if text_indexes else []): print(f"  {table:20s} {per(spent[table]):6.0f} us")
    print(f"  {'commit':20s} {per(commit):6.0f} us")
    if segments: print('text index segments at the end: ' + ', '.join(f'{index} {count}' for index, count in segments.items()))

if __name__ == '__main__':
    main()
