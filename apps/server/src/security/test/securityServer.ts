/**
 * A real server for the security integration tests: the demo engine, a temp data dir, the security layer on
 * (as `promptjam serve` runs it) with a keyring the test can sign with, and limits a test can tighten.
 */
import type { ImageEngine } from '@promptjam/diffusion';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { ServerLimits } from '../../config/serverConfig.js';
import type { RunningServer, StartServerOptions } from '../../server/startServer.js';
import { afterEach, beforeEach } from 'vitest';
import { makeDataDir, removeDataDir, startTestServer, useDemoEngine } from '../../test/testServer.js';
import { TokenKeyring } from '../capabilityToken.js';
import { closeAllRaw, type Closed } from './rawSocket.js';

/** The keyring every security test server signs with. */
export const TEST_KEYRING = new TokenKeyring([Buffer.alloc(32, 0x5a)]);

/** Starts a secured test server on port 0 with `limits` (and other `options`) over the defaults. */
export function startSecuredServer(engine: ImageEngine, dataDir: string, limits: Partial<ServerLimits> = {}, options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  return startTestServer(engine, dataDir, { ...options, limits, security: { options: { keyring: TEST_KEYRING } } });
}

/** A stock y-websocket client with query parameters (token, view), recording how its connections closed. */
export class ParamClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly closes: Closed[] = [];

  /** @param shouldReconnect y-websocket's reconnect rule; its default (stop on 4400–4499) when omitted */
  constructor(server: RunningServer, roomId: string, params: Record<string, string> = {}, shouldReconnect?: (event: { code: number }) => boolean) {
    this.provider = new WebsocketProvider(`${server.url}/rooms`, roomId, this.doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      params,
      maxBackoffTime: 300,
      ...(shouldReconnect === undefined ? {} : { shouldReconnect }),
    });
    this.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (event) this.closes.push({ code: event.code, reason: event.reason });
    });
  }

  get prompt(): string {
    return this.doc.getText('prompt').toString();
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** What {@link useSecuredServer} gives a test. */
export interface SecuredServerContext {
  /** A fresh secured server (own data directory) for each test. */
  readonly server: RunningServer;
  /** A stock client in `roomId` with query parameters, destroyed after the test. */
  client(roomId: string, params?: Record<string, string>): ParamClient;
  /** Closes the server and starts another on the same data directory, as after a restart. */
  restart(): Promise<void>;
}

/**
 * Per test file: the demo engine once; per test: a fresh secured server on port 0 with its own data directory
 * (and `limits` over the defaults),
 * and clients and raw sockets that are closed (and the server stopped) when the test ends.
 */
export function useSecuredServer(limits: Partial<ServerLimits> = {}, options: Partial<StartServerOptions> = {}): SecuredServerContext {
  const demo = useDemoEngine();
  let server: RunningServer | undefined;
  let dataDir = '';
  const clients: ParamClient[] = [];
  beforeEach(async () => {
    dataDir = await makeDataDir();
    server = await startSecuredServer(demo.engine, dataDir, limits, options);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    closeAllRaw();
    await server?.close();
    await removeDataDir(dataDir);
  });
  return {
    get server(): RunningServer {
      if (!server) throw new Error('the server is only available inside tests');
      return server;
    },
    client(roomId, params = {}) {
      const c = new ParamClient(this.server, roomId, params);
      clients.push(c);
      return c;
    },
    async restart() {
      await server?.close();
      server = await startSecuredServer(demo.engine, dataDir, limits, options);
    },
  };
}
