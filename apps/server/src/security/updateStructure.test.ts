import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from './limits.js';
import { checkUpdate, type UpdateCheckOptions } from './updateStructure.js';
import { isEmptyUpdate, newStringUnits, startsBeyond } from './updateSummary.js';

const options: UpdateCheckOptions = {
  maxStructs: DEFAULT_LIMITS.maxStructsPerUpdate,
  maxClients: DEFAULT_LIMITS.maxClientsPerUpdate,
  maxValueBytes: DEFAULT_LIMITS.maxValueBytes,
  allowedRootTypes: new Set(['prompt', 'params']),
  allowNestedTypes: false,
  budgetMs: 10_000,
};

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Collects every update a doc emits while `edit` runs. */
function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array): void => void out.push(u);
  doc.on('update', onUpdate);
  edit();
  doc.off('update', onUpdate);
  return out;
}

/** A document after seeded random prompt and params edits, with every update it emitted. */
function randomDoc(seed: number, edits: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const gen = prng.create(seed);
  const doc = new Y.Doc();
  const text = doc.getText('prompt');
  const params = doc.getMap('params');
  const updates = updatesOf(doc, () => {
    for (let i = 0; i < edits; i++) {
      const op = prng.int32(gen, 0, 9);
      if (op < 5) text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
      else if (op < 8 && text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.delete(at, Math.min(prng.int32(gen, 1, 4), text.length - at));
      } else params.set(prng.oneOf(gen, ['seed', 'steps', 'width']), prng.int32(gen, 0, 1000));
    }
  });
  return { doc, updates };
}

describe('checkUpdate accepts what Yjs writes', () => {
  it('accepts every incremental update, full state and diff of random documents', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { doc, updates } = randomDoc(seed, 200);
      for (const u of updates) expect(checkUpdate(u, options)).toMatchObject({ ok: true });
      const state = Y.encodeStateAsUpdate(doc);
      const check = checkUpdate(state, options);
      expect(check.ok).toBe(true);
      const half = new Y.Doc();
      updates.slice(0, 100).forEach((u) => Y.applyUpdate(half, u));
      expect(checkUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(half)), options).ok).toBe(true);
      expect(checkUpdate(Y.mergeUpdates([updates[3]!, updates[150]!]), options).ok).toBe(true); // carries a Skip
    }
  });

  it('accepts formatting, embeds and JSON values within the value limit', () => {
    const doc = new Y.Doc();
    const updates = updatesOf(doc, () => {
      doc.getText('prompt').insert(0, 'a cat', { bold: true });
      doc.getText('prompt').insertEmbed(0, { image: 'x' });
      doc.getMap('params').set('nested', { list: [1, 2.5, 'x', null, true, new Uint8Array([1, 2])] });
    });
    for (const u of updates) expect(checkUpdate(u, options).ok).toBe(true);
  });

  it('summarises what an update writes', () => {
    const doc = new Y.Doc();
    const [insert] = updatesOf(doc, () => doc.getText('prompt').insert(0, 'héllo 🐱'));
    const check = checkUpdate(insert!, options);
    if (!check.ok) throw new Error(check.detail);
    expect(check.summary.items).toBe(1);
    expect(check.summary.rootTypes).toEqual(['prompt']);
    expect(newStringUnits(check.summary, new Map())).toBe('héllo 🐱'.length);
    expect(newStringUnits(check.summary, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(0);
    expect(newStringUnits(check.summary, new Map([[doc.clientID, 3]]))).toBe('héllo 🐱'.length - 3);
    expect(startsBeyond(check.summary, new Map())).toBe(false);
    const [more] = updatesOf(doc, () => doc.getText('prompt').insert(0, 'x'));
    const next = checkUpdate(more!, options);
    expect(next.ok && startsBeyond(next.summary, new Map())).toBe(true);
  });

  it('sees an empty update as empty', () => {
    const check = checkUpdate(Y.encodeStateAsUpdate(new Y.Doc()), options);
    expect(check.ok && isEmptyUpdate(check.summary)).toBe(true);
  });
});

