/**
 * A strict structure check of a Yjs v1 update (what y-protocols sync step 2 and update messages carry),
 * run before the update touches a room's document.
 *
 * Yjs trusts its writers: `Y.applyUpdate` on hostile bytes can loop for a long time, allocate arrays sized by
 * a claimed count, create root types named by the sender, or throw halfway through (yjs issues #479, #498,
 * #687). This reader walks the same format with bounds checks, linear in the input, under a struct count and
 * a time budget, and refuses anything that is not exactly one well-formed update. It also summarises what the
 * update writes, so the caller can check the prompt length and document size *before* applying it.
 *
 * Format (yjs `writeClientsStructs` / `Item.write` / `writeDeleteSet`, v1 encoder): varUint(#clients), per
 * client varUint(#structs) varUint(client) varUint(firstClock) then structs; per struct an info byte whose low
 * 5 bits name GC (0), Skip (10) or the content type, BIT8/BIT7 flag an origin / right origin ID, and without
 * either a parent (root key or ID) and, with BIT6, a map key follow; then the delete set.
 */
import { ByteReader, MalformedInputError } from './ByteReader.js';
import { startWorkStopwatch, type StartStopwatch, type Stopwatch } from './workTime.js';
import type { UpdateSummary } from './updateSummary.js';

/** Largest clock (and clock + length) accepted: Yjs clocks count a client's operations, far below this. */
export const MAX_CLOCK = 2 ** 32;
/** Deepest nesting accepted inside one `Any` value (params are flat numbers). */
export const MAX_ANY_DEPTH = 16;

/** Limits the check enforces. */
export interface UpdateCheckOptions {
  maxStructs: number;
  maxClients: number;
  /** Largest single non-text value (JSON, Any, Binary, Embed, Format, map key), in bytes. */
  maxValueBytes: number;
  /**
   * Largest single byte-array value (a `Uint8Array` in an Any, or Binary content), in bytes: the room's starting
   * image. Where such a value may sit is the document check's business (CanvasGuard); here only its size.
   * Defaults to `maxValueBytes`.
   */
  maxBinaryBytes?: number;
  /** Root type names an item may name as its parent (`prompt`, `params`). */
  allowedRootTypes: ReadonlySet<string>;
  /**
   * Whether nested `Y.Array` and `Y.Map` types are accepted (the sketch's strokes and their points); nested
   * text and XML types and subdocuments never are.
   */
  allowNestedTypes: boolean;
  /** Work the check may take, in ms (see workTime.ts: a busy machine does not count), before the update is refused. */
  budgetMs: number;
  /** The stopwatch for the budget (injectable for tests); the lesser of wall-clock and process CPU time by default. */
  startStopwatch?: StartStopwatch;
}

/** The outcome: the summary, or why the update is refused. */
export type UpdateCheck =
  | { ok: true; summary: UpdateSummary }
  | { ok: false; reason: 'invalid-update' | 'value-too-big' | 'update-too-big' | 'image-refused'; detail: string };

/** Internal: a refusal for a reason other than malformed bytes. */
class RefusedUpdate extends Error {
  constructor(
    readonly reason: 'value-too-big' | 'update-too-big' | 'invalid-update' | 'image-refused',
    detail: string,
  ) {
    super(detail);
  }
}

const BIT6 = 0x20;
const BIT7 = 0x40;
const BIT8 = 0x80;
const CONTENT_REF_MASK = 0x1f;
const GC_REF = 0;
const SKIP_REF = 10;
const MAX_TYPE_REF = 6;
/** Yjs type refs (`YArrayRefID`, `YMapRefID`): the only shared types that may nest. */
const NESTABLE_TYPE_REFS: ReadonlySet<number> = new Set([0, 1]);
/** lib0 `writeAny` tag of a `Uint8Array`. */
const ANY_UINT8ARRAY_TAG = 116;

/** Checks `update` (a v1 update, exactly) against `options`. Never throws. */
export function checkUpdate(update: Uint8Array, options: UpdateCheckOptions): UpdateCheck {
  if (update.length === 0) return { ok: false, reason: 'invalid-update', detail: 'zero-length update' };
  const walker = new UpdateWalker(new ByteReader(update), options);
  try {
    return { ok: true, summary: walker.walk() };
  } catch (error) {
    if (error instanceof MalformedInputError) return { ok: false, reason: 'invalid-update', detail: error.message };
    if (error instanceof RefusedUpdate) return { ok: false, reason: error.reason, detail: error.message };
    return { ok: false, reason: 'invalid-update', detail: `unexpected ${String(error)}` };
  }
}

