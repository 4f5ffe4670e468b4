import type { FrameQuality } from '@promptjam/protocol';
import { batchCompatible, frameRequest, previewIsRefine } from './renderRequest.js';
import type { RenderSchedulerOptions } from './renderSchedulerOptions.js';
import { sameRenderInput } from './renderTypes.js';
import type { PlannedFrame, RoomSlot } from './roomSlot.js';

/** What taking a batch from the queue decided for each room it removed. */
export interface TakenBatch {
  /** The rooms to render now, head of the queue first; all compatible with the head. */
  batch: PlannedFrame[];
  /** Rooms with nothing new to draw (unchanged or empty input). */
  idle: RoomSlot[];
  /** Rooms whose newest input the hold check refused, with its reason. */
  held: Array<{ slot: RoomSlot; reason: string }>;
}

/**
 * What a queued room renders now, from its newest input; undefined when there is nothing new to draw. A changed
 * input renders as a preview while previews are on (unless the preview would be its refine: see
 * {@link previewIsRefine}); an unchanged one only as the refine its last preview owes.
 */
export function planFrame(slot: RoomSlot, options: RenderSchedulerOptions, previewsOn: boolean): PlannedFrame | undefined {
  const input = slot.client.renderInput();
  if (input.prompt.trim() === '') return undefined;
  let quality: FrameQuality;
  if (slot.lastInput && sameRenderInput(slot.lastInput, input)) {
    // Unchanged since the last frame: only a refine of a preview is left to do.
    if (slot.lastQuality !== 'preview' || slot.wants !== 'refine') return undefined;
    quality = 'refined';
  } else {
    quality = previewsOn && !previewIsRefine(input, options.hasPreviewDecoder?.() ?? false) ? 'preview' : 'refined';
  }
  return { slot, input, quality, request: frameRequest(input, quality, options) };
}

/**
 * Removes from `queue` (the scheduler's own array) its head and the compatible rooms behind it, up to `limit`, in
 * queue order, plus every room met on the way that has nothing to draw or is held. Incompatible rooms keep their
 * place. Each room's input is read now, so a batch renders every member's newest edit.
 */
export function takeBatch(queue: RoomSlot[], limit: number, options: RenderSchedulerOptions, previewsOn: boolean): TakenBatch {
  const taken: TakenBatch = { batch: [], idle: [], held: [] };
  for (let i = 0; i < queue.length && taken.batch.length < limit; ) {
    const slot = queue[i]!;
    const planned = planFrame(slot, options, previewsOn);
    const reason = planned && options.hold?.(planned.input);
    if (!planned) {
      queue.splice(i, 1);
      taken.idle.push(slot);
    } else if (reason !== undefined) {
      queue.splice(i, 1);
      taken.held.push({ slot, reason });
    } else if (taken.batch.length === 0 || batchCompatible(taken.batch[0]!.request, planned.request)) {
      queue.splice(i, 1);
      taken.batch.push(planned);
    } else {
      i++;
    }
  }
  return taken;
}
