/**
 * Shared set-up of the limit tests: secured servers started with tightened limits (and stopped after each
 * test), well-behaved bystanders that must not notice anything, and builders of edit messages.
 */
import type { ImageEngine } from '@promptjam/diffusion';
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { ServerLimits } from '../../config/serverConfig.js';
import type { RunningServer, StartServerOptions } from '../../server/startServer.js';
import { makeDataDir, removeDataDir } from '../../test/testServer.js';
import { waitUntil } from '../../test/waitUntil.js';
import { syncUpdate } from './messages.js';
import { closeAllRaw, sendAndClose, type Closed } from './rawSocket.js';
import { ParamClient, startSecuredServer } from './securityServer.js';

export class LimitsHarness {
  private readonly running: Array<{ server: RunningServer; dataDir: string }> = [];
  private readonly clients: ParamClient[] = [];

  constructor(private readonly engine: () => ImageEngine) {}

  /** A secured server with `limits` (and other `options`) over the defaults, stopped by {@link cleanup}. */
  async serverWith(limits: Partial<ServerLimits> = {}, options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
    const dataDir = await makeDataDir();
    return this.adopt(await startSecuredServer(this.engine(), dataDir, limits, options), dataDir);
  }

  /** Registers a server started elsewhere on `dataDir` for cleanup. */
  adopt(server: RunningServer, dataDir: string): RunningServer {
    this.running.push({ server, dataDir });
    return server;
  }

  /** Forgets the servers (a test that closed them itself). */
  forgetServers(): void {
    this.running.splice(0);
  }

  /** A well-behaved editor in `roomId`, synced. */
  async bystander(server: RunningServer, roomId: string): Promise<ParamClient> {
    const c = this.client(server, roomId);
    await waitUntil(() => c.provider.synced, 'the bystander to sync');
    return c;
  }

  /** A stock client with query parameters, destroyed by {@link cleanup}. */
  client(server: RunningServer, roomId: string, params: Record<string, string> = {}, shouldReconnect?: (event: { code: number }) => boolean): ParamClient {
    const c = new ParamClient(server, roomId, params, shouldReconnect);
    this.clients.push(c);
    return c;
  }

  /** `c` can still edit, another client sees it, and `c` was never closed. */
  async stillWorks(server: RunningServer, c: ParamClient): Promise<void> {
    const other = await this.bystander(server, c.provider.roomname);
    const marker = ` ok${Math.random().toString(36).slice(2, 6)}`;
    c.doc.getText('prompt').insert(c.doc.getText('prompt').length, marker);
    await waitUntil(() => other.prompt.includes(marker), 'the bystander edit to go through');
    expect(c.closes).toEqual([]);
  }

  async cleanup(): Promise<void> {
    for (const c of this.clients.splice(0)) c.destroy();
    closeAllRaw();
    for (const { server, dataDir } of this.running.splice(0)) {
      await server.close();
      await removeDataDir(dataDir);
    }
  }
}

/** A sync update message from a fresh client inserting `text` into the prompt (or a params value). */
export function insertUpdate(text: string, into: 'prompt' | 'params' = 'prompt'): Uint8Array {
  const doc = new Y.Doc();
  if (into === 'prompt') doc.getText('prompt').insert(0, text);
  else doc.getMap('params').set('note', text);
  return syncUpdate(Y.encodeStateAsUpdate(doc));
}

/** Opens a raw socket to `roomId`, sends `messages`, and resolves with the close. */
export function closeFor(server: RunningServer, roomId: string, messages: Array<Uint8Array | string>): Promise<Closed> {
  return sendAndClose(server.url, `/rooms/${roomId}`, messages);
}
