import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** An argument of a Lua script: Redis receives strings and bytes as they are, numbers as decimal text. */
export type LuaArg = string | Buffer | Uint8Array | number;

/**
 * A Lua script run atomically inside Redis (EVALSHA, falling back to EVAL once when Redis has not cached it,
 * e.g. after a restart). Keys go in KEYS, everything else in ARGV, as Redis Cluster requires.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    /** For error messages. */
    readonly name: string,
    private readonly source: string,
    private readonly keyCount: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; integer and string replies come back as numbers and strings. */
  run(redis: Redis, keys: readonly string[], args: readonly LuaArg[]): Promise<unknown> {
    return this.call(keys, args, (sha, ...rest) => redis.evalsha(sha, ...rest), (...rest) => redis.eval(this.source, ...rest));
  }

  /** Runs the script; bulk replies come back as Buffers (for binary data). */
  runBuffer(redis: Redis, keys: readonly string[], args: readonly LuaArg[]): Promise<unknown> {
    return this.call(keys, args, (sha, ...rest) => redis.callBuffer('EVALSHA', [sha, ...rest]), (...rest) => redis.callBuffer('EVAL', [this.source, ...rest]));
  }

  private async call(
    keys: readonly string[],
    args: readonly LuaArg[],
    bySha: (sha: string, keyCount: number, ...rest: Array<string | Buffer | number>) => Promise<unknown>,
    bySource: (keyCount: number, ...rest: Array<string | Buffer | number>) => Promise<unknown>,
  ): Promise<unknown> {
    if (keys.length !== this.keyCount) throw new Error(`script ${this.name} takes ${this.keyCount} keys, got ${keys.length}`);
    const rest = [...keys, ...args.map((arg) => (arg instanceof Uint8Array && !Buffer.isBuffer(arg) ? Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength) : arg))] as Array<string | Buffer | number>;
    try {
      return await bySha(this.sha, this.keyCount, ...rest);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return bySource(this.keyCount, ...rest);
    }
  }
}
