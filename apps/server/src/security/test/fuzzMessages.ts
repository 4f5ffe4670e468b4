/**
 * Seeded generators of client messages for the fuzz test: real y-websocket messages from random editing
 * sessions, the same messages mutated (bit flips, truncation, junk, spliced varints), hostile Yjs payloads
 * from yjs issues #479/#498/#687, and plain random bytes.
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessMessage, syncStep1, syncStep2, syncUpdate } from './messages.js';

const HOSTILE_UPDATES = [
  Buffer.from('garbagedoc', 'base64'),
  Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
  Buffer.from('01ffffffff0f00000000', 'hex'),
  Buffer.from('', 'hex'),
].map((b) => Uint8Array.from(b));

/** A source of fuzz messages for one connection, from `gen`. */
export class FuzzMessages {
  private readonly doc = new Y.Doc();
  private readonly awareness = new Awareness(this.doc);
  private readonly valid: Uint8Array[] = [];

  constructor(private readonly gen: prng.PRNG) {
    this.doc.on('update', (u: Uint8Array) => this.valid.push(syncUpdate(u)));
    this.awareness.setLocalState({ name: prng.word(gen, 1, 8) });
  }

  /** The next message: roughly half well-formed, half hostile. */
  next(): Uint8Array {
    const g = this.gen;
    const roll = prng.int32(g, 0, 99);
    if (roll < 35) return this.edit();
    if (roll < 40) return awarenessMessage(this.awareness, [this.doc.clientID]);
    if (roll < 43) return syncStep1(this.doc);
    if (roll < 45) return syncStep2(this.doc);
    if (roll < 47) return Uint8Array.of(3);
    if (roll < 75) return this.mutate(this.sample());
    if (roll < 85) return syncUpdate(prng.oneOf(g, HOSTILE_UPDATES));
    if (roll < 92) return Uint8Array.from([0, prng.int32(g, 0, 3), ...prng.uint8Array(g, prng.int32(g, 0, 64))]);
    return prng.uint8Array(g, prng.int32(g, 0, 2048));
  }

  private edit(): Uint8Array {
    const g = this.gen;
    const text = this.doc.getText('prompt');
    if (text.length > 200 && prng.bool(g)) text.delete(prng.int32(g, 0, text.length - 10), 5);
    else if (prng.int32(g, 0, 9) === 0) this.doc.getMap('params').set(prng.oneOf(g, ['seed', 'steps', 'width']), prng.int32(g, -10, 5000));
    else text.insert(prng.int32(g, 0, text.length), prng.word(g, 1, 12));
    return this.valid.at(-1) ?? syncStep1(this.doc);
  }

  private sample(): Uint8Array {
    if (this.valid.length === 0) this.edit();
    return prng.oneOf(this.gen, this.valid);
  }

  private mutate(source: Uint8Array): Uint8Array {
    const g = this.gen;
    const out = Array.from(source);
    const ops = prng.int32(g, 1, 4);
    for (let i = 0; i < ops && out.length > 0; i++) {
      const at = prng.int32(g, 0, out.length - 1);
      switch (prng.int32(g, 0, 4)) {
        case 0: out[at] = out[at]! ^ (1 << prng.int32(g, 0, 7)); break;
        case 1: out.length = at; break;
        case 2: out.splice(at, 0, ...prng.uint8Array(g, prng.int32(g, 1, 16))); break;
        case 3: out.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0x0f); break;
        default: {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, prng.uint32(g, 0, 0xffffffff));
          out.splice(at, 1, ...encoding.toUint8Array(e));
        }
      }
    }
    return Uint8Array.from(out);
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}
