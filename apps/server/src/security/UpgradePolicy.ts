/**
 * The decision on one WebSocket upgrade, in the order that costs least and tells most:
 * origin (403) → per-address count and rate (4430 / 4431 after the upgrade, or a cheap 429 when the address
 * is refused too often; see IpConnectionTracker) → token and room privacy (401/403, or 4401 after the
 * upgrade) → capacity: loaded rooms (1013) and clients in the room (4409), both after the upgrade so a page
 * can say why (its retry policy per code is protocol's CLOSE_ADVICE).
 * An accepted connection holds a slot of its address until `release()` is called when it closes.
 */
import type { Role, TokenKeyring, TokenPayload } from './capabilityToken.js';
import { epochSeconds } from './capabilityToken.js';
import type { IpConnectionTracker } from './IpConnectionTracker.js';
import type { Limits } from './limits.js';
import { checkOrigin, type OriginPolicy } from './originPolicy.js';
import { rejectConnection, rejectUpgrade, type Rejection } from './rejections.js';
import { TOKEN_QUERY_PARAM, VIEW_QUERY_PARAM, decideRoomAccess, type RoomAccessStore } from './roomAccess.js';

/** How full the server and its rooms are. */
export interface RoomCapacity {
  /** Whether `roomId` is loaded (joining it costs no memory for a new room). */
  isLoaded(roomId: string): boolean;
  /** Rooms loaded now. */
  loadedRooms(): number;
  /** Clients in `roomId` now (0 when not loaded). */
  clientsIn(roomId: string): number;
}

/** What the policy reads from an upgrade request. */
export interface UpgradeRequest {
  roomId: string;
  /** The client address (see clientAddress). */
  address: string;
  origin: string | undefined;
  host: string | undefined;
  url: URL;
}

/** The decision: accept with a role and its token's `iat` (0 without a token; release the slot on close), or refuse. */
export type UpgradeDecision = { ok: true; role: Role; token: TokenPayload | undefined; release: () => void } | { ok: false; rejection: Rejection };

/** What the policy needs. */
export interface UpgradePolicyDeps {
  origins: OriginPolicy;
  keyring: TokenKeyring;
  access: RoomAccessStore;
  addresses: IpConnectionTracker;
  capacity: RoomCapacity;
  limits: Pick<Limits, 'maxClientsPerRoom' | 'maxLoadedRooms' | 'maxConnectionsPerIp' | 'upgradesPerIpPerSecond'>;
  nowSeconds?: () => number;
}

export class UpgradePolicy {
  constructor(private readonly deps: UpgradePolicyDeps) {}

  /** Decides one upgrade. Never throws for bad input; a failing access store rejects the promise. */
  async decide(request: UpgradeRequest): Promise<UpgradeDecision> {
    const { deps } = this;
    const origin = checkOrigin(deps.origins, request.origin, request.host);
    if (!origin.allowed) return refuse(rejectUpgrade('origin-not-allowed', `origin ${origin.origin || '(none)'} is not allowed`));

    const admission = deps.addresses.admit(request.address);
    if (!admission.ok) {
      if (!admission.explain) return refuse(rejectUpgrade('refusing-too-fast', 'too many refused connections from this address'));
      return refuse(rejectConnection(admission.reason, addressRefusalMessage(admission.reason, deps.limits)));
    }
    let held = true;
    const release = (): void => {
      if (held) deps.addresses.release(admission.key);
      held = false;
    };
    try {
      const record = await deps.access.get(request.roomId);
      const access = decideRoomAccess(
        { roomId: request.roomId, token: request.url.searchParams.get(TOKEN_QUERY_PARAM), wantsView: wantsView(request.url) },
        record,
        deps.keyring,
        (deps.nowSeconds ?? epochSeconds)(),
      );
      if (!access.ok) {
        release();
        return refuse(access.rejection);
      }
      if (!deps.capacity.isLoaded(request.roomId) && deps.capacity.loadedRooms() >= deps.limits.maxLoadedRooms) {
        release();
        return refuse(rejectConnection('overloaded', `${deps.limits.maxLoadedRooms} rooms are open; try again later`));
      }
      if (deps.capacity.clientsIn(request.roomId) >= deps.limits.maxClientsPerRoom) {
        release();
        return refuse(rejectConnection('room-full', `this room holds at most ${deps.limits.maxClientsPerRoom} people`));
      }
      return { ok: true, role: access.role, token: access.token?.status === 'valid' ? access.token.payload : undefined, release };
    } catch (error) {
      release();
      throw error;
    }
  }
}

/** `?view=1` (or `true`, or an empty value) asks for a read-only connection. */
function wantsView(url: URL): boolean {
  const value = url.searchParams.get(VIEW_QUERY_PARAM);
  return value !== null && value !== '0' && value !== 'false';
}

/** The close reason for a per-address refusal, naming the limit. */
function addressRefusalMessage(reason: 'too-many-connections-from-ip' | 'upgrade-rate-exceeded', limits: UpgradePolicyDeps['limits']): string {
  if (reason === 'too-many-connections-from-ip') return `your network address already has ${limits.maxConnectionsPerIp} connections open`;
  return `more than ${limits.upgradesPerIpPerSecond} new connections per second from your network address`;
}

function refuse(rejection: Rejection): UpgradeDecision {
  return { ok: false, rejection };
}
