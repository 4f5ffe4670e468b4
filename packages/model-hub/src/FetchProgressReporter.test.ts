import { describe, expect, it } from 'vitest';
import { FetchProgressReporter, formatBytes } from './FetchProgressReporter.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text) };
}

describe('FetchProgressReporter', () => {
  it('prints plain progress lines at the interval when stderr is not a terminal', () => {
    let now = 0;
    const out = sink(false);
    const reporter = new FetchProgressReporter(out, { intervalMs: 1_000, now: () => now });
    reporter.handle({ type: 'listed', commit: 'a'.repeat(40), files: [{ path: 'unet/model.onnx', size: 4096 }], totalBytes: 4096, unhashed: ['unet/model.onnx'] });
    reporter.handle({ type: 'file-start', path: 'unet/model.onnx', size: 4096 });
    reporter.handle({ type: 'file-progress', path: 'unet/model.onnx', received: 0, size: 4096 });
    for (let i = 1; i <= 4; i += 1) {
      now += 600; // a slow server: one chunk every 600 ms
      reporter.handle({ type: 'file-progress', path: 'unet/model.onnx', received: i * 1024, size: 4096 });
    }
    reporter.handle({ type: 'file-done', path: 'unet/model.onnx', size: 4096, reused: false });
    reporter.finish();
    const text = out.chunks.join('');
    expect(text).not.toContain('\x1b[');
    expect(text).toContain('1 files, 4.0 KiB at commit aaaaaaaaaaaa');
    expect(text).toContain('warning: the hub lists no checksum for unet/model.onnx: only their sizes are checked');
    expect(text).toMatch(/unet\/model\.onnx 50\.0% 2\.0 KiB \/ 4\.0 KiB/);
    expect(text).toMatch(/overall 50\.0% 2\.0 KiB \/ 4\.0 KiB/);
    expect(text).toContain('done unet/model.onnx (4.0 KiB)');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^overall 100\.0% .* done$/);
  });

  it('redraws a live block with bars on a terminal', () => {
    const out = sink(true);
    const reporter = new FetchProgressReporter(out, { intervalMs: 60_000 });
    reporter.handle({ type: 'listed', commit: 'b'.repeat(40), files: [{ path: 'a.onnx', size: 100 }], totalBytes: 100, unhashed: [] });
    reporter.handle({ type: 'file-start', path: 'a.onnx', size: 100 });
    reporter.handle({ type: 'file-progress', path: 'a.onnx', received: 50, size: 100 });
    reporter.handle({ type: 'file-retry', path: 'a.onnx', attempt: 1, reason: 'terminated' });
    reporter.finish();
    const text = out.chunks.join('');
    expect(text).toContain('retry a.onnx (attempt 1): terminated');
    expect(text).toContain('[############------------] a.onnx 50.0%');
    expect(text).toContain('\x1b[2F\x1b[J'); // the two live lines were cleared before the retry line
  });

  it('cuts live lines to the terminal width so the redraw stays in place', () => {
    const out = { ...sink(true), columns: 40 };
    const reporter = new FetchProgressReporter(out, { intervalMs: 60_000 });
    const path = `text_encoder_2/${'x'.repeat(60)}.onnx`;
    reporter.handle({ type: 'listed', commit: 'c'.repeat(40), files: [{ path, size: 100 }], totalBytes: 100, unhashed: [] });
    reporter.handle({ type: 'file-start', path, size: 100 });
    reporter.handle({ type: 'file-retry', path, attempt: 1, reason: 'x' }); // forces a redraw of the live block
    const live = out.chunks.at(-1)!.split('\n').filter(Boolean);
    expect(live.length).toBe(2);
    expect(live.every((line) => line.length <= 39)).toBe(true);
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(6.5 * 2 ** 30)).toBe('6.5 GiB');
  });
});
