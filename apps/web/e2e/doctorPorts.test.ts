/**
 * `promptjam doctor` run beside a running promptjam (the built CLI as a user runs it, against the real room server
 * and the built web app): ports they hold are reported ok, naming who holds them; a port held by anything else
 * still fails with its fix.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './harness/freePort';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';
import { startWebApp, WEB_APP_DIR, type WebApp } from './harness/webApp';

const CLI = join(WEB_APP_DIR, '..', 'cli', 'dist', 'main.js');

interface DoctorCheck {
  name: string;
  status: string;
  detail: string;
  fix?: string;
}

/** Runs the built `promptjam doctor --json` with `args`; resolves with its checks whatever its exit code. */
function doctor(...args: string[]): Promise<DoctorCheck[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'doctor', '--json', '--device', 'cpu', ...args], { timeout: 120_000 }, (error, stdout) => {
      try {
        resolve((JSON.parse(stdout) as { checks: DoctorCheck[] }).checks);
      } catch {
        reject(error ?? new Error(`doctor printed no JSON: ${stdout}`));
      }
    });
  });
}

describe('promptjam doctor beside a running promptjam', () => {
  let server: TestRoomServer;
  let web: WebApp;
  let foreign: Server;
  let foreignPort: number;
  const sockets = new Set<Socket>();
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`expected the built CLI at ${CLI}; run \`pnpm build\` first`);
    server = await startRoomServer();
    web = await startWebApp({ PROMPTJAM_SERVER_URL: server.url });
    foreignPort = await freePort();
    foreign = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.end('not promptjam\r\n');
    });
    await new Promise<void>((resolve) => foreign.listen(foreignPort, '0.0.0.0', resolve));
    dataDir = await mkdtemp(join(tmpdir(), 'promptjam-doctor-ports-'));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => foreign?.close(resolve));
    await web?.close();
    await server?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('reports the ports a running promptjam holds as ok, naming it', async () => {
    const webPort = Number(new URL(web.url).port);
    const checks = await doctor('--port', String(server.port), '--web-port', String(webPort), '--data-dir', dataDir);
    expect(checks.find((c) => c.name === `port ${server.port}`)).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^room server \(promptjam serve\): in use by a running promptjam room server \((ready|not ready), model .+, 0 rooms, 0 clients\)$/),
    });
    expect(checks.find((c) => c.name === `port ${webPort}`)).toEqual({ name: `port ${webPort}`, status: 'ok', detail: 'web app: in use by the running promptjam web app' });
  });

  it('still fails a port held by something else, with the fix', async () => {
    const checks = await doctor('--port', String(foreignPort), '--web-port', String(foreignPort), '--data-dir', dataDir);
    const port = checks.filter((c) => c.name === `port ${foreignPort}`);
    expect(port.map((c) => [c.status, c.detail])).toEqual([
      ['error', 'room server (promptjam serve): already in use'],
      ['error', 'web app: already in use'],
    ]);
    expect(port[0]!.fix).toContain(`sport = :${foreignPort}`);
  });
});
