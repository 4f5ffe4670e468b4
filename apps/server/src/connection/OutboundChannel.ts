/** The part of a `ws` WebSocket the outbound channel uses (a fake one in unit tests). */
export interface OutboundSocket {
  readonly readyState: number;
  /** Bytes queued but not yet handed to the kernel. */
  readonly bufferedAmount: number;
  send(data: Uint8Array, callback: (error?: Error | null) => void): void;
}

/**
 * The byte stream under the WebSocket (the upgraded TCP socket). Corked, its writes wait in memory and go to the
 * kernel together when it is uncorked (Node's `Writable.cork`/`uncork`; nested corks count).
 */
export interface CorkableTransport {
  cork(): void;
  uncork(): void;
}

/** `WebSocket.OPEN`. */
const OPEN = 1;

/** What became of one frame handed to a client. */
export type FrameOutcome = 'sent' | 'deferred' | 'closed';

/** Where the channel reports what it did with frames (the server's metrics). */
export interface FrameCounters {
  /** A frame was handed to the socket (now, or later when it drained). */
  frameSent(): void;
  /** A pending frame was superseded by a newer one before the socket drained. */
  frameDropped(): void;
}

/** The send policy's thresholds, in bytes. */
export interface OutboundLimits {
  /** Above this many unsent bytes, frames wait (latest only) instead of being queued. */
  frameSkipBufferedBytes: number;
  /** Above this many unsent bytes the client is too slow to keep: `onOverflow` is called. */
  maxBufferedBytes: number;
}

/**
 * What goes out to one client, and in what order. Yjs sync and awareness messages are always sent (dropping one
 * would leave the client's document inconsistent). Frames are sent while the socket keeps up; when it has more
 * than `frameSkipBufferedBytes` unsent, only the newest frame is kept and goes out once the socket drains, so a
 * slow client skips frames and never delays anyone else. The frame buffer itself is shared by every client.
 *
 * With a `transport`, everything sent to the client in one turn of the event loop goes to the kernel in one write:
 * a frame and the status that follows it (and the next batch's `generating`) cost one system call, not three. At
 * 20 busy rooms x 50 clients those calls were the main thread's largest cost (see docs/BENCHMARKS.md).
 */
export class OutboundChannel {
  /** The newest frame waiting for the socket to drain. */
  private pendingFrame: Uint8Array | undefined;
  private overflowed = false;
  /** The transport is corked until the end of this turn. */
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.transport?.uncork();
  };
  /** One bound callback for every send, so sending allocates no closure. */
  private readonly onWritten = (error?: Error | null): void => {
    // Node calls write callbacks with `null` on success.
    if (!error) this.flushPendingFrame();
  };

  constructor(
    private readonly socket: OutboundSocket,
    private readonly limits: OutboundLimits,
    private readonly counters: FrameCounters,
    /** Called once when the socket's backlog passes `maxBufferedBytes`. */
    private readonly onOverflow: () => void,
    /** The socket's byte stream, corked for the rest of the turn on the first send (none: every send writes at once). */
    private readonly transport?: CorkableTransport,
  ) {}

  /** Whether a frame is waiting for the socket to drain. */
  get hasPendingFrame(): boolean {
    return this.pendingFrame !== undefined;
  }

  /** Sends a sync, awareness or status message; these are never dropped. Returns false if the socket is not open. */
  sendReliable(message: Uint8Array): boolean {
    if (this.socket.readyState !== OPEN) return false;
    this.holdForTurn();
    this.socket.send(message, this.onWritten);
    this.checkBacklog();
    return true;
  }

  /** Offers a frame: sent now, or kept as the newest pending frame (superseding an older one). */
  sendFrame(message: Uint8Array): FrameOutcome {
    if (this.socket.readyState !== OPEN) return 'closed';
    if (this.pendingFrame !== undefined) this.counters.frameDropped();
    if (this.socket.bufferedAmount > this.limits.frameSkipBufferedBytes) {
      this.pendingFrame = message;
      return 'deferred';
    }
    this.pendingFrame = undefined;
    this.holdForTurn();
    this.socket.send(message, this.onWritten);
    this.counters.frameSent();
    this.checkBacklog();
    return 'sent';
  }

  /** Drops the pending frame (the connection is closing). */
  clear(): void {
    this.pendingFrame = undefined;
  }

  private flushPendingFrame(): void {
    const frame = this.pendingFrame;
    if (frame === undefined || this.socket.readyState !== OPEN) return;
    if (this.socket.bufferedAmount > this.limits.frameSkipBufferedBytes) return;
    this.pendingFrame = undefined;
    this.socket.send(frame, this.onWritten);
    this.counters.frameSent();
  }

  /** Corks the transport until the current turn's synchronous work and microtasks are done. */
  private holdForTurn(): void {
    if (this.corked || !this.transport) return;
    this.corked = true;
    this.transport.cork();
    process.nextTick(this.uncork);
  }

  private checkBacklog(): void {
    if (this.overflowed || this.socket.bufferedAmount <= this.limits.maxBufferedBytes) return;
    this.overflowed = true;
    this.onOverflow();
  }
}
