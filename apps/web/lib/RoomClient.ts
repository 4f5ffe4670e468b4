import {
  closeAdvice,
  MessageType,
  PARAMS_MAP_NAME,
  PROMPT_TEXT_NAME,
  readFrameBody,
  readHostGrantBody,
  readStatusBody,
  SEAT_QUERY_PARAM,
  type RoomStatus,
} from '@promptjam/protocol';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { frameLatencyMs, FrameRate } from './FrameRate';
import { FrameStore, type StoredFrame } from './FrameStore';
import { chooseColour, colourForClient, presenceState, readPeople, samePeople, type Person } from './presence';
import { sendOnlyOwnPresence } from './presenceRelay';
import { CursorPublisher } from './sketchCursor';
import { SketchLayer } from './SketchLayer';

/**
 * Where the connection stands: `connecting` before the first open, `syncing` while the document loads,
 * `connected` once synced, `reconnecting` after a loss (y-websocket retries with backoff), `waiting` when the
 * server refused for now and one reconnect is scheduled ({@link RoomSnapshot.retryAt}), and `closed` when the
 * server refused in a way reconnecting would repeat. Which close code leads where is protocol's `CLOSE_ADVICE`;
 * {@link RoomSnapshot.closeInfo} says which code and reason came.
 */
export type ConnectionStatus = 'connecting' | 'syncing' | 'connected' | 'reconnecting' | 'waiting' | 'closed';

/** Whether the page is cut off from the room (reconnecting, waiting to retry, or closed for good). */
export function isOffline(status: ConnectionStatus): boolean {
  return status === 'reconnecting' || status === 'waiting' || status === 'closed';
}

/** `editor` edits and shows presence; `viewer` (the embed) only watches. */
export type RoomRole = 'editor' | 'viewer';

/** Everything the room page renders apart from the document itself; replaced on every change. */
export interface RoomSnapshot {
  connection: ConnectionStatus;
  /** The last close code and reason from the server, if any (e.g. 1012 restarting, 4409 room full). */
  closeInfo: { code: number; reason: string } | null;
  /** While `waiting`: when the scheduled reconnect runs, in epoch ms. */
  retryAt: number | null;
  /**
   * After a final close, an editor's own copy of the prompt: what this person typed may not have reached the
   * room, and the next connection starts from the room's copy, so the page offers this text back. Follows
   * local edits made after the close too. Null otherwise, and while that text is empty (nothing to offer back).
   */
  keptText: string | null;
  /** The renderer's status, or null until the server sends one on this connection. */
  render: RoomStatus | null;
  /** Recent frames, oldest first (bounded; see FrameStore). */
  frames: readonly StoredFrame[];
  /** Receipt time minus the server's `startedAt` for the latest frame, in ms. */
  latencyMs: number | null;
  /** Frames per second over the last few seconds. */
  fps: number;
  /** The last protocol error (a malformed frame or status), for diagnostics. */
  protocolError: string | null;
}

/** Options for {@link RoomClient}. */
export interface RoomClientOptions {
  /** The server's ws(s) URL without `/rooms`, e.g. `ws://localhost:8787`. */
  serverUrl: string;
  roomId: string;
  role: RoomRole;
  /** The display name to publish (editors only). */
  name?: string;
  /** Frames kept in memory. */
  frameCapacity?: number;
  /** A capability token for a private room, passed on as `?token=` (see docs/PROTOCOL.md). */
  token?: string | null;
  /** This browser's seat (`seat.ts`), passed on as `?seat=`. */
  seat?: string | null;
  /**
   * Viewers only: read other people's presence (the projector counts them) while still publishing none. The
   * server drops every awareness message a viewer sends, so this cannot make a viewer appear present.
   */
  watchPresence?: boolean;
}

/** Query parameter asking the server for a read-only connection (the server then ignores presence and refuses writes). */
export const VIEW_QUERY_PARAM = 'view';
/** Query parameter carrying a capability token for a private room. */
export const TOKEN_QUERY_PARAM = 'token';

/** The query parameters of a room's WebSocket URL for this role, token and browser seat. */
export function connectionParams(role: RoomRole, token: string | null | undefined, seat?: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (token !== undefined && token !== null && token !== '') params[TOKEN_QUERY_PARAM] = token;
  if (seat !== undefined && seat !== null && seat !== '') params[SEAT_QUERY_PARAM] = seat;
  if (role === 'viewer') params[VIEW_QUERY_PARAM] = '1';
  return params;
}

/** The snapshot before anything happened (also what server rendering shows). */
export const INITIAL_SNAPSHOT: RoomSnapshot = Object.freeze({
  connection: 'connecting',
  closeInfo: null,
  retryAt: null,
  keptText: null,
  render: null,
  frames: [],
  latencyMs: null,
  fps: 0,
  protocolError: null,
});

/** A person counts as typing for this long after their last edit, in milliseconds. */
export const TYPING_IDLE_MS = 1500;
/** How often the fps figure is refreshed while no frames arrive (so it decays), in milliseconds. */
const FPS_REFRESH_MS = 1000;

