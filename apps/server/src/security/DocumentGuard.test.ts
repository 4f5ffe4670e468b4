import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentGuard, pendingUpdateBytes } from './DocumentGuard.js';
import { DEFAULT_LIMITS } from './limits.js';
import { checkUpdate } from './updateStructure.js';
import type { UpdateSummary } from './updateSummary.js';

const checkOptions = { maxStructs: 1e6, maxClients: 1000, maxValueBytes: 1e6, allowedRootTypes: new Set(['prompt', 'params']), allowNestedTypes: false, budgetMs: 1e4 };

function summarise(update: Uint8Array): UpdateSummary {
  const check = checkUpdate(update, checkOptions);
  if (!check.ok) throw new Error(check.detail);
  return check.summary;
}

/** An update from a fresh client inserting `text` into the prompt of a replica of `room`. */
function insertFromReplica(room: Y.Doc, text: string, at = 0): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
  const before = Y.encodeStateVector(replica);
  replica.getText('prompt').insert(at, text);
  return Y.encodeStateAsUpdate(replica, before);
}

/** Admits and applies, as the server does. */
function admitAndApply(guard: DocumentGuard, update: Uint8Array): ReturnType<DocumentGuard['admit']> {
  const verdict = guard.admit(update, summarise(update));
  if (verdict.ok) Y.applyUpdate(guard.doc, update);
  return verdict;
}

describe('DocumentGuard', () => {
  const limits = { ...DEFAULT_LIMITS, maxPromptChars: 100, maxDocumentBytes: 4096, maxPendingUpdateBytes: 200 };

  it('admits edits up to the prompt limit and refuses the one that crosses it', () => {
    const guard = new DocumentGuard(new Y.Doc(), limits);
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'x'.repeat(60))).ok).toBe(true);
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'y'.repeat(40))).ok).toBe(true);
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'z'))).toMatchObject({ ok: false, reason: 'prompt-too-long' });
    expect(guard.doc.getText('prompt').length).toBe(100);
  });

  it('does not count text the document already has (a reconnecting client resending its state)', () => {
    const guard = new DocumentGuard(new Y.Doc(), limits);
    const client = new Y.Doc();
    client.getText('prompt').insert(0, 'p'.repeat(90));
    const full = Y.encodeStateAsUpdate(client);
    expect(admitAndApply(guard, full).ok).toBe(true);
    expect(admitAndApply(guard, full).ok).toBe(true);
  });

  it('refuses an update that would push the document over its size', () => {
    const guard = new DocumentGuard(new Y.Doc(), { ...limits, maxPromptChars: 1e6 });
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      const verdict = admitAndApply(guard, insertFromReplica(guard.doc, `${i}`.padEnd(90, '.')));
      if (!verdict.ok) {
        expect(verdict.reason).toBe('document-too-big');
        refused = true;
      }
    }
    expect(refused).toBe(true);
    expect(Y.encodeStateAsUpdate(guard.doc).length).toBeLessThanOrEqual(4096);
    expect(guard.measure()).toBeLessThanOrEqual(4096);
  });

  it('bounds updates waiting for dependencies that never arrive', () => {
    const guard = new DocumentGuard(new Y.Doc(), { ...limits, maxPromptChars: 1e6 });
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 40; i++) writer.getText('prompt').insert(0, `word${i} `);
    // Skip the first update: every later one depends on it and waits as pending.
    const verdicts = updates.slice(1).map((u) => admitAndApply(guard, u));
    expect(verdicts.some((v) => !v.ok && v.reason === 'invalid-update')).toBe(true);
    expect(pendingUpdateBytes(guard.doc)).toBeLessThanOrEqual(200 + 64);
    expect(guard.doc.getText('prompt').length).toBe(0);
  });

  it('credits what an update deletes: an offline edit that replaced a full prompt is judged on the text it leaves', () => {
    const guard = new DocumentGuard(new Y.Doc(), limits);
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'a'.repeat(99))).ok).toBe(true);
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(guard.doc));
    const known = Y.encodeStateVector(offline);
    offline.getText('prompt').delete(0, 99);
    offline.getText('prompt').insert(0, 'b'.repeat(99));
    // Meanwhile someone else fills the prompt to the limit.
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'c', 99)).ok).toBe(true);
    expect(admitAndApply(guard, Y.encodeStateAsUpdate(offline, known))).toEqual({ ok: true });
    expect(guard.doc.getText('prompt').toString()).toMatch(/^(b{99}c|cb{99})$/);
  });

  it('still refuses an update whose resulting prompt is over the limit, naming that length', () => {
    const guard = new DocumentGuard(new Y.Doc(), limits);
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'a'.repeat(99))).ok).toBe(true);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(guard.doc));
    const known = Y.encodeStateVector(replica);
    replica.getText('prompt').delete(0, 50);
    replica.getText('prompt').insert(0, 'b'.repeat(60));
    expect(admitAndApply(guard, Y.encodeStateAsUpdate(replica, known))).toEqual({ ok: false, reason: 'prompt-too-long', detail: 'prompt would be 109 characters, limit 100' });
    expect(guard.doc.getText('prompt').length).toBe(99);
  });

  it('credits text an update inserts and deletes itself, and admits any edit that shortens an over-limit prompt', () => {
    const guard = new DocumentGuard(new Y.Doc(), { ...limits, maxPromptChars: 1e6 });
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'a'.repeat(150))).ok).toBe(true);
    const lowered = new DocumentGuard(guard.doc, limits);
    const replica = new Y.Doc({ gc: false });
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(guard.doc));
    const known = Y.encodeStateVector(replica);
    replica.getText('prompt').insert(0, 'n'.repeat(80));
    replica.getText('prompt').delete(0, 120);
    expect(replica.getText('prompt').length).toBe(110);
    expect(admitAndApply(lowered, Y.encodeStateAsUpdate(replica, known))).toEqual({ ok: true });
    expect(guard.doc.getText('prompt').length).toBe(110);
  });

  it('credits deletions in the document size too: near the limit, replacing the prompt with less text is admitted', () => {
    const guard = new DocumentGuard(new Y.Doc(), { ...limits, maxPromptChars: 1e6 });
    expect(admitAndApply(guard, insertFromReplica(guard.doc, 'a'.repeat(3800))).ok).toBe(true);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(guard.doc));
    const known = Y.encodeStateVector(replica);
    replica.getText('prompt').delete(0, 3800);
    replica.getText('prompt').insert(0, 'b'.repeat(400));
    const update = Y.encodeStateAsUpdate(replica, known);
    expect(guard.measure() + update.length).toBeGreaterThan(4096);
    expect(admitAndApply(guard, update)).toEqual({ ok: true });
    expect(guard.measure()).toBeLessThanOrEqual(4096);
    expect(guard.doc.getText('prompt').toString()).toBe('b'.repeat(400));
  });
});
