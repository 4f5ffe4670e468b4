import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileError } from './DataFileError.js';
import { ACCESS_FILE_NAME, FileRoomAccessStore } from './FileRoomAccessStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-access-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileRoomAccessStore', () => {
  it('starts empty and keeps private rooms across reopening', async () => {
    const store = await FileRoomAccessStore.open(dir);
    expect(await store.get('jam')).toBeUndefined();
    await store.set('jam', { private: true, since: 100 });
    await store.set('reset', { private: true, since: 90, hostLinksSince: 90 });
    await store.set('other', { private: true, since: 5 });
    await store.set('other', undefined);
    const reopened = await FileRoomAccessStore.open(dir);
    expect(await reopened.get('jam')).toEqual({ private: true, since: 100 });
    expect(await reopened.get('reset')).toEqual({ private: true, since: 90, hostLinksSince: 90 });
    expect(await reopened.get('other')).toBeUndefined();
  });

  it('keeps call order under concurrent writes', async () => {
    const store = await FileRoomAccessStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`r${i}`, { private: true, since: i })));
    const reopened = await FileRoomAccessStore.open(dir);
    for (let i = 0; i < 20; i++) expect(await reopened.get(`r${i}`)).toEqual({ private: true, since: i });
  });

  it('keeps a room written under an older, non-canonical spelling private under its canonical id', async () => {
    await writeFile(join(dir, ACCESS_FILE_NAME), JSON.stringify({ version: 1, rooms: { Violet_Otter_42: { private: true, since: 50 }, 'violet-otter-42': { private: true, since: 70 } } }));
    const store = await FileRoomAccessStore.open(dir);
    expect(await store.get('violet-otter-42')).toEqual({ private: true, since: 50 });
  });

  it('reports a corrupt file instead of opening every room', async () => {
    for (const text of ['{not json', '[]', '{"version":1,"rooms":{"../x":{"since":1}}}', '{"version":1,"rooms":{"ok":{"since":"x"}}}', '{"version":1,"rooms":{"ok":{"since":1,"hostLinksSince":"x"}}}']) {
      await writeFile(join(dir, ACCESS_FILE_NAME), text);
      await expect(FileRoomAccessStore.open(dir)).rejects.toThrow(DataFileError);
      expect(await readFile(join(dir, ACCESS_FILE_NAME), 'utf8')).toBe(text);
    }
  });
});
