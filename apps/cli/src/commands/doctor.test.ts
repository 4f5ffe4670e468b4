import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseCommandArgs } from '../command.js';
import { doctorCommand } from './doctor.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await doctorCommand.run(parseCommandArgs(doctorCommand, argv)), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('promptjam doctor (CLI)', () => {
  it('runs every check and exits 0 when only warnings remain', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'promptjam-doctor-cli-'));
    try {
      const { code, stdout } = await run('--json', '--skip-ports', '--data-dir', dataDir);
      const report = JSON.parse(stdout) as { ok: boolean; checks: Array<{ name: string; status: string; fix?: string }> };
      const names = report.checks.map((c) => c.name);
      expect(names.slice(0, 3)).toEqual(['node', 'onnxruntime-node', 'provider cpu']);
      expect(names).toContain('gpu');
      expect(names.at(-1)).toBe('data dir');
      expect(report.checks.every((c) => c.status === 'ok' || c.fix)).toBe(true);
      expect(code).toBe(report.ok ? 0 : 1);
      expect(report.ok).toBe(report.checks.every((c) => c.status !== 'error'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('rejects an unknown device and a bad port', async () => {
    await expect(run('--device', 'tpu')).rejects.toThrow(/--device must be auto, cuda, webgpu or cpu, got 'tpu'/);
    await expect(run('--port', '70000', '--skip-ports')).rejects.toThrow(/--port must be a port/);
  });
});
