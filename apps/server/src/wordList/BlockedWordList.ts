import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ServerLogger } from '../log/createLogger.js';
import type { BlockedWordMatcher } from './BlockedWordMatcher.js';
import { parseWordList } from './parseWordList.js';

/** How often the file's metadata is polled, in ms (the fallback where `fs.watch` misses or cannot watch). */
export const WORD_LIST_POLL_MS = 2_000;
/** Changes closer together than this are read once, in ms (editors write a file in several steps). */
const RELOAD_DEBOUNCE_MS = 50;

/** The operator's word-list file cannot be used at startup. */
export class WordListError extends Error {
  override name = 'WordListError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`blocked-words file ${path}: ${reason}`);
  }
}

/**
 * The operator's blocked-words file (`--blocked-words`), read at startup and again whenever it changes.
 *
 * Changes are seen through `fs.watch` on the file's folder (so an editor that saves by renaming a new file over
 * the old one is seen too) and, as a fallback for file systems where that is unavailable or silent (network
 * mounts, some containers), by polling its metadata every {@link WORD_LIST_POLL_MS}. A file that becomes unusable
 * (deleted, unreadable, not UTF-8, a line without letters) keeps the previous list in force and is logged; a
 * file that is bad at startup stops the server with {@link WordListError}.
 */
export class BlockedWordList {
  private current: BlockedWordMatcher;
  private dirWatcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly path: string,
    initial: BlockedWordMatcher,
    private readonly logger: ServerLogger,
  ) {
    this.current = initial;
  }

  /** Reads the file (throws {@link WordListError}) and starts watching it. */
  static async open(path: string, logger: ServerLogger, pollMs = WORD_LIST_POLL_MS): Promise<BlockedWordList> {
    const absolute = resolve(path);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(absolute);
    } catch (error) {
      throw new WordListError(absolute, (error as Error).message);
    }
    const parsed = parseWordList(bytes);
    if ('error' in parsed) throw new WordListError(absolute, parsed.error);
    const list = new BlockedWordList(absolute, parsed.matcher, logger);
    list.startWatching(pollMs);
    logger.info({ path: absolute, entries: parsed.matcher.size }, 'blocked-words list loaded');
    return list;
  }

  /** The list in force. */
  get matcher(): BlockedWordMatcher {
    return this.current;
  }

  /** Whether `text` contains a blocked word or phrase. */
  blocks(text: string): boolean {
    return this.current.matches(text);
  }

  /** Calls `listener` after each successful reload. Returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the file again now; resolves when done (a bad file keeps the old list). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.readAndSwap());
    return this.reloading;
  }

  /** Stops watching the file. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reloadTimer);
    this.dirWatcher?.close();
    unwatchFile(this.path, this.onPoll);
  }

  private startWatching(pollMs: number): void {
    const name = basename(this.path);
    try {
      this.dirWatcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        // Some platforms do not name the file; then any change in the folder is a reason to look.
        if (file === null || file === name) this.scheduleReload();
      });
      this.dirWatcher.on('error', (error) => {
        this.logger.warn({ path: this.path, err: error.message }, 'watching the blocked-words folder failed; polling only');
        this.dirWatcher?.close();
        this.dirWatcher = undefined;
      });
    } catch (error) {
      this.logger.warn({ path: this.path, err: (error as Error).message }, 'cannot watch the blocked-words folder; polling only');
    }
    watchFile(this.path, { interval: pollMs, persistent: false }, this.onPoll);
  }

  private readonly onPoll = (now: { mtimeMs: number; size: number; ino: number }, before: { mtimeMs: number; size: number; ino: number }): void => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) this.scheduleReload();
  };

  private scheduleReload(): void {
    if (this.closed) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
  }

  private async readAndSwap(): Promise<void> {
    if (this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      this.logger.error({ path: this.path, err: (error as Error).message }, 'cannot read the blocked-words file; keeping the previous list');
      return;
    }
    const parsed = parseWordList(bytes);
    if ('error' in parsed) {
      this.logger.error({ path: this.path, err: parsed.error }, 'blocked-words file refused; keeping the previous list');
      return;
    }
    this.current = parsed.matcher;
    this.logger.info({ path: this.path, entries: parsed.matcher.size }, 'blocked-words list reloaded');
    for (const listener of this.listeners) listener();
  }
}
