/**
 * An edit made offline meets the room's limits when its client reconnects (issue 11, case 1): real server,
 * stock y-websocket clients. The limits judge the state the edit would produce, and a refusal that resending
 * would repeat is one final close, never a reconnect loop.
 */
import { CloseCode, closeAdvice } from '@promptjam/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { LimitsHarness } from './test/LimitsHarness.js';
import type { ParamClient } from './test/securityServer.js';

const demo = useDemoEngine();
const harness = new LimitsHarness(() => demo.engine);

afterEach(() => harness.cleanup());

/** The web app's reconnect rule (protocol's CLOSE_ADVICE): y-websocket retries only transient closes. */
const followAdvice = (event: { code: number }): boolean => closeAdvice(event.code).retry.kind === 'backoff';

function replaceAll(client: ParamClient, text: string): void {
  const prompt = client.doc.getText('prompt');
  client.doc.transact(() => {
    prompt.delete(0, prompt.length);
    prompt.insert(0, text);
  });
}

describe('an offline edit reconnecting into a full prompt', () => {
  it('lands when the prompt it leaves is within the limit: 1,999 chars replaced offline by 1,999 others while A adds 12', async () => {
    const server = await harness.serverWith({ maxPromptChars: 4000 });
    const a = await harness.bystander(server, 'offline');
    a.doc.getText('prompt').insert(0, 'a'.repeat(1999));
    const b = harness.client(server, 'offline', {}, followAdvice);
    await waitUntil(() => b.provider.synced && b.prompt.length === 1999, 'B to hold the 1,999-character prompt');

    b.provider.disconnect();
    replaceAll(b, 'b'.repeat(1999));
    a.doc.getText('prompt').insert(1999, 'c'.repeat(12));
    const serverPrompt = (): string => server.rooms.get('offline')?.doc.getText('prompt').toString() ?? '';
    await waitUntil(() => serverPrompt().length === 2011, "A's 12 characters to reach the room");
    b.provider.connect();

    await waitUntil(() => b.provider.synced && a.prompt === b.prompt && serverPrompt() === b.prompt && !a.prompt.includes('a'), "B's edit to land everywhere");
    // Concurrent inserts at the end are ordered by client id: either order is the same merge.
    expect([`${'b'.repeat(1999)}${'c'.repeat(12)}`, `${'c'.repeat(12)}${'b'.repeat(1999)}`]).toContain(serverPrompt());
    expect(b.closes).toEqual([]);
    expect(a.closes).toEqual([]);
  });

  it('is refused once, with a final 4414 and the length it would reach, when the prompt it leaves is over the limit: no reconnect loop', async () => {
    const server = await harness.serverWith({ maxPromptChars: 2000 });
    const a = await harness.bystander(server, 'over');
    a.doc.getText('prompt').insert(0, 'a'.repeat(1000));
    const b = harness.client(server, 'over', {}, followAdvice);
    await waitUntil(() => b.provider.synced && b.prompt.length === 1000, 'B to hold the prompt');
    let finalClose: { code: number; reason: string } | undefined;
    b.provider.on('closed', (close: { code: number; reason: string }) => (finalClose = close));

    b.provider.disconnect();
    b.doc.getText('prompt').insert(1000, 'b'.repeat(900));
    a.doc.getText('prompt').insert(0, 'c'.repeat(900));
    const serverPrompt = (): string => server.rooms.get('over')?.doc.getText('prompt').toString() ?? '';
    await waitUntil(() => serverPrompt().length === 1900, "A's edit to reach the room");
    b.provider.connect();

    await waitUntil(() => finalClose !== undefined, 'the final close');
    expect(finalClose).toEqual({ code: CloseCode.PromptTooLong, reason: 'prompt would be 2800 characters, limit 2000' });
    expect(b.closes).toHaveLength(1);
    expect(b.provider.shouldConnect).toBe(false);
    // B keeps its own text locally (the page offers it back); the room keeps everyone else's.
    expect(b.prompt).toContain('b'.repeat(900));
    expect(serverPrompt()).toBe(`${'c'.repeat(900)}${'a'.repeat(1000)}`);
    await harness.stillWorks(server, a);
  });
});
