import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrameMessage, type FrameMetadata } from '@promptjam/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomStore, RoomStoreError } from './RoomStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rebuild(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

const metadata: FrameMetadata = {
  seq: 3, prompt: 'a red kite', params: { seed: 1, steps: 1, width: 64, height: 64, strength: 0.5 }, mime: 'image/jpeg',
  width: 64, height: 64, model: 'test', demo: true, genMs: 4, startedAt: 1_700_000_000_000, quality: 'refined',
};

describe('RoomStore', () => {
  it('keeps updates and the last frame across a reopen, per room', async () => {
    const store = await RoomStore.open(dir);
    expect(await store.loadRoom('kite')).toEqual({ updates: [], frame: null, seq: 0 });
    await store.loadRoom('other');
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => void store.appendUpdate('kite', update));
    doc.getText('prompt').insert(0, 'a red kite');
    doc.getMap('params').set('seed', 9);
    await store.appendUpdate('other', Y.encodeStateAsUpdate(new Y.Doc()));
    const message = encodeFrameMessage(metadata, new Uint8Array([1, 2, 3]));
    await store.saveFrame('kite', { metadata, message });
    await store.close();

    const reopened = await RoomStore.open(dir);
    const kite = await reopened.loadRoom('kite');
    expect(kite.updates).toHaveLength(2);
    const restored = rebuild(kite.updates);
    expect(restored.getText('prompt').toString()).toBe('a red kite');
    expect(restored.getMap('params').get('seed')).toBe(9);
    expect(kite.frame?.metadata).toEqual(metadata);
    expect(new Uint8Array(kite.frame?.message ?? [])).toEqual(message);
    expect((await reopened.loadRoom('other')).frame).toBeNull();
    await reopened.close();
  });

  it('compacts a room into one update and keeps appending after it', async () => {
    const store = await RoomStore.open(dir);
    await store.loadRoom('r');
    const doc = new Y.Doc();
    const writes: Promise<void>[] = [];
    doc.on('update', (update: Uint8Array) => writes.push(store.appendUpdate('r', update)));
    for (let i = 0; i < 20; i++) doc.getText('prompt').insert(i, 'x');
    const compacted = store.compact('r', Y.encodeStateAsUpdate(doc));
    doc.getText('prompt').insert(0, '!');
    await Promise.all([...writes, compacted]);
    const { updates } = await store.loadRoom('r');
    expect(updates).toHaveLength(2);
    expect(rebuild(updates).getText('prompt').toString()).toBe(`!${'x'.repeat(20)}`);
    await store.close();
  });

  it('refuses writes to a room it has not loaded, and a second process on the same directory', async () => {
    const store = await RoomStore.open(dir);
    await expect(store.appendUpdate('never-loaded', new Uint8Array([0, 0]))).rejects.toBeInstanceOf(RoomStoreError);
    await expect(RoomStore.open(dir)).rejects.toThrow(/cannot open the room store/);
    await store.close();
  });

  it('reports an unreadable stored frame instead of dropping it', async () => {
    const store = await RoomStore.open(dir);
    await store.loadRoom('bad');
    await store.saveFrame('bad', { metadata, message: new Uint8Array([100, 5, 1]) });
    await expect(store.loadRoom('bad')).rejects.toThrow(/stored frame of room bad is unreadable/);
    await store.close();
  });
});
