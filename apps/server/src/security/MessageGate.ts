/**
 * The per-message gate of one connection: every message a client sends passes here before the room applies
 * it, and comes out as a value: apply it, ignore it, or close the connection with a named code.
 *
 * Order of checks (cheapest and most telling first): text frame (1003) → size (1009) → server time, message
 * and byte rates (4429) → structure (1008) → role: a viewer's writes (4403) → host controls
 * for everyone but a current host: a view-only room (4442), a locked field (4410) → content: values, prompt, document,
 * awareness size (1009), sketch (4450), starting image (4451); other clients' awareness entries are dropped, and
 * the connection's own presence is stamped with its host role (owner, co-host or none).
 * Sync step 1 and query-awareness are always fine.
 * A viewer's empty sync step 2 (what a stock client answers the server's step 1 with) is ignored, as is
 * every awareness message from a viewer: viewers are never shown as present and never write.
 */
import { CANVAS_MAP_NAME, PARAMS_MAP_NAME, PROMPT_TEXT_NAME, SKETCH_ARRAY_NAME } from '@promptjam/protocol';
import type { Role } from './capabilityToken.js';
import { rankOf, type HostRank, type HostStanding, type RankedToken } from './hostRank.js';
import { stampPresenceRole } from './presenceStamp.js';
import type { AwarenessClaims } from './AwarenessClaims.js';
import { encodeAwarenessEntries, encodeAwarenessMessage, parseClientMessage, type ClientMessage } from './clientMessage.js';
import type { DocumentGuard } from './DocumentGuard.js';
import type { Limits, MessageSizeLimit } from './limits.js';
import { rejectConnection, type CloseRejection } from './rejections.js';
import { monotonicMs, TokenBucket, type ClockMs } from './TokenBucket.js';
import { checkUpdate, type UpdateCheckOptions } from './updateStructure.js';
import { isEmptyUpdate } from './updateSummary.js';

/** The verdict on one message. */
export type MessageVerdict =
  /** `rewritten`, when present, is the whole message to apply instead of the one received. */
  | { action: 'apply'; message: ClientMessage; rewritten?: Uint8Array }
  | { action: 'ignore'; message: ClientMessage; why: string }
  | { action: 'close'; rejection: CloseRejection };

/** The room-side state the gate checks against. */
export interface GateRoom {
  guard: DocumentGuard;
  claims: AwarenessClaims;
  /** The field the host locked that `update` would change, if any (`fieldLocks.ts`); hosts are not asked. */
  lockedFieldTouched(update: Uint8Array): string | undefined;
  /** Whether the host made the room view-only (only hosts edit). */
  viewerOnly(): boolean;
  /** The room's host records (`hostRank.ts`): whose host token still counts, and whose is the owner's. */
  hostStanding(): HostStanding;
}

/** Root types a room document has: the prompt text, the params map, the sketch's strokes and the canvas map. */
export const ROOM_ROOT_TYPES: ReadonlySet<string> = new Set([PROMPT_TEXT_NAME, PARAMS_MAP_NAME, SKETCH_ARRAY_NAME, CANVAS_MAP_NAME]);

export class MessageGate {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly awareness: TokenBucket;
  private readonly serverTime: TokenBucket;
  private readonly updateOptions: UpdateCheckOptions;

