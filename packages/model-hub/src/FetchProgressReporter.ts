/**
 * Renders fetch progress on stderr: on a terminal, a live block drawn by cli-progress (an overall bar and one bar
 * per file in flight, redrawn in place, with permanent lines logged above it); elsewhere (CI logs, pipes), plain
 * lines at a steady interval so a slow transfer still shows signs of life without flooding the log.
 */
import cliProgress from 'cli-progress';
import type { FetchEvent } from './fetchModel.js';
import { formatBytes } from './formatBytes.js';

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
  /** Its bar in the live block (terminal only). */
  bar?: cliProgress.SingleBar;
}

/** What one live bar shows: filled to `fraction`, followed by `text`. */
interface LiveLine {
  fraction(): number;
  text(): string;
}

/** cli-progress formatter: `[####----] text`, cut to the terminal width. */
function formatLiveLine(options: cliProgress.Options, params: cliProgress.Params, line: LiveLine): string {
  const fraction = Math.min(1, Math.max(0, line.fraction()));
  const text = `[${cliProgress.Format.BarFormat(fraction, options)}] ${line.text()}`;
  const width = Math.max(20, params.maxWidth - 1);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Consumes {@link FetchEvent}s and draws them; call {@link finish} when the fetch settles. */
export class FetchProgressReporter {
  private readonly intervalMs: number;
  private readonly active = new Map<string, FileState>();
  private totalBytes = 0;
  private doneBytes = 0;
  /** Bytes that were on disk before this run (reused or resumed): excluded from the speed. */
  private carriedBytes = 0;
  private startedAt: number;
  private lastOverallAt: number;
  /** The live block on a terminal; undefined elsewhere. */
  private readonly live: cliProgress.MultiBar | undefined;
  private overallBar: cliProgress.SingleBar | undefined;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    options: { intervalMs?: number; now?: () => number } = {},
  ) {
    const tty = sink.isTTY === true;
    this.intervalMs = options.intervalMs ?? (tty ? TTY_REDRAW_INTERVAL_MS : PLAIN_PROGRESS_INTERVAL_MS);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastOverallAt = this.startedAt;
    this.live = tty
      ? new cliProgress.MultiBar({
          // cli-progress needs only write, isTTY and columns of its stream.
          stream: sink as unknown as NodeJS.WritableStream,
          fps: 1000 / this.intervalMs,
          format: formatLiveLine,
          barsize: BAR_WIDTH,
          barCompleteChar: '#',
          barIncompleteChar: '-',
          clearOnComplete: true,
        })
      : undefined;
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
        this.overallBar ??= this.live?.create(1, 0, {
          fraction: () => (this.totalBytes > 0 ? this.transferred() / this.totalBytes : 1),
          text: () => this.overallText(),
        } satisfies LiveLine);
        return;
      case 'file-start': {
        const state: FileState = { size: event.size, received: 0, lastPrintedAt: this.now(), sawFirstProgress: false };
        this.active.set(event.path, state);
        state.bar = this.live?.create(1, 0, this.liveFileLine(event.path, state));
        return;
      }
      case 'file-progress':
        return this.progress(event.path, event.received, event.size);
      case 'file-retry':
        this.print(`retry ${event.path} (attempt ${event.attempt}): ${event.reason}`);
        return;
      case 'file-done': {
        const bar = this.active.get(event.path)?.bar;
        this.active.delete(event.path);
        if (bar) this.live?.remove(bar);
        this.doneBytes += event.size;
        if (event.reused) this.carriedBytes += event.size;
        this.print(`${event.reused ? 'kept' : 'done'} ${event.path} (${formatBytes(event.size)})`);
        return;
      }
    }
  }

  /** Stops redrawing, clears the live block and leaves a final overall line. */
  finish(): void {
    this.live?.stop();
    this.sink.write(`${this.overallText()}\n`);
  }

  private liveFileLine(path: string, state: FileState): LiveLine {
    return { fraction: () => (state.size ? state.received / state.size : 0), text: () => this.fileText(path, state) };
  }

  private progress(path: string, received: number, size: number | undefined): void {
    let state = this.active.get(path);
    if (!state) {
      state = { size, received: 0, lastPrintedAt: this.now(), sawFirstProgress: false };
      this.active.set(path, state);
      state.bar = this.live?.create(1, 0, this.liveFileLine(path, state));
    }
    if (!state.sawFirstProgress) {
      state.sawFirstProgress = true;
      this.carriedBytes += received;
    }
    state.received = received;
    state.size = size ?? state.size;
    if (this.live) return; // the live block redraws itself at its own rate
    const now = this.now();
    if (now - state.lastPrintedAt >= this.intervalMs) {
      state.lastPrintedAt = now;
      this.sink.write(`${this.fileText(path, state)}\n`);
    }
    if (now - this.lastOverallAt >= this.intervalMs) {
      this.lastOverallAt = now;
      this.sink.write(`${this.overallText()}\n`);
    }
  }

  private transferred(): number {
    let inFlight = 0;
    for (const state of this.active.values()) inFlight += state.received;
    return this.doneBytes + inFlight;
  }

  private fileText(path: string, state: FileState): string {
    const size = state.size;
    const percent = size ? `${((100 * state.received) / size).toFixed(1)}%` : '';
    const amount = `${formatBytes(state.received)}${size !== undefined ? ` / ${formatBytes(size)}` : ''}`;
    return `${path} ${percent} ${amount}`.trimEnd();
  }

  private overallText(): string {
    const transferred = this.transferred();
    const seconds = Math.max(0.001, (this.now() - this.startedAt) / 1000);
    const rate = Math.max(0, transferred - this.carriedBytes) / seconds;
    const remaining = Math.max(0, this.totalBytes - transferred);
    const fraction = this.totalBytes > 0 ? transferred / this.totalBytes : 1;
    const eta = remaining === 0 ? 'done' : rate > 0 ? `ETA ${formatDuration(remaining / rate)}` : 'ETA ?';
    return `overall ${(100 * fraction).toFixed(1)}% ${formatBytes(transferred)} / ${formatBytes(this.totalBytes)}, ${formatBytes(rate)}/s, ${eta}`;
  }

  /** Prints a permanent line: above the live block on a terminal, as a plain line elsewhere. */
  private print(line: string): void {
    // Only a running live block takes logs: update() would restart a stopped one's redraw timer.
    if (!this.live?.isActive) {
      this.sink.write(`${line}\n`);
      return;
    }
    this.live.log(`${line}\n`);
    this.live.update(); // flush now rather than at the next redraw
  }
}
