import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest, missingBundleFiles, REQUIRED_BUNDLE_FILES, sha256sumText } from './bundleManifest.js';

async function bundleWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'promptjam-bundle-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('bundle manifest', () => {
  it('lists every file with size and sha256, leaves the manifests out, and reads back with sha256sum -c', async () => {
    const root = await bundleWith({ 'run.sh': 'echo hi\n', 'carry/node.xz': 'xz bytes', 'manifest.json': '{}', 'MANIFEST.sha256': '' });
    const manifest = await buildManifest(root, { node: 'v20' }, new Date('2026-11-30T00:00:00Z'));
    expect(manifest.files).toEqual([
      { path: 'carry/node.xz', bytes: 8, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      // sha256 of "echo hi\n"
      { path: 'run.sh', bytes: 8, sha256: createHash('sha256').update('echo hi\n').digest('hex') },
    ]);
    expect(manifest).toMatchObject({ createdAt: '2026-11-30T00:00:00.000Z', packed: { node: 'v20' } });
    const sums = sha256sumText(manifest);
    expect(sums.split('\n')[0]).toMatch(/^[0-9a-f]{64} {2}carry\/node\.xz$/);
    await writeFile(join(root, 'MANIFEST.sha256'), sums);
    const check = spawnSync('sha256sum', ['--quiet', '-c', 'MANIFEST.sha256'], { cwd: root, encoding: 'utf8' });
    if (!check.error) expect(check.status).toBe(0);
    // A file damaged in transit fails the check run.sh does first.
    await writeFile(join(root, 'run.sh'), 'echo hx\n');
    const damaged = spawnSync('sha256sum', ['--quiet', '-c', 'MANIFEST.sha256'], { cwd: root, encoding: 'utf8' });
    if (!damaged.error) expect(damaged.status).not.toBe(0);
  });

  it('names the required files a bundle lacks, the Vulkan loader .deb unless --no-debs', async () => {
    const complete = Object.fromEntries([...REQUIRED_BUNDLE_FILES, 'carry/debs/libvulkan1_1.3.239.0-1_amd64.deb'].map((path) => [path, 'x']));
    const manifest = await buildManifest(await bundleWith(complete), {});
    expect(missingBundleFiles(manifest)).toEqual([]);
    const withoutNode = { ...manifest, files: manifest.files.filter((f) => !f.path.startsWith('carry/node') && !f.path.startsWith('carry/debs')) };
    expect(missingBundleFiles(withoutNode)).toEqual(['carry/node.xz', 'carry/debs/libvulkan1_*.deb']);
    expect(missingBundleFiles(withoutNode, false)).toEqual(['carry/node.xz']);
  });
});
