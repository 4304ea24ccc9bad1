import type { Queryable } from '../db/database.js';
import type { PreparedEntry } from './prepare.js';

/*
 * search_entries and search_bodies, the same on both databases. An entry's id is chosen in
 * publication order — published milliseconds × 1024 + a free slot — so that "newest first" is
 * simply "highest id first" in the token index too (FTS5 rowid order, a btree walk on
 * PostgreSQL). A new publication date therefore means a new id: the entry is re-inserted.
 */

const SLOTS = 1024;
const CHUNK = 100;

/** How a dialect stores the tokens of entries, keyed by entry id. */
export interface TokenWriter {
  insert(db: Queryable, rows: { id: number; entry: PreparedEntry }[]): Promise<void>;
  remove(db: Queryable, ids: number[]): Promise<void>;
}

function slotOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
  return h % SLOTS;
}

export function baseId(entry: PreparedEntry): number {
  const ms = Date.parse(entry.row.published_at);
  return (Number.isFinite(ms) && ms > 0 ? ms : 0) * SLOTS + slotOf(entry.key);
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Free ids for new entries: the preferred one, else the next ones up. */
async function allocate(db: Queryable, entries: PreparedEntry[]): Promise<number[]> {
  const ids = entries.map(baseId);
  for (;;) {
    const taken = new Set<number>();
    for (const part of chunks(ids, 500)) {
      for (const r of await db.selectFrom('search_entries').select('id').where('id', 'in', part).execute()) taken.add(Number(r.id));
    }
    const seen = new Set<number>();
    let moved = false;
    for (let i = 0; i < ids.length; i++) {
      if (taken.has(ids[i]!) || seen.has(ids[i]!)) {
        ids[i]! += 1;
        moved = true;
      }
      seen.add(ids[i]!);
    }
    if (!moved) return ids;
  }
}

/** Inserts or replaces entries (distinct keys) inside the caller's transaction. */
export async function saveEntries(db: Queryable, entries: PreparedEntry[], tokens: TokenWriter): Promise<void> {
  const existing = new Map<string, { id: number; published_at: string }>();
  for (const part of chunks(entries.map((e) => e.key), 500)) {
    const rows = await db.selectFrom('search_entries').select(['id', 'key', 'published_at']).where('key', 'in', part).execute();
    for (const r of rows) existing.set(r.key, { id: Number(r.id), published_at: r.published_at });
  }
  const updates: { id: number; entry: PreparedEntry }[] = [];
  const stale: number[] = [];
  const fresh: PreparedEntry[] = [];
  for (const entry of entries) {
    const old = existing.get(entry.key);
    if (old && old.published_at === entry.row.published_at) updates.push({ id: old.id, entry });
    else {
      if (old) stale.push(old.id);
      fresh.push(entry);
    }
  }
  await removeIds(db, stale, tokens);
  if (updates.length > 0) await tokens.remove(db, updates.map((u) => u.id));
  for (const { id, entry } of updates) {
    await db.updateTable('search_entries').set(entry.row).where('id', '=', id).execute();
    await db.updateTable('search_bodies').set({ body: entry.body }).where('id', '=', id).execute();
  }
  const ids = await allocate(db, fresh);
  const inserts = fresh.map((entry, i) => ({ id: ids[i]!, entry }));
  for (const part of chunks(inserts)) {
    await db
      .insertInto('search_entries')
      .values(part.map(({ id, entry }) => ({ ...entry.row, id })))
      .execute();
    await db
      .insertInto('search_bodies')
      .values(part.map(({ id, entry }) => ({ id, body: entry.body })))
      .execute();
  }
  for (const part of chunks([...updates, ...inserts])) await tokens.insert(db, part);
}

async function removeIds(db: Queryable, ids: number[], tokens: TokenWriter): Promise<void> {
  if (ids.length === 0) return;
  await tokens.remove(db, ids);
  await db.deleteFrom('search_bodies').where('id', 'in', ids).execute();
  await db.deleteFrom('search_entries').where('id', 'in', ids).execute();
}

export async function removeEntry(db: Queryable, key: string, tokens: TokenWriter): Promise<void> {
  const rows = await db.selectFrom('search_entries').select('id').where('key', '=', key).execute();
  await removeIds(
    db,
    rows.map((r) => Number(r.id)),
    tokens,
  );
}