/**
 * One connection to one room, free of any UI framework: the Yjs document, y-websocket's provider with
 * handlers for promptjam's frame (100), status (101) and host grant (110) messages, presence, and the bounded frame store.
 * React reads it through `subscribe` / `getSnapshot` (useSyncExternalStore) and `subscribePeople` / `getPeople`.
 */
export class RoomClient {
  readonly doc = new Y.Doc();
  readonly prompt: Y.Text = this.doc.getText(PROMPT_TEXT_NAME);
  readonly params: Y.Map<unknown> = this.doc.getMap(PARAMS_MAP_NAME);
  readonly provider: WebsocketProvider;
  readonly frames: FrameStore;
  readonly role: RoomRole;
  /** The shared sketch: strokes, background, starting image, and this person's undo. */
  readonly sketch: SketchLayer;
  /** Publishes where this person points on the sketch (throttled). */
  readonly sketchCursor: CursorPublisher;

  private snapshot: RoomSnapshot;
  private people: Person[] = [];
  private everConnected = false;
  /** The first frame on each connection is the room's stored latest frame, not a fresh one: no latency. */
  private expectingReplay = true;
  private name: string;
  private colour: string;
  private typing = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly fpsTimer: ReturnType<typeof setInterval>;
  private readonly unhookPresenceRelay: () => void;
  private readonly frameRate = new FrameRate();
  private readonly listeners = new Set<() => void>();
  private readonly peopleListeners = new Set<() => void>();
  private readonly hostGrantListeners = new Set<(token: string) => void>();

