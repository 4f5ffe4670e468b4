/**
 * The checks an update must pass against the room's document before it is applied: the prompt stays under
 * its length limit, the encoded document under its size limit, updates waiting for missing dependencies under
 * theirs, and the sketch and canvas valid and within their limits ({@link CanvasGuard}). Yjs cannot undo an applied update, so everything is decided beforehand from
 * the update's {@link UpdateSummary}.
 *
 * The prompt check is conservative: it counts the prompt's current length plus every character the update
 * inserts that the document lacks, without crediting deletions in the same update.
 */
import { PROMPT_TEXT_NAME } from '@promptjam/protocol';
import * as Y from 'yjs';
import { CanvasGuard, type CanvasLimits } from './CanvasGuard.js';
import type { Limits } from './limits.js';
import { newStringUnits, startsBeyond, type UpdateSummary } from './updateSummary.js';

/** Why an update is refused against the document. */
export type DocumentCheck =
  | { ok: true }
  | { ok: false; reason: 'prompt-too-long' | 'document-too-big' | 'invalid-update' | 'sketch-refused' | 'image-refused'; detail: string };

/** The limits a document guard enforces. */
export type DocumentLimits = Pick<Limits, 'maxDocumentBytes' | 'maxPromptChars' | 'maxPendingUpdateBytes'> & CanvasLimits;

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
    const promptLength = this.doc.getText(PROMPT_TEXT_NAME).length;
    const inserted = newStringUnits(summary, sv);
    if (inserted > 0 && promptLength + inserted > this.limits.maxPromptChars) {
      return { ok: false, reason: 'prompt-too-long', detail: `prompt would reach ${promptLength + inserted} characters, limit ${this.limits.maxPromptChars}` };
    }
    if (startsBeyond(summary, sv) && pendingUpdateBytes(this.doc) + update.length > this.limits.maxPendingUpdateBytes) {
      return { ok: false, reason: 'invalid-update', detail: `update depends on state the room does not have (pending limit ${this.limits.maxPendingUpdateBytes} bytes)` };
    }
    if (this.measuredBytes + this.admittedSinceBytes + update.length > this.limits.maxDocumentBytes) {
      this.measure();
      if (this.measuredBytes + update.length > this.limits.maxDocumentBytes) {
        return { ok: false, reason: 'document-too-big', detail: `document would exceed ${this.limits.maxDocumentBytes} bytes` };
      }
    }
    const canvasCheck = this.canvas.admit(update, summary);
    if (!canvasCheck.ok) return canvasCheck;
    this.admittedSinceBytes += update.length;
    return { ok: true };
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