class UpdateWalker {
  private readonly summary: UpdateSummary = { structs: 0, items: 0, runs: [], deleteRanges: 0, strings: [], rootTypes: [] };
  private readonly elapsedMs: Stopwatch;
  private steps = 0;

  constructor(
    private readonly r: ByteReader,
    private readonly o: UpdateCheckOptions,
  ) {
    this.elapsedMs = (o.startStopwatch ?? startWorkStopwatch)();
  }

  walk(): UpdateSummary {
    const clientCount = this.r.count(3, 'client');
    if (clientCount > this.o.maxClients) throw new RefusedUpdate('update-too-big', `${clientCount} writers in one update, limit ${this.o.maxClients}`);
    const seen = new Set<number>();
    for (let i = 0; i < clientCount; i++) this.clientStructs(seen);
    this.deleteSet();
    this.r.expectEnd('the update');
    return this.summary;
  }

  private clientStructs(seen: Set<number>): void {
    const structCount = this.r.count(2, 'struct');
    const client = this.r.varUint();
    if (seen.has(client)) throw new MalformedInputError(`each client once, found client ${client} twice`, this.r.pos);
    seen.add(client);
    const first = this.clock(this.r.varUint());
    let clock = first;
    for (let i = 0; i < structCount; i++) {
      this.tick(true);
      clock = this.clock(clock + this.struct(client, clock));
    }
    this.summary.runs.push({ client, clock: first, end: clock });
  }

  /** Reads one struct; returns its length in clock units. */
  private struct(client: number, clock: number): number {
    const at = this.r.pos;
    const info = this.r.uint8();
    const ref = info & CONTENT_REF_MASK;
    if (ref === GC_REF || ref === SKIP_REF) {
      if (info !== ref) throw new MalformedInputError('no flag bits on a GC or Skip struct', at);
      return this.positive(this.r.varUint(), at);
    }
    this.summary.items++;
    const hasOrigin = (info & BIT8) !== 0;
    const hasRightOrigin = (info & BIT7) !== 0;
    if (hasOrigin) this.id(client, clock);
    if (hasRightOrigin) this.id(client, clock);
    if (!hasOrigin && !hasRightOrigin) {
      const parentInfo = this.r.varUint();
      if (parentInfo === 1) this.rootKey();
      else if (parentInfo === 0) this.id(client, clock);
      else throw new MalformedInputError(`parent info 0 or 1, found ${parentInfo}`, at);
      if ((info & BIT6) !== 0) this.r.utf8(this.value(this.r.varBytes(), 'map key'));
    }
    return this.content(ref, client, clock, at);
  }

  private content(ref: number, client: number, clock: number, at: number): number {
    switch (ref) {
      case 1: // Deleted
        return this.positive(this.r.varUint(), at);
      case 2: { // JSON: strings, each JSON or "undefined"
        const n = this.positive(this.r.count(1, 'JSON value'), at);
        for (let i = 0; i < n; i++) {
          const text = this.r.utf8(this.value(this.r.varBytes(), 'JSON value'));
          if (text !== 'undefined') this.json(text, at);
        }
        return n;
      }
      case 3: // Binary
        this.binary(this.r.varBytes().length);
        return 1;
      case 4: { // String
        const text = this.r.varString();
        const length = this.positive(text.length, at);
        this.summary.strings.push({ client, clock, end: clock + length });
        return length;
      }
      case 5: // Embed
        this.json(this.r.utf8(this.value(this.r.varBytes(), 'embed')), at);
        return 1;
      case 6: // Format: key, JSON value
        this.r.utf8(this.value(this.r.varBytes(), 'format key'));
        this.json(this.r.utf8(this.value(this.r.varBytes(), 'format value')), at);
        return 1;
      case 7: // Type
        return this.nestedType(at);
      case 8: { // Any
        const n = this.positive(this.r.count(1, 'value'), at);
        for (let i = 0; i < n; i++) {
          const start = this.r.pos;
          this.any(0);
          const bytes = this.r.pos - start;
          if (this.r.bytes[start] === ANY_UINT8ARRAY_TAG) this.binary(bytes);
          else if (bytes > this.o.maxValueBytes) this.tooBig('value', bytes);
        }
        return n;
      }
      case 9:
        throw new RefusedUpdate('invalid-update', 'subdocuments are not accepted');
      default:
        throw new MalformedInputError(`a known content type, found ${ref}`, at);
    }
  }

