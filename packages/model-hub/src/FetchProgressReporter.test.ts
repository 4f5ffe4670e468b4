import { afterEach, describe, expect, it, vi } from 'vitest';
import { FetchProgressReporter } from './FetchProgressReporter.js';
import { formatBytes } from './formatBytes.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (text: string) => chunks.push(text) };
}

describe('FetchProgressReporter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

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

  it('redraws a live block with bars on a terminal and logs permanent lines above it', () => {
    const out = sink(true);
    const reporter = new FetchProgressReporter(out, { intervalMs: 60_000 });
    reporter.handle({ type: 'listed', commit: 'b'.repeat(40), files: [{ path: 'a.onnx', size: 100 }], totalBytes: 100, unhashed: [] });
    reporter.handle({ type: 'file-start', path: 'a.onnx', size: 100 });
    reporter.handle({ type: 'file-progress', path: 'a.onnx', received: 50, size: 100 });
    reporter.handle({ type: 'file-retry', path: 'a.onnx', attempt: 1, reason: 'terminated' });
    reporter.finish();
    const text = out.chunks.join('');
    // The permanent line overwrites a cleared line at the top of the live block, which is redrawn below it.
    expect(text).toContain('\x1b[2Kretry a.onnx (attempt 1): terminated\n');
    expect(text).toContain('[############------------] overall 50.0% 50 B / 100 B');
    expect(text).toContain('[############------------] a.onnx 50.0% 50 B / 100 B');
    expect(text.indexOf('a.onnx 50.0%')).toBeGreaterThan(text.indexOf('retry a.onnx'));
    // finish() erases the live block (cursor up, clear to the end of the screen) and leaves a plain overall line.
    const ESC = '\x1b';
    const erased = text.lastIndexOf(`${ESC}[0J`);
    expect(text.slice(erased - 8, erased)).toMatch(/\[\d+A.\[1G$/);
    expect(text.slice(erased + 4)).toMatch(/^overall 50\.0% 50 B \/ 100 B, [^\n]*\n$/);
  });

  it('cuts live lines to the terminal width so the redraw stays in place', () => {
    const out = { ...sink(true), columns: 40 };
    const reporter = new FetchProgressReporter(out, { intervalMs: 60_000 });
    const path = `text_encoder_2/${'x'.repeat(60)}.onnx`;
    reporter.handle({ type: 'listed', commit: 'c'.repeat(40), files: [{ path, size: 100 }], totalBytes: 100, unhashed: [] });
    reporter.handle({ type: 'file-start', path, size: 100 });
    reporter.handle({ type: 'file-retry', path, attempt: 1, reason: 'x' }); // forces a redraw of the live block
    reporter.finish();
    // Each bar is drawn with one write of its whole line; both bars were drawn and neither reaches the last column.
    const bars = out.chunks.filter((chunk) => chunk.startsWith('['));
    expect(bars.some((line) => line.includes('] overall '))).toBe(true);
    expect(bars.some((line) => line.includes('] text_encode'))).toBe(true);
    expect(bars.every((line) => line.length <= 39)).toBe(true);
  });

  it('leaves no redraw timer behind once finished, so the command can exit', () => {
    vi.useFakeTimers();
    // A fetch that settles at once (every file already on disk), and one that takes a while.
    for (const takesMs of [0, 350]) {
      const reporter = new FetchProgressReporter(sink(true), { intervalMs: 100 });
      reporter.handle({ type: 'listed', commit: 'd'.repeat(40), files: [{ path: 'a.onnx', size: 100 }], totalBytes: 100, unhashed: ['a.onnx'] });
      reporter.handle({ type: 'file-start', path: 'a.onnx', size: 100 });
      vi.advanceTimersByTime(takesMs);
      reporter.handle({ type: 'file-done', path: 'a.onnx', size: 100, reused: takesMs === 0 });
      reporter.finish();
      vi.advanceTimersByTime(1_000);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('formats sizes in binary units'
, () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(6.5 * 2 ** 30)).toBe('6.5 GiB');
  });
});
