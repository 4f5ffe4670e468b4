/**
 * The baseline every server figure is compared with: a bare `ws` server with no Yjs, no rooms logic and no
 * frame bookkeeping. It relays each client's message to the other clients on the same path (the floor for
 * keystroke-to-peer latency) and broadcasts given bytes to every client (the floor for frame fan-out).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { epochNowMs } from './clock.js';

/** A running bare server. */
export interface BareWsServer {
  port: number;
  url: string;
  /** Connected clients. */
  clientCount(): number;
  /** Sends the same bytes to every client; returns the epoch ms the loop began and its duration. */
  broadcast(bytes: Uint8Array): { sentAtEpochMs: number; sendLoopMs: number; clients: number };
  close(): Promise<void>;
}

/** Starts a bare relay/broadcast server on `port` (0 = any free port), permessage-deflate off like promptjam's. */
export async function startBareWsServer(port = 0, host = '127.0.0.1'): Promise<BareWsServer> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, request) => {
    const path = request.url ?? '/';
    let peers = rooms.get(path);
    if (!peers) {
      peers = new Set();
      rooms.set(path, peers);
    }
    const room = peers;
    room.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const peer of room) if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      room.delete(ws);
      if (room.size === 0) rooms.delete(path);
    });
    ws.on('error', () => ws.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const bound = (http.address() as AddressInfo).port;
  return {
    port: bound,
    url: `ws://${host}:${bound}`,
    clientCount: () => wss.clients.size,
    broadcast(bytes) {
      const sentAtEpochMs = epochNowMs();
      const start = performance.now();
      let clients = 0;
      for (const ws of wss.clients) {
        if (ws.readyState === ws.OPEN) {
          ws.send(bytes);
          clients += 1;
        }
      }
      return { sentAtEpochMs, sendLoopMs: performance.now() - start, clients };
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
