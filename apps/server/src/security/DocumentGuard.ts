/**
 * The checks an update must pass against the room's document before it is applied: the prompt stays under
 * its length limit, the encoded document under its size limit, updates waiting for missing dependencies under
 * theirs, and the sketch and canvas valid and within their limits ({@link CanvasGuard}). Yjs cannot undo an
 * applied update, so everything is decided beforehand.
 *
 * Every limit judges the state the update would produce, never "what is there plus what the update
 * carries": what the update deletes is credited, so a client reconnecting with an offline edit that replaced
 * the prompt is judged on the prompt it leaves. Cheap upper bounds decide most updates; only when a bound
 * crosses its limit is the exact answer worked out ({@link promptLengthAfter}, or the update applied to a
 * scratch copy of the document). An update that leaves its measure smaller than it found it is never
 * refused, even above the limit (a limit lowered across a restart).
 */
import { PROMPT_TEXT_NAME } from '@promptjam/protocol';
import * as Y from 'yjs';
import { CanvasGuard, type CanvasLimits } from './CanvasGuard.js';
import type { Limits } from './limits.js';
import { promptLengthAfter } from './promptAfterUpdate.js';
import { newStringUnits, startsBeyond, type UpdateSummary } from './updateSummary.js';

/** Why an update is refused against the document. */
export type DocumentCheck =
  | { ok: true }
  | { ok: false; reason: 'prompt-too-long' | 'document-too-big' | 'invalid-update' | 'sketch-refused' | 'image-refused'; detail: string };

/** The limits a document guard enforces. */
export type DocumentLimits = Pick<Limits, 'maxDocumentBytes' | 'maxPromptChars' | 'maxPendingUpdateBytes'> & CanvasLimits;

/** What an update would leave, measured on a scratch copy of the document. */
interface ScratchResult {
  /** The encoded document, in bytes (the measure of {@link DocumentGuard.measure}). */
  documentBytes: number;
  /** Updates still waiting for their dependencies, in bytes. */
  pendingBytes: number;
}

/** Bytes of updates the document holds back because their dependencies have not arrived. */
export function pendingUpdateBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.length ?? 0) + (doc.store.pendingDs?.length ?? 0);
}

/** Each client's next expected clock in `doc`. */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  const sv = new Map<number, number>();
  for (const client of doc.store.clients.keys()) sv.set(client, Y.getState(doc.store, client));
  return sv;
}

/**
 * One room document's guard. Keeps an upper bound of the encoded size (last exact measure plus every byte
 * admitted since) and measures exactly only when that bound would cross the limit, so most updates cost
 * nothing to check.
 */
export class DocumentGuard {
  private measuredBytes: number;
  private admittedSinceBytes = 0;
  /** The sketch and canvas checks (run last: they apply the update to a probe copy). */
  readonly canvas: CanvasGuard;

  constructor(
    readonly doc: Y.Doc,
    private readonly limits: DocumentLimits,
  ) {
    this.measuredBytes = Y.encodeStateAsUpdate(doc).length;
    this.canvas = new CanvasGuard(doc, limits);
  }

  /**
   * Decides whether `update` (already structure-checked, summarised in `summary`) may be applied.
   * On success the update's size is counted as applied; the caller must then apply it.
   */
  admit(update: Uint8Array, summary: UpdateSummary): DocumentCheck {
    const sv = stateVectorOf(this.doc);
    const prompt = this.doc.getText(PROMPT_TEXT_NAME);
    const inserted = newStringUnits(summary, sv);
    if (inserted > 0 && prompt.length + inserted > this.limits.maxPromptChars) {
      const after = promptLengthAfter(prompt, update, summary, sv);
      if (after > this.limits.maxPromptChars && after > prompt.length) {
        return { ok: false, reason: 'prompt-too-long', detail: `prompt would be ${after} characters, limit ${this.limits.maxPromptChars}` };
      }
    }
    let scratch: ScratchResult | undefined;
    const pendingNow = pendingUpdateBytes(this.doc);
    if (startsBeyond(summary, sv) && pendingNow + update.length > this.limits.maxPendingUpdateBytes) {
      scratch = this.applyToScratch(update);
      if (scratch.pendingBytes > this.limits.maxPendingUpdateBytes && scratch.pendingBytes > pendingNow) {
        return { ok: false, reason: 'invalid-update', detail: `update depends on changes the room never received (pending limit ${this.limits.maxPendingUpdateBytes} bytes)` };
      }
    }
    if (this.measuredBytes + this.admittedSinceBytes + update.length > this.limits.maxDocumentBytes) {
      const before = this.measure();
      if (before + update.length > this.limits.maxDocumentBytes) {
        scratch ??= this.applyToScratch(update);
        if (scratch.documentBytes > this.limits.maxDocumentBytes && scratch.documentBytes > before) {
          return { ok: false, reason: 'document-too-big', detail: `document would be ${scratch.documentBytes} bytes, limit ${this.limits.maxDocumentBytes}` };
        }
      }
    }
    const canvasCheck = this.canvas.admit(update, summary);
    if (!canvasCheck.ok) return canvasCheck;
    this.admittedSinceBytes += update.length;
    return { ok: true };
  }

  /** Applies `update` to a copy of the document (O(document)) and measures what it would leave. */
  private applyToScratch(update: Uint8Array): ScratchResult {
    const scratch = new Y.Doc({ gc: this.doc.gc });
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      Y.applyUpdate(scratch, update);
      return { documentBytes: Y.encodeStateAsUpdate(scratch).length, pendingBytes: pendingUpdateBytes(scratch) };
    } finally {
      scratch.destroy();
    }
  }

  /** Measures the encoded document exactly (O(document)); returns its size in bytes. */
  measure(): number {
    this.measuredBytes = Y.encodeStateAsUpdate(this.doc).length;
    this.admittedSinceBytes = 0;
    return this.measuredBytes;
  }

  /** The current upper bound of the encoded size, in bytes. */
  get boundBytes(): number {
    return this.measuredBytes + this.admittedSinceBytes;
  }
}
