import type { RenderScheduler } from '../render/RenderScheduler.js';
import { sameRenderInput } from '../render/renderTypes.js';
import type { PeerRoom } from './RoomPeers.js';

/**
 * Hands a room to the scheduler: on a single server when it loads, in a cluster when this server takes its
 * render lease. A frame older than the document (its renderer stopped mid-render, or died) is redrawn; a room
 * whose frame matches its document is not rendered again.
 */
export function startRendering(scheduler: Pick<RenderScheduler, 'register' | 'markDirty'>, room: Pick<PeerRoom, 'id' | 'lastRenderedInput' | 'renderInput' | 'onProgress' | 'onFrame' | 'onRenderError'>): void {
  const last = room.lastRenderedInput;
  scheduler.register(room, last);
  if (!last || !sameRenderInput(last, room.renderInput())) scheduler.markDirty(room.id);
}