describe('checkUpdate refuses hostile updates', () => {
  const refused = (u: Uint8Array, o: UpdateCheckOptions = options): string => {
    const check = checkUpdate(u, o);
    if (check.ok) throw new Error(`accepted ${Buffer.from(u).toString('hex')}`);
    return check.reason;
  };

  it('refuses empty, one-byte and truncated updates (yjs #498)', () => {
    expect(refused(new Uint8Array())).toBe('invalid-update');
    expect(refused(new Uint8Array([0]))).toBe('invalid-update');
    expect(refused(new Uint8Array([0x80]))).toBe('invalid-update');
    const { updates } = randomDoc(7, 10);
    const u = updates[0]!;
    for (let cut = 1; cut < u.length; cut++) expect(refused(u.subarray(0, cut))).toBe('invalid-update');
  });

  it('refuses the garbage of yjs #479 and the run-length bombs of yjs #687', () => {
    expect(refused(Uint8Array.from(Buffer.from('garbagedoc', 'base64')))).toBe('invalid-update');
    expect(refused(hex('00010000000001000100010200001602000001fdffffffff7f0000'))).toBe('invalid-update');
    expect(refused(hex('01ffffffff0f00000000'))).toBe('invalid-update'); // claims 2^32 structs in 10 bytes
  });

  it('refuses trailing bytes and a client listed twice', () => {
    const { updates } = randomDoc(3, 5);
    expect(refused(Uint8Array.from([...updates[0]!, 0]))).toBe('invalid-update');
    // two sections for client 5 (1 struct, client 5, clock 0 then 1; a GC of length 1 each), empty delete set
    expect(refused(hex('02' + '0105000001' + '0105010001' + '00'))).toBe('invalid-update');
    expect(checkUpdate(hex('01' + '0105000001' + '00'), options).ok).toBe(true);
  });

  it('refuses unknown root types, subdocuments and nested types', () => {
    const doc = new Y.Doc();
    const [other] = updatesOf(doc, () => doc.getText('evil').insert(0, 'x'));
    expect(refused(other!)).toBe('invalid-update');
    const [sub] = updatesOf(doc, () => doc.getMap('params').set('doc', new Y.Doc()));
    expect(refused(sub!)).toBe('invalid-update');
    const [nested] = updatesOf(doc, () => doc.getMap('params').set('map', new Y.Map()));
    expect(refused(nested!)).toBe('invalid-update');
    expect(checkUpdate(nested!, { ...options, allowNestedTypes: true }).ok).toBe(true);
    const [nestedText] = updatesOf(doc, () => doc.getMap('params').set('text', new Y.Text('x')));
    expect(checkUpdate(nestedText!, { ...options, allowNestedTypes: true })).toMatchObject({ ok: false, reason: 'invalid-update' });
  });

  it('admits byte arrays up to maxBinaryBytes and names a bigger one as an image refusal', () => {
    const doc = new Y.Doc();
    const [image] = updatesOf(doc, () => doc.getMap('params').set('image', new Uint8Array(5000)));
    expect(checkUpdate(image!, { ...options, maxValueBytes: 1024, maxBinaryBytes: 8192 }).ok).toBe(true);
    expect(checkUpdate(image!, { ...options, maxValueBytes: 1024, maxBinaryBytes: 4096 })).toMatchObject({ ok: false, reason: 'image-refused' });
    expect(checkUpdate(image!, { ...options, maxValueBytes: 1024 })).toMatchObject({ ok: false, reason: 'image-refused' });
  });

  it('refuses oversized values, too many structs and too many writers', () => {
    const doc = new Y.Doc();
    const [big] = updatesOf(doc, () => doc.getMap('params').set('seed', 'x'.repeat(2000)));
    expect(refused(big!)).toBe('value-too-big');
    const [deep] = updatesOf(doc, () => doc.getMap('params').set('deep', JSON.parse('['.repeat(40) + ']'.repeat(40))));
    expect(refused(deep!)).toBe('value-too-big');
    const { doc: many } = randomDoc(5, 300);
    expect(refused(Y.encodeStateAsUpdate(many), { ...options, maxStructs: 10 })).toBe('update-too-big');
    const writers = Y.mergeUpdates([21, 22, 23].map((seed) => Y.encodeStateAsUpdate(randomDoc(seed, 3).doc)));
    expect(refused(writers, { ...options, maxClients: 2 })).toBe('update-too-big');
  });

  it('refuses clocks beyond 2^32', () => {
    // one client (1) starting at clock 2^32 with one GC struct of length 1, empty delete set
    expect(refused(hex('0101' + '01' + '8080808010' + '0001' + '00'))).toBe('invalid-update');
  });

  it('stops when the time budget runs out', () => {
    const { doc } = randomDoc(9, 2000);
    const slowStopwatch = () => {
      let t = 0;
      return (): number => (t += 1000);
    };
    expect(refused(Y.encodeStateAsUpdate(doc), { ...options, budgetMs: 50, startStopwatch: slowStopwatch })).toBe('invalid-update');
  });
});

describe('checkUpdate agrees with Yjs on mutated updates', () => {
  it('whatever it accepts, Y.applyUpdate applies without throwing', () => {
    const gen = prng.create(4242);
    const { doc, updates } = randomDoc(11, 300);
    const samples = [Y.encodeStateAsUpdate(doc), ...updates.slice(0, 40)];
    let accepted = 0;
    const prefilled = Y.encodeStateAsUpdate(randomDoc(12, 200).doc);
    const partial = updates.slice(0, 150);
    for (let i = 0; i < 20_000; i++) {
      const u = Uint8Array.from(prng.oneOf(gen, samples));
      const flips = prng.int32(gen, 1, 3);
      for (let f = 0; f < flips; f++) u[prng.int32(gen, 0, u.length - 1)] = prng.uint32(gen, 0, 255);
      const check = checkUpdate(u, options);
      if (!check.ok) continue;
      accepted++;
      const target = new Y.Doc();
      if (i % 3 === 1) Y.applyUpdate(target, prefilled);
      if (i % 3 === 2) partial.forEach((p) => Y.applyUpdate(target, p));
      expect(() => Y.applyUpdate(target, u), Buffer.from(u).toString('hex')).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
