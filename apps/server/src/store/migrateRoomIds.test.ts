import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomStore } from './RoomStore.js';
import { roomSeqKey, roomUpdateKey } from './storeKeys.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-migrate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The updates of a document whose prompt is typed in two edits. */
function promptUpdates(first: string, second: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.getText('prompt').insert(0, first);
  doc.getText('prompt').insert(first.length, second);
  return updates;
}

/** Writes rooms the way an older server did, straight into the database (no migration marker). */
async function writeLegacyStore(rooms: Record<string, Uint8Array[]>): Promise<void> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  for (const [id, updates] of Object.entries(rooms)) {
    await db.batch(updates.map((value, i) => ({ type: 'put' as const, key: roomUpdateKey(id, i), value })));
    await db.put(roomSeqKey(id), new TextEncoder().encode('7'));
  }
  await db.close();
}

function promptOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('prompt').toString();
}

describe('moving rooms stored under non-canonical ids', () => {
  it('moves a legacy spelling to its canonical id with every update, in order, and its seq', async () => {
    await writeLegacyStore({ Violet_Otter_42: promptUpdates('an otter', ' at dusk'), 'teal-owl-17': promptUpdates('an owl', '') });
    const store = await RoomStore.open(dir);
    expect(store.roomIdMigration).toEqual({ moved: [{ from: 'Violet_Otter_42', to: 'violet-otter-42' }], kept: [] });
    const moved = await store.loadRoom('violet-otter-42');
    expect(promptOf(moved.updates)).toBe('an otter at dusk');
    expect(moved.seq).toBe(7);
    expect(promptOf((await store.loadRoom('teal-owl-17')).updates)).toBe('an owl');
    expect((await store.loadRoom('Violet_Otter_42')).updates).toEqual([]);
    await store.close();
  });

  it('never merges two documents: a spelling whose canonical room exists stays where it is, reported', async () => {
    await writeLegacyStore({ 'violet-otter-42': promptUpdates('canonical', ''), 'Violet-Otter-42': promptUpdates('legacy', ''), '-': promptUpdates('dash', '') });
    const store = await RoomStore.open(dir);
    expect(store.roomIdMigration.moved).toEqual([]);
    expect(store.roomIdMigration.kept.map((k) => k.id).sort()).toEqual(['-', 'Violet-Otter-42']);
    expect(promptOf((await store.loadRoom('violet-otter-42')).updates)).toBe('canonical');
    await store.close();
  });

  it('runs once: a later start does not scan or move again', async () => {
    await writeLegacyStore({ Kite: promptUpdates('a kite', '') });
    await (await RoomStore.open(dir)).close();
    await writeLegacyStore({ Late_Room: promptUpdates('late', '') });
    const store = await RoomStore.open(dir);
    expect(store.roomIdMigration).toEqual({ moved: [], kept: [] });
    expect(promptOf((await store.loadRoom('kite')).updates)).toBe('a kite');
    await store.close();
  });
});