  constructor(options: RoomClientOptions) {
    this.role = options.role;
    this.name = options.name ?? 'Guest';
    this.colour = colourForClient(this.doc.clientID);
    this.frames = new FrameStore(undefined, options.frameCapacity);
    this.snapshot = { ...INITIAL_SNAPSHOT };
    this.provider = new WebsocketProvider(`${options.serverUrl}/rooms`, options.roomId, this.doc, {
      connect: false,
      params: connectionParams(options.role, options.token, options.seat),
      // Only transient faults are retried by y-websocket itself; refusals wait or stop (see onRefused).
      shouldReconnect: (event) => closeAdvice(event.code).retry.kind === 'backoff',
      // Cross-tab sync would let a viewer tab receive an editor tab's state without the server; keep one path.
      disableBc: true,
    });
    this.sketch = new SketchLayer(this.doc);
    this.sketchCursor = new CursorPublisher(this.provider.awareness);
    this.installMessageHandlers();
    this.unhookPresenceRelay = sendOnlyOwnPresence(this.provider);
    if (this.role === 'viewer' && options.watchPresence !== true) this.ignorePresence();
    this.provider.on('status', ({ status }) => this.onProviderStatus(status));
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.update({ connection: 'connected', closeInfo: null });
    });
    this.provider.on('connection-close', (event) => {
      if (event !== null) this.update({ closeInfo: { code: event.code, reason: event.reason } });
    });
    this.provider.on('closed', (close) => this.onRefused(close));
    this.frames.subscribe(() => this.update({ frames: this.frames.all }));
    const awareness = this.provider.awareness;
    if (this.role === 'viewer') awareness.setLocalState(null);
    else awareness.setLocalState(presenceState(this.name, this.colour, false));
    awareness.on('change', () => this.refreshPeople());
    this.prompt.observe((event) => {
      if (!event.transaction.local || this.role !== 'editor') return;
      if (this.snapshot.connection === 'closed') this.update({ keptText: this.textToKeep() });
      else this.markTyping();
    });
    this.fpsTimer = setInterval(() => this.refreshFps(), FPS_REFRESH_MS);
    this.provider.connect();
  }

  /** Calls `listener` after every snapshot change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current snapshot (stable between changes). */
  getSnapshot = (): RoomSnapshot => this.snapshot;

  /** Calls `listener` when the list of people (names, colours, typing) changes; cursor moves alone do not count. */
  subscribePeople = (listener: () => void): (() => void) => {
    this.peopleListeners.add(listener);
    return () => this.peopleListeners.delete(listener);
  };

  /**
   * Calls `listener` with a host link's token when a host promotes this person to co-host (message 110, sent to
   * this person's sockets only); returns the unsubscribe function.
   */
  subscribeHostGrant = (listener: (token: string) => void): (() => void) => {
    this.hostGrantListeners.add(listener);
    return () => this.hostGrantListeners.delete(listener);
  };

  /** Everyone present, yourself first. */
  getPeople = (): readonly Person[] => this.people;

  /** This person's display name as published. */
  get displayName(): string {
    return this.name;
  }

  /** Publishes a new display name (editors only). */
  setName(name: string): void {
    this.name = name;
    this.publishPresence();
  }

  /** Runs the scheduled reconnect now (while `waiting`); a person's "Try now". */
  retryNow(): void {
    if (this.snapshot.connection !== 'waiting') return;
    clearTimeout(this.retryTimer);
    this.update({ connection: 'reconnecting', retryAt: null });
    this.provider.connect();
  }

  /** Closes the connection and frees every frame URL. */
  destroy(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.fpsTimer);
    clearTimeout(this.typingTimer);
    this.unhookPresenceRelay();
    this.sketchCursor.destroy();
    this.sketch.destroy();
    this.provider.destroy();
    this.frames.dispose();
    this.doc.destroy();
    this.listeners.clear();
    this.peopleListeners.clear();
    this.hostGrantListeners.clear();
  }

  private installMessageHandlers(): void {
    // y-websocket dispatches on the message type through this per-provider array; 100 and 101 are ours.
    this.provider.messageHandlers[MessageType.Frame] = (_encoder, decoder) => {
      const frame = readFrameBody(decoder);
      if (frame.error !== undefined) return this.update({ protocolError: frame.error });
      const receivedAt = Date.now();
      if (this.frames.add(frame.value.metadata, frame.value.image, receivedAt) === null) return;
      const replay = this.expectingReplay;
      this.expectingReplay = false;
      if (replay) return;
      this.frameRate.record(performance.now());
      this.update({ latencyMs: frameLatencyMs(receivedAt, frame.value.metadata.startedAt), fps: this.frameRate.fps(performance.now()) });
    };
    this.provider.messageHandlers[MessageType.Status] = (_encoder, decoder) => {
      const status = readStatusBody(decoder);
      if (status.error !== undefined) this.update({ protocolError: status.error });
      else this.update({ render: status.value });
    };
    this.provider.messageHandlers[MessageType.HostGrant] = (_encoder, decoder) => {
      const grant = readHostGrantBody(decoder);
      if (grant.error !== undefined) return this.update({ protocolError: grant.error });
      for (const listener of this.hostGrantListeners) listener(grant.value.token);
    };
  }

  /**
   * A viewer shows nobody's presence, so it neither applies awareness nor answers awareness queries; this
   * also stops y-websocket from echoing other people's presence back to the server from a viewer.
   */
  private ignorePresence(): void {
    const ignore = (): void => undefined;
    this.provider.messageHandlers[MessageType.Awareness] = ignore;
    this.provider.messageHandlers[MessageType.QueryAwareness] = ignore;
  }

  /**
   * The server closed with a code y-websocket was told not to retry (see `shouldReconnect`): either wait and
   * reconnect once (`after N s`), or stop for good (`final`) and keep the person's text.
   */
  private onRefused(close: { code: number; reason: string }): void {
    const closeInfo = { code: close.code, reason: close.reason };
    const retry = closeAdvice(close.code).retry;
    if (retry.kind === 'after') {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.retryNow(), retry.seconds * 1000);
      this.update({ connection: 'waiting', closeInfo, retryAt: Date.now() + retry.seconds * 1000 });
      return;
    }
    this.update({ connection: 'closed', closeInfo, retryAt: null, keptText: this.role === 'editor' ? this.textToKeep() : null });
  }

  /** This page's copy of the prompt to offer back after a final close, or null when it is empty. */
  private textToKeep(): string | null {
    const text = this.prompt.toString();
    return text === '' ? null : text;
  }

  private onProviderStatus(status: 'connected' | 'disconnected' | 'connecting'): void {
    if (status === 'connected') {
      this.everConnected = true;
      this.expectingReplay = true;
      this.update({ connection: this.provider.synced ? 'connected' : 'syncing' });
    } else if (this.snapshot.connection !== 'closed') {
      this.update({ connection: this.everConnected ? 'reconnecting' : 'connecting', render: null });
      if (status === 'disconnected') this.frameRate.reset();
    }
  }

  private markTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typing = false;
      this.publishPresence();
    }, TYPING_IDLE_MS);
    if (!this.typing) {
      this.typing = true;
      this.publishPresence();
    }
  }

  private publishPresence(): void {
    if (this.role !== 'editor') return;
    const awareness = this.provider.awareness;
    const next = presenceState(this.name, this.colour, this.typing);
    awareness.setLocalStateField('user', next.user);
    awareness.setLocalStateField('typing', next.typing);
  }

  private refreshPeople(): void {
    const next = readPeople(this.provider.awareness.getStates(), this.doc.clientID);
    if (this.role === 'editor') {
      const colour = chooseColour(this.doc.clientID, next.filter((p) => !p.isSelf));
      if (colour !== this.colour) {
        this.colour = colour;
        // Publishing triggers another change event, which lists the new colour.
        return this.publishPresence();
      }
    }
    if (samePeople(next, this.people)) return;
    this.people = next;
    for (const listener of this.peopleListeners) listener();
  }

  private refreshFps(): void {
    const fps = this.frameRate.fps(performance.now());
    if (fps !== this.snapshot.fps) this.update({ fps });
  }

  private update(patch: Partial<RoomSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
