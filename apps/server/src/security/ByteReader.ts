/**
 * A bounds-checked reader for lib0-encoded bytes from untrusted clients. Unlike lib0's decoder it never
 * reads past the end (lib0's `readUint8` returns `undefined` there), never accepts a number above
 * `Number.MAX_SAFE_INTEGER`, and refuses counts that the remaining bytes cannot possibly hold, so a tiny
 * message cannot claim a billion entries. Failures throw {@link MalformedInputError}, which the checks in
 * this folder catch and turn into values; it never escapes them.
 */

/** Bytes that do not follow the expected encoding; `offset` is where reading stopped. */
export class MalformedInputError extends Error {
  override name = 'MalformedInputError';
  constructor(
    readonly expected: string,
    readonly offset: number,
  ) {
    super(`expected ${expected} at byte ${offset}`);
  }
}

/** lib0's own decoder settings: invalid UTF-8 throws, a BOM is kept as a character. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class ByteReader {
  /** Read position, in bytes from the start of `bytes`. */
  pos = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Bytes not read yet. */
  remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Whether everything has been read. */
  atEnd(): boolean {
    return this.pos === this.bytes.length;
  }

  uint8(): number {
    if (this.pos >= this.bytes.length) throw new MalformedInputError('a byte, found the end', this.pos);
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 varint (lib0 `writeVarUint`), at most 2^53 - 1. */
  varUint(): number {
    const start = this.pos;
    let value = 0;
    let multiplier = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new MalformedInputError('a varint, found the end (truncated)', start);
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * multiplier;
      if (value > Number.MAX_SAFE_INTEGER) throw new MalformedInputError('a varint below 2^53', start);
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
  }

  /** A count of entries that each take at least `minBytesEach` bytes; refuses counts the rest cannot hold. */
  count(minBytesEach: number, what: string): number {
    const at = this.pos;
    const n = this.varUint();
    if (n * minBytesEach > this.remaining()) throw new MalformedInputError(`a ${what} count the message can hold, found ${n}`, at);
    return n;
  }

  /** Skips a lib0 signed varint (`writeVarInt`): continuation bit 0x80 on every byte but the last. */
  skipVarInt(): void {
    const start = this.pos;
    for (let i = 0; i < 8; i++) {
      if (this.uint8() < 0x80) return;
    }
    throw new MalformedInputError('a signed varint of at most 8 bytes', start);
  }

  /** `len` raw bytes (a view, not a copy). */
  bytesOf(len: number): Uint8Array {
    if (len > this.remaining()) throw new MalformedInputError(`${len} bytes, found ${this.remaining()}`, this.pos);
    const view = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return view;
  }

  /** A length-prefixed byte array (lib0 `writeVarUint8Array`). */
  varBytes(): Uint8Array {
    return this.bytesOf(this.varUint());
  }

  /** A length-prefixed UTF-8 string, decoded the way lib0 does; invalid UTF-8 is malformed input. */
  varString(): string {
    return this.utf8(this.varBytes());
  }

  /** Decodes UTF-8 bytes read earlier; invalid UTF-8 is malformed input. */
  utf8(bytes: Uint8Array): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new MalformedInputError('valid UTF-8', this.pos);
    }
  }

  /** Fails unless every byte has been read. */
  expectEnd(what: string): void {
    if (!this.atEnd()) throw new MalformedInputError(`the end of ${what}, found ${this.remaining()} more bytes`, this.pos);
  }
}
