/**
 * A TCP proxy that delivers server-to-client bytes at a fixed, slow rate: a client on a bad network. Pausing a
 * WebSocket in bursts is not slow enough (on loopback a few milliseconds drain megabytes); reading the upstream
 * socket at N bytes per second makes the kernel buffers fill, the server's `bufferedAmount` grow, and the
 * server's slow-consumer handling (skip frames, eventually close) actually run. Client-to-server bytes pass freely.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** How often the proxy hands the client its next slice of bytes, ms. */
const TICK_MS = 50;

/** A running proxy: connect clients to `url` instead of the server's. */
export interface SlowReaderProxy {
  /** `ws://127.0.0.1:<port>`: same paths as the upstream server. */
  url: string;
  /** Bytes delivered to clients so far. */
  deliveredBytes(): number;
  close(): Promise<void>;
}

/** Thrown for a rate the proxy cannot apply. */
export class SlowReaderProxyError extends Error {
  override name = 'SlowReaderProxyError';
}

function throttle(upstream: Socket, downstream: Socket, bytesPerSecond: number, count: (n: number) => void): NodeJS.Timeout {
  const budgetPerTick = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000));
  return setInterval(() => {
    const available = upstream.readableLength;
    if (available === 0) {
      // read(0) asks the stream to fetch from the kernel without consuming anything.
      upstream.read(0);
      return;
    }
    const chunk = upstream.read(Math.min(budgetPerTick, available)) as Buffer | null;
    if (chunk) {
      downstream.write(chunk);
      count(chunk.byteLength);
    }
  }, TICK_MS);
}

/** Starts a proxy to `upstreamPort` on 127.0.0.1 delivering at most `bytesPerSecond` to each client. */
export async function startSlowReaderProxy(upstreamPort: number, bytesPerSecond: number): Promise<SlowReaderProxy> {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 1) throw new SlowReaderProxyError(`bytesPerSecond: expected a number >= 1, found ${bytesPerSecond}`);
  let delivered = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    // Paused mode: bytes leave the upstream socket only through the throttle's read() calls.
    upstream.pause();
    const timer = throttle(upstream, client, bytesPerSecond, (n) => {
      delivered += n;
    });
    timers.add(timer);
    const end = (): void => {
      clearInterval(timer);
      timers.delete(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    deliveredBytes: () => delivered,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
