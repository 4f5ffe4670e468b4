/**
 * The hardening layer as the server plugs it in: upgrade gates, message gates and close listeners
 * (server/gates.ts), plus the private-room HTTP routes. Everything decided here is a value from the modules
 * beside it; this file only adapts them to the server's pipeline.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSeat, SEAT_QUERY_PARAM } from '@promptjam/protocol';
import type * as Y from 'yjs';
import type { ConnectionGates, ConnectionInfo, MessageGate as PipelineMessageGate, UpgradeGate, UpgradeVerdict } from '../connection/gates.js';
import { AwarenessClaims } from './AwarenessClaims.js';
import type { TokenKeyring } from './capabilityToken.js';
import { clientAddress } from './clientAddress.js';
import { DocumentGuard } from './DocumentGuard.js';
import { securityOf, type ConnectionSecurity } from './connectionSecurity.js';
import { isViewerOnly, lockedFieldTouched } from './fieldLocks.js';
import { hostStandingOf, rankOf } from './hostRank.js';
import type { HostRoomSource } from './hostRoute.js';
import { IpConnectionTracker } from './IpConnectionTracker.js';
import type { Limits, MessageSizeLimit } from './limits.js';
import { MessageGate, type GateRoom } from './MessageGate.js';
import { checkOrigin, type OriginPolicy } from './originPolicy.js';
import { createPrivateRoomsHandler } from './privateRoomsRoute.js';
import { rejectConnection, type Rejection } from './rejections.js';
import { checkRoomRead, type ReadVerdict } from './roomReadAccess.js';
import { RemovalBans } from './RemovalBans.js';
import type { RoomAccessStore } from './roomAccess.js';
import { UpgradePolicy } from './UpgradePolicy.js';
import { startWorkStopwatch } from './workTime.js';

/** What the layer reads from the server's room registry (RoomRegistry satisfies it). */
export interface RoomLookup {
  readonly size: number;
  get(roomId: string): { readonly doc: Y.Doc; readonly connections: { readonly size: number } } | undefined;
  /** The room, loaded if needed (the host routes write its controls and act on its connections). */
  acquire: HostRoomSource['acquire'];
}

/** Everything the layer is configured with. */
export interface SecurityOptions {
  limits: Limits & MessageSizeLimit;
  keyring: TokenKeyring;
  access: RoomAccessStore;
  origins: OriginPolicy;
  /** Count clients by the last X-Forwarded-For entry (behind one reverse proxy). */
  trustProxy: boolean;
}

/** The plugged-in layer. */
export interface SecurityLayer {
  gates: ConnectionGates;
  /** Serves the private-room routes; returns false for any other request. */
  handleHttp(request: IncomingMessage, response: ServerResponse): boolean;
  /** Whether `request` may read `roomId` over HTTP (its timelapse): a private room's token, as for joining. */
  authorizeRead(request: IncomingMessage, roomId: string): Promise<ReadVerdict>;
  /**
   * Whether a page on `origin` may read the HTTP endpoints (the allow-list sockets use). A request without an
   * Origin (a download link followed, curl) is allowed: browsers send none on navigations, and the page that
   * made the link cannot read what it downloads.
   */
  allowOrigin(origin: string | undefined, host: string | undefined): boolean;
  readonly addresses: IpConnectionTracker;
  /** Who the rooms' hosts removed. */
  readonly bans: RemovalBans;
}

