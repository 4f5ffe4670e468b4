/**
 * The word list through a real server with the real demo engine: a prompt containing a blocked word is not
 * rendered (the room keeps its last frame and is told, without the word), and it renders once the prompt or the
 * operator's file no longer blocks it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';
import { WORD_LIST_HOLD_MESSAGE } from './wordListHold.js';

const listDir = mkdtempSync(join(tmpdir(), 'promptjam-words-'));
const listPath = join(listDir, 'blocked.txt');
writeFileSync(listPath, '# test list\nvolcano\nhot dog\n');
afterAll(() => rmSync(listDir, { recursive: true, force: true }));

const ctx = useDemoServer({ blockedWords: listPath });

describe('blocked words', () => {
  it('holds a blocked prompt with a status that does not name the word, keeps the last frame, and resumes', async () => {
    const client = ctx.join('words');
    await client.synced();
    client.setParams({ width: 64, height: 64 });
    client.setPrompt('a quiet lake');
    await client.frameOf('a quiet lake');
    const framesBefore = client.frames.length;

    client.setPrompt('a quiet lake under a VOLCÁNO');
    await waitUntil(() => client.statuses.at(-1)?.state === 'held', 'a held status');
    const held = client.statuses.at(-1)!;
    expect(held.message).toBe(WORD_LIST_HOLD_MESSAGE);
    expect(held.message).not.toMatch(/volc/i);
    // Give a render (were one started) the time to arrive: none may.
    await sleep(500);
    expect(client.frames).toHaveLength(framesBefore);
    expect(ctx.server.rooms.get('words')?.lastFrameMetadata?.prompt).toBe('a quiet lake');

    client.setPrompt('a quiet lake under a mountain');
    await client.frameOf('a quiet lake under a mountain');
  });

  it('a prompt held by the list renders once the operator removes the word from the file', async () => {
    const client = ctx.join('reload');
    await client.synced();
    client.setParams({ width: 64, height: 64 });
    client.setPrompt('a hot-dog stand');
    await waitUntil(() => client.statuses.at(-1)?.state === 'held', 'a held status');
    writeFileSync(listPath, 'volcano\n');
    await client.frameOf('a hot-dog stand');
    expect(client.statuses.at(-1)?.state).not.toBe('held');
  });
});