  private nestedType(at: number): number {
    if (!this.o.allowNestedTypes) throw new RefusedUpdate('invalid-update', 'nested shared types are not accepted');
    const typeRef = this.r.varUint();
    if (typeRef > MAX_TYPE_REF) throw new MalformedInputError(`a type ref 0-${MAX_TYPE_REF}, found ${typeRef}`, at);
    if (!NESTABLE_TYPE_REFS.has(typeRef)) throw new RefusedUpdate('invalid-update', 'only Y.Array and Y.Map types may be nested');
    return 1;
  }

  /** Walks one lib0 `Any` value (lib0 `writeAny`), bounded in depth. */
  private any(depth: number): void {
    if (depth > MAX_ANY_DEPTH) throw new RefusedUpdate('value-too-big', `values nested deeper than ${MAX_ANY_DEPTH}`);
    const at = this.r.pos;
    const tag = this.r.uint8();
    switch (tag) {
      case 127: case 126: case 121: case 120: return; // undefined, null, false, true
      case 125: this.r.skipVarInt(); return;
      case 124: this.r.bytesOf(4); return;
      case 123: case 122: this.r.bytesOf(8); return; // float64, bigint64
      case 119: this.r.varString(); return;
      case 116: this.r.varBytes(); return; // Uint8Array
      case 118: { // object
        const n = this.r.count(2, 'object entry');
        for (let i = 0; i < n; i++) {
          const key = this.r.varString();
          if (key === '__proto__') throw new RefusedUpdate('invalid-update', 'an object key __proto__');
          this.any(depth + 1);
        }
        return;
      }
      case 117: { // array
        const n = this.r.count(1, 'array element');
        for (let i = 0; i < n; i++) this.any(depth + 1);
        return;
      }
      default:
        throw new MalformedInputError(`an Any type tag 116-127, found ${tag}`, at);
    }
  }

  private deleteSet(): void {
    const clients = this.r.count(2, 'delete set client');
    for (let i = 0; i < clients; i++) {
      this.r.varUint();
      const ranges = this.r.count(2, 'delete range');
      for (let j = 0; j < ranges; j++) {
        this.tick(false);
        const at = this.r.pos;
        this.clock(this.r.varUint() + this.positive(this.r.varUint(), at));
        this.summary.deleteRanges++;
      }
    }
  }

  private rootKey(): void {
    const key = this.r.varString();
    if (!this.o.allowedRootTypes.has(key)) throw new RefusedUpdate('invalid-update', `root type ${JSON.stringify(key.slice(0, 32))} is not part of a room document`);
    if (!this.summary.rootTypes.includes(key)) this.summary.rootTypes.push(key);
  }

  /**
   * Reads an ID that the item at (`client`, `clock`) points to. Yjs resolves a reference to the item's own
   * client without checking it exists (it must come earlier), so one that does not come earlier would throw
   * halfway through integration.
   */
  private id(client: number, clock: number): void {
    const at = this.r.pos;
    const refClient = this.r.varUint();
    const refClock = this.clock(this.r.varUint());
    if (refClient === client && refClock >= clock) throw new MalformedInputError(`a reference to an earlier struct of client ${client}`, at);
  }

  private clock(value: number): number {
    if (value > MAX_CLOCK) throw new RefusedUpdate('invalid-update', `a clock above 2^32 (${value})`);
    return value;
  }

  private positive(n: number, at: number): number {
    if (n < 1) throw new MalformedInputError('a length of at least 1', at);
    return n;
  }

  private value(bytes: Uint8Array, what: string): Uint8Array {
    if (bytes.length > this.o.maxValueBytes) this.tooBig(what, bytes.length);
    return bytes;
  }

  private binary(bytes: number): void {
    const limit = this.o.maxBinaryBytes ?? this.o.maxValueBytes;
    // The only byte array a room document holds is its starting image, so the refusal names it.
    if (bytes > limit) throw new RefusedUpdate('image-refused', `image of ${bytes} bytes, limit ${limit}`);
  }

  private json(text: string, at: number): void {
    try {
      JSON.parse(text);
    } catch {
      throw new MalformedInputError('a JSON value', at);
    }
  }

  private tooBig(what: string, bytes: number): never {
    throw new RefusedUpdate('value-too-big', `a ${what} of ${bytes} bytes, limit ${this.o.maxValueBytes}`);
  }

  /** Counts one struct or delete range; checks the struct limit and, every 256 steps, the time budget. */
  private tick(isStruct: boolean): void {
    if (isStruct && ++this.summary.structs > this.o.maxStructs) {
      throw new RefusedUpdate('update-too-big', `more than ${this.o.maxStructs} structs in one update`);
    }
    if ((++this.steps & 0xff) === 0 && this.elapsedMs() > this.o.budgetMs) {
      throw new RefusedUpdate('invalid-update', `structure check exceeded ${this.o.budgetMs} ms`);
    }
  }
}
