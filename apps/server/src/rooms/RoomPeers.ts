import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RenderClient, RenderInput, RenderProgress } from '../render/renderTypes.js';

/**
 * Transaction origin of document and awareness updates that another cluster member already stored and
 * published: a room relays them to its own clients but neither stores nor publishes them again.
 */
export const PEER_ORIGIN = Symbol('peer');

/** What the cluster sees of a loaded room (the `Room` class). */
export interface PeerRoom extends RenderClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** What the room's last frame was rendered from, if it has one. */
  readonly lastRenderedInput: RenderInput | undefined;
  /** The newest frame message, if any, and the status message clients joining now receive. */
  latestFrame(): Uint8Array | undefined;
  latestStatus(): Uint8Array;
  /** Applies a frame or status message the room's owner published. */
  receivePeerFrame(message: Uint8Array): void;
  receivePeerStatus(message: Uint8Array): void;
  /** Makes the next frame's seq higher than `seq` (the seq stored by earlier owners), so seq never goes back. */
  raiseSeq(seq: number): void;
  /** Tells this server's clients only (cluster trouble). */
  showLocalStatus(progress: RenderProgress): void;
  /** Writes the whole document (reconciliation, compaction) and the newest frame. */
  flush(): Promise<void>;
}

/**
 * The other servers a room shares its clients with (cluster mode, `src/cluster/`). A single server has none:
 * its rooms render whenever they are dirty and deliver straight to their clients.
 *
 * With peers, a room's document updates travel through the store (`RoomStorage.appendUpdate`), presence through
 * {@link publishAwareness}, and frames and status only through the publish methods, which succeed only while
 * this server holds the room's render lease: a server that cannot prove it owns a room never shows its clients
 * a frame or a status as if it did.
 */
export interface RoomPeers {
  /** A room was loaded here: follow the others' edits, presence and frames, and render it while this server owns it. */
  roomLoaded(room: PeerRoom): void;
  /** A room was unloaded here (flushed first): stop following it and give up its lease. */
  roomUnloaded(roomId: string): void;
  /** Shares a presence update (y-protocols awareness update bytes) made by this server's clients. */
  publishAwareness(roomId: string, update: Uint8Array): void;
  /**
   * Publishes a frame message (type 100, encoded once) to every server of the room, fenced by this server's
   * lease. Resolves false, publishing nothing, when this server does not own the room (any more).
   */
  publishFrame(roomId: string, message: Uint8Array): Promise<boolean>;
  /** Publishes a status message (type 101) like {@link publishFrame}. */
  publishStatus(roomId: string, message: Uint8Array): Promise<boolean>;
}
