/**
 * A bare `ws` client for the security integration tests: it sends exactly the bytes a test chooses and reports
 * how the server answered (the HTTP status of a refused upgrade, or the close code and reason).
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';

/** How a connection attempt ended up. */
export type Opened = { ws: WebSocket; closed: Promise<Closed> } | { status: number };

/** A close as the client saw it. */
export interface Closed {
  code: number;
  reason: string;
}

/**
 * Opens `${url}${path}`; resolves once it is open (with a promise of its close) or refused before the upgrade.
 * Every socket opened here is remembered so {@link closeAllRaw} can end it.
 */
export function openRaw(url: string, path: string, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}${path}`, { headers, perMessageDeflate: false });
    opened.add(ws);
    const closed = new Promise<Closed>((resolveClose) => ws.once('close', (code, reason) => {
      opened.delete(ws);
      resolveClose({ code, reason: reason.toString() });
    }));
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (ws.readyState === WebSocket.CONNECTING) reject(error);
    });
  });
}

const opened = new Set<WebSocket>();

/** Terminates every socket {@link openRaw} opened that is still open. */
export function closeAllRaw(): void {
  for (const ws of opened) ws.terminate();
  opened.clear();
}

/** The HTTP status of a refused upgrade; throws if the upgrade succeeded. */
export async function refusalStatus(url: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  const result = await openRaw(url, path, headers);
  if ('status' in result) return result.status;
  result.ws.terminate();
  throw new Error(`expected ${path} to be refused before the upgrade, but it was accepted`);
}

/** Opens, sends each message in `messages` (binary unless a string), and resolves with the close. */
export async function sendAndClose(url: string, path: string, messages: Array<Uint8Array | string>, headers: Record<string, string> = {}): Promise<Closed> {
  const result = await openRaw(url, path, headers);
  if ('status' in result) throw new Error(`upgrade of ${path} refused with ${result.status}`);
  for (const message of messages) {
    if (result.ws.readyState !== WebSocket.OPEN) break;
    result.ws.send(message, { binary: typeof message !== 'string' });
  }
  return result.closed;
}

/** The close of a socket accepted and closed at once (an application close code after the upgrade). */
export async function closeOnOpen(url: string, path: string, headers: Record<string, string> = {}): Promise<Closed> {
  const result = await openRaw(url, path, headers);
  if ('status' in result) throw new Error(`upgrade of ${path} refused with ${result.status}`);
  return result.closed;
}

/**
 * Sends a WebSocket upgrade request for the literal `path` (no URL normalisation, unlike a WebSocket client,
 * so `/rooms/..` arrives as written) and resolves with the HTTP status, 101 when the upgrade was accepted.
 */
export function upgradeStatusOfRawPath(httpUrl: string, path: string): Promise<number> {
  const { hostname, port } = new URL(httpUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: hostname,
      port,
      path,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}
