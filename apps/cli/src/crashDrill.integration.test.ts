/**
 * Crash drills on the built CLI: clients type while the server is killed (SIGKILL, then SIGTERM), the
 * server restarts on the same data dir and port, and no acknowledged edit is lost.
 *
 * An edit counts as acknowledged once an observer saw it arrive through the server. The strict form: after
 * the crash every original client is gone for good (closed laptops), so nothing can be resent, and a fresh
 * client must find every acknowledged edit in what the restarted server stored. The lenient form: the
 * original clients reconnect and everything, acknowledged or not, converges.
 */
import { ensureDemoModel } from '@promptjam/models';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, RoomClient, sleep, waitUntil } from '@promptjam/server/testing';
import { ServeProcess } from './test/ServeProcess.js';

let modelDir: string;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  modelDir = await ensureDemoModel();
}, 120_000);
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Writers type tokens (`w0-1 `, `w0-2 `, …) at random places while an observer watches. */
async function typeUntilKilled(server: ServeProcess, roomId: string, signal: NodeJS.Signals): Promise<{ acknowledged: string; writers: RoomClient[]; observer: RoomClient }> {
  const writers = [0, 1, 2].map(() => new RoomClient(server.url, roomId));
  const observer = new RoomClient(server.url, roomId);
  cleanup.push(() => [...writers, observer].forEach((c) => c.destroy()));
  await Promise.all([...writers, observer].map((c) => c.synced(30_000)));
  let typing = true;
  const typists = writers.map(async (writer, w) => {
    for (let n = 1; typing; n++) {
      const text = writer.doc.getText('prompt');
      // Insert at word boundaries so tokens stay readable.
      const spaces = [0, ...[...text.toString()].flatMap((ch, i) => (ch === ' ' ? [i + 1] : []))];
      text.insert(spaces[n % spaces.length]!, `w${w}-${n} `);
      await sleep(5 + ((n * 7 + w * 3) % 20));
    }
  });
  await waitUntil(() => observer.prompt.split(' ').length > 150, 'the observer to see 150 tokens', 60_000);
  // Kill while typing continues; whatever the observer has seen by now was acknowledged by the server.
  const acknowledged = observer.prompt;
  const ended = await server.kill(signal);
  typing = false;
  await Promise.all(typists);
  expect(ended.signal ?? ended.code).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
  return { acknowledged, writers, observer };
}

function tokens(text: string): Set<string> {
  return new Set(text.split(' ').filter((t) => t !== ''));
}

function missing(acknowledged: string, now: string): string[] {
  const present = tokens(now);
  return [...tokens(acknowledged)].filter((t) => !present.has(t));
}

describe.each(['SIGKILL', 'SIGTERM'] as const)('crash drill with %s', (signal) => {
  it('keeps every acknowledged edit though no client that saw it comes back', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => removeDataDir(dataDir));
    const first = await ServeProcess.start({ dataDir, modelDir });
    const { acknowledged, writers, observer } = await typeUntilKilled(first, 'drill', signal);
    for (const c of [...writers, observer]) c.destroy();

    const second = await ServeProcess.start({ dataDir, modelDir, port: first.port });
    cleanup.push(async () => void (await second.kill('SIGKILL')));
    const fresh = new RoomClient(second.url, 'drill');
    cleanup.push(() => fresh.destroy());
    await fresh.synced(30_000);
    expect(missing(acknowledged, fresh.prompt)).toEqual([]);
  }, 180_000);

  it('converges once the original clients reconnect to the restarted server', async () => {
    const dataDir = await makeDataDir();
    cleanup.push(() => removeDataDir(dataDir));
    const first = await ServeProcess.start({ dataDir, modelDir });
    const { acknowledged, writers, observer } = await typeUntilKilled(first, 'rejoin', signal);
    const offline = writers[0]!;
    offline.doc.getText('prompt').insert(0, 'typed-while-down ');

    const second = await ServeProcess.start({ dataDir, modelDir, port: first.port });
    cleanup.push(async () => void (await second.kill('SIGKILL')));
    const everyone = [...writers, observer];
    await waitUntil(() => everyone.every((c) => c.provider.synced && c.prompt === observer.prompt), 'every client to converge', 60_000);
    const fresh = new RoomClient(second.url, 'rejoin');
    cleanup.push(() => fresh.destroy());
    await waitUntil(() => fresh.provider.synced && fresh.prompt === observer.prompt, 'a fresh client to see the converged prompt', 30_000);
    expect(missing(acknowledged, fresh.prompt)).toEqual([]);
    expect(fresh.prompt).toContain('typed-while-down');
  }, 180_000);
});