  /**
   * One gate per connection; the gate itself stands for the connection in the room's awareness claims.
   * @param role what the connection may do; a viewer never writes
   * @param token the connection's token payload (undefined without one): a host token counts only while the room
   *   honours it (`rankOf`: not older than `hostSince`, its co-host link not revoked); otherwise it edits like an editor
   */
  constructor(
    readonly role: Role,
    private readonly limits: Limits & MessageSizeLimit,
    nowMs: ClockMs = monotonicMs,
    readonly token: RankedToken | undefined = undefined,
  ) {
    this.messages = new TokenBucket(limits.messageBurst, limits.messagesPerSecond, nowMs);
    this.bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond, nowMs);
    this.awareness = new TokenBucket(limits.awarenessBurst, limits.awarenessPerSecond, nowMs);
    this.serverTime = new TokenBucket(limits.serverMsBurst, limits.serverMsPerSecond, nowMs);
    this.updateOptions = {
      maxStructs: limits.maxStructsPerUpdate,
      maxClients: limits.maxClientsPerUpdate,
      maxValueBytes: limits.maxValueBytes,
      maxBinaryBytes: limits.maxImageBytes,
      allowedRootTypes: ROOM_ROOT_TYPES,
      // Strokes are Y.Maps in the sketch array, each with a nested Y.Array of points.
      allowNestedTypes: true,
      budgetMs: limits.updateCheckBudgetMs,
    };
  }

  /** Judges one received message (`isBinary` as `ws` reports it). Never throws. */
  admit(data: Uint8Array, isBinary: boolean, room: GateRoom): MessageVerdict {
    if (!isBinary) return close('text-frame', 'only binary messages are accepted');
    if (data.length > this.limits.maxMessageBytes) return close('message-too-big', `message of ${data.length} bytes, limit ${this.limits.maxMessageBytes}`);
    if (this.serverTime.available() < 0) return close('rate-limited', `more than ${this.limits.serverMsPerSecond} ms of server time per second`);
    if (!this.bytes.tryTake(data.length)) return close('rate-limited', `more than ${this.limits.bytesPerSecond} bytes per second`);

    const parsed = parseClientMessage(data);
    if (!parsed.ok) return close(parsed.unknownType ? 'unknown-message-type' : 'malformed-message', parsed.detail);
    const message = parsed.message;
    // Awareness is counted by its own rules: echoes of other people's presence only cost their bytes.
    if (message.kind === 'awareness') return this.admitAwareness(message, room);
    if (!this.takeMessage()) return this.messageRateExceeded();
    switch (message.kind) {
      case 'sync-step1':
      case 'query-awareness':
        return { action: 'apply', message };
      case 'sync-step2':
      case 'sync-update':
        return this.admitUpdate(message, message.update, room);
    }
  }

  /**
   * Charges `ms` of main-thread time spent on this connection's messages (measured by the caller around
   * applying them); once the budget is in debt, the next message closes the connection with 4429.
   */
  chargeServerTime(ms: number): void {
    this.serverTime.charge(ms);
  }

  private admitUpdate(message: ClientMessage, update: Uint8Array, room: GateRoom): MessageVerdict {
    const check = checkUpdate(update, this.updateOptions);
    if (!check.ok) return close(check.reason, check.detail);
    if (this.role === 'viewer') {
      if (isEmptyUpdate(check.summary)) return { action: 'ignore', message, why: 'empty update from a viewer' };
      return close('viewer-write', 'viewers cannot edit this room');
    }
    if (!this.isHostIn(room) && !isEmptyUpdate(check.summary)) {
      if (room.viewerOnly()) return close('viewer-only', 'the host made this room view-only');
      // Refused whole and the connection closed, never dropped: the sender has already applied its edit, and a
      // dropped update would leave its document diverged from everyone else's (docs/SECURITY.md, host).
      const field = room.lockedFieldTouched(update);
      if (field !== undefined) return close('field-locked', `the host locked the ${field === 'params' ? 'parameters' : field}`);
    }
    const docCheck = room.guard.admit(update, check.summary);
    if (!docCheck.ok) return close(docCheck.reason, docCheck.detail);
    return { action: 'apply', message };
  }

  /** Whether this connection holds a host token the room still honours. */
  isHostIn(room: Pick<GateRoom, 'hostStanding'>): boolean {
    return this.rankIn(room) !== 'none';
  }

  /** This connection's standing in the room: owner, co-host, or none. */
  rankIn(room: Pick<GateRoom, 'hostStanding'>): HostRank {
    return this.role === 'host' ? rankOf(this.token, room.hostStanding()) : 'none';
  }

  private takeMessage(): boolean {
    return this.messages.tryTake(1);
  }

  private messageRateExceeded(): MessageVerdict {
    return close('rate-limited', `more than ${this.limits.messagesPerSecond} messages per second`);
  }

  /**
   * A stock y-websocket client echoes every presence change it receives back to the server, so an awareness
   * message may mix the sender's own entry with other people's. Only the own entry is applied (the message is
   * rewritten when it carried more); a pure echo is dropped and counts against the byte rate only, so a busy
   * room does not push its quiet members over the message rates.
   */
  private admitAwareness(message: Extract<ClientMessage, { kind: 'awareness' }>, room: GateRoom): MessageVerdict {
    if (this.role === 'viewer') {
      if (!this.takeMessage()) return this.messageRateExceeded();
      return { action: 'ignore', message, why: 'viewers are not shown as present' };
    }
    const own = room.claims.writableEntries(this, message.entries);
    if (own.length === 0) return { action: 'ignore', message, why: "only other clients' presence (an echo)" };
    if (!this.takeMessage()) return this.messageRateExceeded();
    if (!this.awareness.tryTake(1)) return close('rate-limited', `more than ${this.limits.awarenessPerSecond} awareness messages per second`);
    const big = own.find((e) => e.stateBytes > this.limits.maxAwarenessBytes);
    if (big) return close('awareness-too-big', `presence of ${big.stateBytes} bytes, limit ${this.limits.maxAwarenessBytes}`);
    // The server, not the client, says who is the owner or a co-host (presenceStamp.ts).
    const stamped = stampPresenceRole(own, this.rankIn(room));
    if (stamped === own && own.length === message.entries.length) return { action: 'apply', message };
    return { action: 'apply', message: { ...message, entries: stamped, update: encodeAwarenessEntries(stamped) }, rewritten: encodeAwarenessMessage(stamped) };
  }
}

function close(reason: Parameters<typeof rejectConnection>[0], detail: string): MessageVerdict {
  return { action: 'close', rejection: rejectConnection(reason, detail) };
}
