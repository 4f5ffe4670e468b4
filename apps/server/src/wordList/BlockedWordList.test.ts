import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/createLogger.js';
import { waitUntil } from '../test/waitUntil.js';
import { BlockedWordList, WordListError } from './BlockedWordList.js';

const logger = createLogger('silent');
let dir = '';
let list: BlockedWordList | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-words-'));
});
afterEach(async () => {
  list?.close();
  list = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('BlockedWordList', () => {
  it('refuses at startup a file that is missing or bad, naming the file and the problem', async () => {
    await expect(BlockedWordList.open(join(dir, 'missing.txt'), logger)).rejects.toBeInstanceOf(WordListError);
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, 'cat\n***\n');
    await expect(BlockedWordList.open(bad, logger)).rejects.toThrow(/bad\.txt: line 2 has no letter or digit/);
  });

  it('reloads when the file is rewritten in place, and tells its listeners', async () => {
    const path = join(dir, 'words.txt');
    await writeFile(path, 'cat\n');
    list = await BlockedWordList.open(path, logger, 100);
    let changes = 0;
    list.onChange(() => changes++);
    expect(list.blocks('a cat')).toBe(true);
    await writeFile(path, 'dog\n');
    await waitUntil(() => list!.blocks('a dog'), 'the list to pick up the rewrite', 10_000);
    expect(list.blocks('a cat')).toBe(false);
    expect(changes).toBeGreaterThanOrEqual(1);
  });

  it('reloads when an editor saves by renaming a new file over the old one', async () => {
    const path = join(dir, 'words.txt');
    await writeFile(path, 'cat\n');
    list = await BlockedWordList.open(path, logger, 100);
    await writeFile(join(dir, 'words.txt.tmp'), 'owl\n');
    await rename(join(dir, 'words.txt.tmp'), path);
    await waitUntil(() => list!.blocks('an owl'), 'the list to pick up the renamed file', 10_000);
  });

  it('keeps the previous list when the file turns bad or disappears', async () => {
    const path = join(dir, 'words.txt');
    await writeFile(path, 'cat\n');
    list = await BlockedWordList.open(path, logger, 100);
    await writeFile(path, new Uint8Array([0xff, 0xfe, 0x00]));
    await list.reload();
    expect(list.blocks('a cat')).toBe(true);
    await unlink(path);
    await list.reload();
    expect(list.blocks('a cat')).toBe(true);
    await writeFile(path, 'dog\n');
    await waitUntil(() => list!.blocks('dog'), 'the list to come back with the file', 10_000);
  });
});
