/**
 * Rooms outlive their clients and the server: unload after idle, restart with the same data directory,
 * graceful shutdown with 1012. Real server, real clients, the real engine on the demo model.
 */
import { CloseCode, PROMPT_TEXT_NAME } from '@promptjam/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomStore } from '../store/RoomStore.js';
import { RoomClient } from '../test/RoomClient.js';
import { makeDataDir, removeDataDir, startTestServer, useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import type { RunningServer } from './startServer.js';

const demo = useDemoEngine();
let dataDir: string;
const servers: RunningServer[] = [];
const clients: RoomClient[] = [];

async function start(options: Parameters<typeof startTestServer>[2] = {}): Promise<RunningServer> {
  const server = await startTestServer(demo.engine, dataDir, options);
  servers.push(server);
  return server;
}

function join(server: RunningServer, roomId: string): RoomClient {
  const client = new RoomClient(server.url, roomId);
  clients.push(client);
  return client;
}

/** The prompt as the server's copy of the room has it. */
function serverPrompt(server: RunningServer, roomId: string): string | undefined {
  return server.rooms.get(roomId)?.doc.getText(PROMPT_TEXT_NAME).toString();
}

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.close();
  await removeDataDir(dataDir);
});

describe('persistence', () => {
  it('refuses a room whose stored document is unreadable (1011), keeps its data, and serves other rooms', async () => {
    const garbage = new Uint8Array([1, 200, 3, 4, 5, 6, 7, 8]);
    const seeded = await RoomStore.open(dataDir);
    await seeded.loadRoom('broken');
    await seeded.appendUpdate('broken', garbage);
    await seeded.close();

    const server = await start();
    const victim = join(server, 'broken');
    const closeCodes: number[] = [];
    victim.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    await waitUntil(() => closeCodes.length > 0, 'the connection to the broken room to close');
    expect(closeCodes[0]).toBe(CloseCode.InternalError);
    expect(victim.provider.synced).toBe(false);
    const other = join(server, 'healthy');
    await other.synced();
    expect(server.readiness().ready).toBe(true);
    victim.destroy();
    await server.close();
    servers.splice(servers.indexOf(server), 1);

    const check = await RoomStore.open(dataDir);
    expect((await check.loadRoom('broken')).updates.map((u) => [...u])).toEqual([[...garbage]]);
    await check.close();
  });

  it('a restart brings back the prompt and the last frame, and seq continues', async () => {
    const first = await start();
    const writer = join(first, 'atlas');
    await writer.synced();
    writer.setParams({ width: 128, height: 128, seed: 11 });
    writer.type('an old map of the moon');
    const before = await writer.frameOf('an old map of the moon');
    writer.destroy();
    await first.close();

    const second = await start();
    const reader = join(second, 'atlas');
    const restored = await reader.frameWhere(() => true, 'the restored frame');
    expect(reader.prompt).toBe('an old map of the moon');
    expect(restored.metadata).toEqual(before.metadata);
    expect(restored.image).toEqual(before.image);
    expect(reader.doc.getMap('params').toJSON()).toMatchObject({ width: 128, height: 128, seed: 11 });

    reader.type(', annotated');
    const next = await reader.frameOf('an old map of the moon, annotated');
    expect(next.metadata.seq).toBe(before.metadata.seq + 1);
  });

  it('unloads an empty room after its idle period and loads it back on the next join', async () => {
    const server = await start({ roomIdleMs: 50 });
    const client = join(server, 'idle');
    await client.synced();
    client.setParams({ width: 64, height: 64 });
    client.type('a quiet harbour');
    const frame = await client.frameOf('a quiet harbour');
    client.destroy();
    await waitUntil(() => server.rooms.size === 0, 'the room to unload');

    const again = join(server, 'idle');
    const restored = await again.frameWhere(() => true, 'the frame after reload');
    expect(again.prompt).toBe('a quiet harbour');
    expect(restored.metadata.seq).toBe(frame.metadata.seq);
    expect(server.rooms.size).toBe(1);
  });

  it('graceful shutdown keeps every edit the server has, and closes clients with 1012', async () => {
    const first = await start();
    const client = join(first, 'shutdown');
    await client.synced();
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    client.type('edited right before the restart');
    await waitUntil(() => serverPrompt(first, 'shutdown') === 'edited right before the restart', 'the server to have the edit');
    await first.close();
    await waitUntil(() => closeCodes.length > 0, 'the client to see the close');
    expect(closeCodes[0]).toBe(CloseCode.ServiceRestart);
    expect(first.readiness()).toMatchObject({ ready: false, shuttingDown: true, store: 'closed' });
    client.destroy();

    const second = await start();
    const reader = join(second, 'shutdown');
    await reader.synced();
    expect(reader.prompt).toBe('edited right before the restart');
  });
});