/** Builds the layer; `rooms` returns the registry once the server has one. */
export function createSecurityLayer(options: SecurityOptions, rooms: () => RoomLookup | undefined): SecurityLayer {
  const addresses = new IpConnectionTracker(options.limits);
  const bans = new RemovalBans(options.limits.removeBanSeconds * 1000);
  const policy = new UpgradePolicy({
    origins: options.origins,
    keyring: options.keyring,
    access: options.access,
    addresses,
    limits: options.limits,
    capacity: {
      isLoaded: (roomId) => rooms()?.get(roomId) !== undefined,
      loadedRooms: () => rooms()?.size ?? 0,
      clientsIn: (roomId) => rooms()?.get(roomId)?.connections.size ?? 0,
    },
  });
  const gateRooms = new WeakMap<Y.Doc, GateRoom>();
  const gateRoomOf = (doc: Y.Doc): GateRoom => {
    let room = gateRooms.get(doc);
    if (room === undefined) {
      room = {
        guard: new DocumentGuard(doc, options.limits),
        claims: new AwarenessClaims(),
        lockedFieldTouched: (update) => lockedFieldTouched(doc, update),
        viewerOnly: () => isViewerOnly(doc),
        hostStanding: () => hostStandingOf(doc),
      };
      gateRooms.set(doc, room);
    }
    return room;
  };

  const upgrade: UpgradeGate = async (info) => {
    const address = clientAddress(info.request, options.trustProxy);
    const decision = await policy.decide({ roomId: info.roomId, address, origin: info.origin, host: info.request.headers.host, url: info.url });
    if (!decision.ok) return toUpgradeVerdict(decision.rejection);
    const seatParam = info.url.searchParams.get(SEAT_QUERY_PARAM);
    const participant = { address, seat: isValidSeat(seatParam) ? seatParam : undefined };
    // A host token skips the address rule only while the room honours it: a co-host the owner removed (their link
    // revoked with it) is kept out from a new browser too. A room not loaded holds no record to say otherwise.
    const loadedDoc = rooms()?.get(info.roomId)?.doc;
    const honouredHost = decision.role === 'host' && (loadedDoc === undefined || rankOf(decision.token, hostStandingOf(loadedDoc)) !== 'none');
    const banned = bans.refusal(info.roomId, { ...participant, host: honouredHost });
    if (banned !== undefined) {
      decision.release();
      const rejection = rejectConnection('still-removed', `removed by the host; you can rejoin in ${banned.secondsLeft} s`);
      return { action: 'close', code: rejection.code, reason: rejection.message };
    }
    bans.noteSeat(info.roomId, participant.seat);
    // The TCP socket closes however the connection ends (even if the upgrade never completes).
    info.request.socket.once('close', decision.release);
    const gate = new MessageGate(decision.role, options.limits, undefined, decision.token);
    const context: ConnectionSecurity = { gate, measuring: false, participant };
    return { action: 'accept', access: decision.role === 'viewer' ? 'view' : 'edit', context };
  };

  const message: PipelineMessageGate = (connection, received) => {
    const security = securityOf(connection);
    const doc = rooms()?.get(connection.roomId)?.doc;
    if (security === undefined || doc === undefined) {
      const rejection = rejectConnection('internal-error', 'connection without a security context');
      return { action: 'close', code: rejection.code, reason: rejection.message };
    }
    const elapsedMs = startWorkStopwatch();
    const verdict = security.gate.admit(received.bytes, true, gateRoomOf(doc));
    if (verdict.action === 'apply') {
      // The room applies the message synchronously after the gates. A microtask runs once that, and every
      // other message of this socket read in the same tick, is done: one measurement per tick, all of it
      // this connection's. Work time, not wall-clock time: on a busy machine wall-clock time would charge
      // every light client for the CPU other processes got, and push it over a budget sized for heavy ones.
      if (!security.measuring) {
        security.measuring = true;
        queueMicrotask(() => {
          security.measuring = false;
          security.gate.chargeServerTime(elapsedMs());
        });
      }
      return verdict.rewritten === undefined ? undefined : { action: 'replace', bytes: verdict.rewritten };
    }
    if (verdict.action === 'ignore') return { action: 'drop' };
    return { action: 'close', code: verdict.rejection.code, reason: verdict.rejection.message };
  };

  const onClose = (connection: ConnectionInfo): void => {
    const doc = rooms()?.get(connection.roomId)?.doc;
    const security = securityOf(connection);
    if (doc !== undefined && security !== undefined) gateRooms.get(doc)?.claims.release(security.gate);
  };

  const hostRooms: HostRoomSource = {
    acquire: (roomId) => {
      const registry = rooms();
      if (registry === undefined) return Promise.reject(new Error('the server has no rooms yet'));
      return registry.acquire(roomId);
    },
    // Like a join (UpgradePolicy): a room not loaded yet needs a free slot under maxLoadedRooms.
    hasRoomFor: (roomId) => {
      const registry = rooms();
      return registry !== undefined && (registry.get(roomId) !== undefined || registry.size < options.limits.maxLoadedRooms);
    },
  };
  const handleHttp = createPrivateRoomsHandler({
    keyring: options.keyring,
    access: options.access,
    origins: options.origins,
    addresses,
    trustProxy: options.trustProxy,
    host: { rooms: hostRooms, bans },
  });
  return {
    gates: { upgrade: [upgrade], message: [message], onClose: [onClose] },
    handleHttp,
    addresses,
    bans,
    authorizeRead: (request, roomId) => checkRoomRead(options, request, roomId),
    allowOrigin: (origin, host) => origin === undefined || checkOrigin(options.origins, origin, host).allowed,
  };
}

function toUpgradeVerdict(rejection: Rejection): UpgradeVerdict {
  if (rejection.stage === 'upgrade') return { action: 'reject', status: rejection.status, reason: rejection.message };
  return { action: 'close', code: rejection.code, reason: rejection.message };
}
