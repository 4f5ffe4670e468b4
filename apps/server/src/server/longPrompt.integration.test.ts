/**
 * One prompt length rule across web, server and engine: any prompt a room accepts renders. A prompt past what
 * CLIP reads (77 tokens with BOS/EOS) is truncated as the reference pipelines do, and the frame says so.
 */
import { MAX_PROMPT_CHARS } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';

const ctx = useDemoServer();

/** A real-looking prompt of exactly `length` characters. */
function promptOf(length: number): string {
  const words = 'a lighthouse on a cliff at sunset, oil painting, dramatic sky, crashing waves, ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length);
}

describe('long prompts', () => {
  it('a 2,518-character prompt renders a frame whose metadata says 75 of its tokens were read', async () => {
    const client = ctx.join('long-prompt');
    await client.synced();
    client.setParams({ width: 128, height: 128 });
    const prompt = promptOf(2_518);
    client.type(prompt);
    const frame = await client.frameOf(prompt);
    expect(frame.metadata.prompt).toHaveLength(2_518);
    expect(frame.metadata.promptTokens).toMatchObject({ used: 75, limit: 75, truncated: true });
    expect(frame.metadata.promptTokens!.total).toBeGreaterThan(75);
    expect([...frame.image.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(client.statuses.some((s) => s.state === 'error')).toBe(false);
  });

  it('the longest prompt a room accepts (the one rule) renders too; a short one is not truncated', async () => {
    const client = ctx.join('longest-prompt');
    await client.synced();
    client.setParams({ width: 128, height: 128 });
    expect(ctx.server.config.limits.maxPromptChars).toBe(MAX_PROMPT_CHARS);
    const longest = promptOf(MAX_PROMPT_CHARS);
    client.type(longest);
    expect((await client.frameOf(longest)).metadata.promptTokens).toMatchObject({ used: 75, truncated: true });
    const other = ctx.join('short-prompt');
    await other.synced();
    other.setParams({ width: 128, height: 128 });
    other.type('a red kite');
    const short = (await other.frameOf('a red kite')).metadata.promptTokens!;
    expect(short).toMatchObject({ limit: 75, truncated: false });
    expect(short.used).toBe(short.total);
  });
});
