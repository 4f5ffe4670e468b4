/**
 * Renders fetch progress on stderr: on a terminal, a live block with one bar per file in flight and an overall
 * bar, redrawn in place; elsewhere (CI logs, pipes), plain lines at a steady interval so a slow transfer still
 * shows signs of life without flooding the log.
 */
import type { FetchEvent } from './fetchModel.js';

/** Redraw period on a terminal. */
export const TTY_REDRAW_INTERVAL_MS = 100;
/** How often a plain (non-TTY) log gets a progress line per file and overall. */
export const PLAIN_PROGRESS_INTERVAL_MS = 5_000;
const BAR_WIDTH = 24;

/** Where the reporter writes: `process.stderr` or a test double. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width; live lines are cut to it, since a wrapped line would break the in-place redraw. */
  columns?: number;
}

interface FileState {
  size: number | undefined;
  received: number;
  lastPrintedAt: number;
  /** The first progress event of a file reports the bytes resumed from its partial. */
  sawFirstProgress: boolean;
}

/** Formats a byte count with binary units (`1.5 GiB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** Consumes {@link FetchEvent}s and draws them; call {@link finish} when the fetch settles. */
export class FetchProgressReporter {
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly active = new Map<string, FileState>();
  private totalBytes = 0;
  private doneBytes = 0;
  /** Bytes that were on disk before this run (reused or resumed): excluded from the speed. */
  private carriedBytes = 0;
  private startedAt: number;
  private lastOverallAt: number;
  private liveLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    options: { intervalMs?: number; now?: () => number } = {},
  ) {
    this.tty = sink.isTTY === true;
    this.intervalMs = options.intervalMs ?? (this.tty ? TTY_REDRAW_INTERVAL_MS : PLAIN_PROGRESS_INTERVAL_MS);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastOverallAt = this.startedAt;
  }

  /** Feeds one event. */
  handle(event: FetchEvent): void {
    switch (event.type) {
      case 'listed':
        this.totalBytes = event.totalBytes;
        this.print(`${event.files.length} files, ${formatBytes(event.totalBytes)} at commit ${event.commit.slice(0, 12)}`);
        if (event.unhashed.length > 0) {
          this.print(`warning: the hub lists no checksum for ${event.unhashed.join(', ')}: only their sizes are checked`);
        }
        if (this.tty) this.timer ??= setInterval(() => this.redraw(), this.intervalMs).unref();
        return;
      case 'file-start':
        this.active.set(event.path, { size: event.size, received: 0, lastPrintedAt: this.now(), sawFirstProgress: false });
        return;
      case 'file-progress':
        return this.progress(event.path, event.received, event.size);
      case 'file-retry':
        this.print(`retry ${event.path} (attempt ${event.attempt}): ${event.reason}`);
        return;
      case 'file-done': {
        this.active.delete(event.path);
        this.doneBytes += event.size;
        if (event.reused) this.carriedBytes += event.size;
        this.print(`${event.reused ? 'kept' : 'done'} ${event.path} (${formatBytes(event.size)})`);
        return;
      }
    }
  }

  /** Stops redrawing and leaves a final overall line. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearLive();
    this.sink.write(`${this.overallLine()}\n`);
  }

  private progress(path: string, received: number, size: number | undefined): void {
    const state = this.active.get(path) ?? { size, received: 0, lastPrintedAt: this.now(), sawFirstProgress: false };
    if (!state.sawFirstProgress) {
      state.sawFirstProgress = true;
      this.carriedBytes += received;
    }
    state.received = received;
    state.size = size ?? state.size;
    this.active.set(path, state);
    if (this.tty) return;
    const now = this.now();
    if (now - state.lastPrintedAt >= this.intervalMs) {
      state.lastPrintedAt = now;
      this.sink.write(`${this.fileLine(path, state)}\n`);
    }
    if (now - this.lastOverallAt >= this.intervalMs) {
      this.lastOverallAt = now;
      this.sink.write(`${this.overallLine()}\n`);
    }
  }

  private transferred(): number {
    let inFlight = 0;
    for (const state of this.active.values()) inFlight += state.received;
    return this.doneBytes + inFlight;
  }

  private fileLine(path: string, state: FileState): string {
    const size = state.size;
    const percent = size ? `${((100 * state.received) / size).toFixed(1)}%` : '';
    const amount = `${formatBytes(state.received)}${size !== undefined ? ` / ${formatBytes(size)}` : ''}`;
    return `${this.tty ? `${bar(size ? state.received / size : 0)} ` : ''}${path} ${percent} ${amount}`.trimEnd();
  }

  private overallLine(): string {
    const transferred = this.transferred();
    const seconds = Math.max(0.001, (this.now() - this.startedAt) / 1000);
    const rate = Math.max(0, transferred - this.carriedBytes) / seconds;
    const remaining = Math.max(0, this.totalBytes - transferred);
    const fraction = this.totalBytes > 0 ? transferred / this.totalBytes : 1;
    const eta = remaining === 0 ? 'done' : rate > 0 ? `ETA ${formatDuration(remaining / rate)}` : 'ETA ?';
    return `${this.tty ? `${bar(fraction)} ` : ''}overall ${(100 * fraction).toFixed(1)}% ${formatBytes(transferred)} / ${formatBytes(this.totalBytes)}, ${formatBytes(rate)}/s, ${eta}`;
  }

  /** Prints a permanent line above the live block. */
  private print(line: string): void {
    this.clearLive();
    this.sink.write(`${line}\n`);
    if (this.tty) this.redraw();
  }

  private clearLive(): void {
    if (this.tty && this.liveLines > 0) this.sink.write(`\x1b[${this.liveLines}F\x1b[J`);
    this.liveLines = 0;
  }

  private redraw(): void {
    this.clearLive();
    const width = Math.max(20, (this.sink.columns ?? 200) - 1);
    const lines = [...[...this.active].map(([path, state]) => this.fileLine(path, state)), this.overallLine()].map((line) =>
      line.length > width ? `${line.slice(0, width - 1)}…` : line,
    );
    this.sink.write(`${lines.join('\n')}\n`);
    this.liveLines = lines.length;
  }
}
