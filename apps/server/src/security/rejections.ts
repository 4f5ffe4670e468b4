/**
 * Every way the server turns a client away, as a value: a named reason maps to exactly one HTTP status
 * (answered before the WebSocket upgrade) or one close code (after it), from packages/protocol's tables.
 *
 * The rule for choosing the stage: whatever a legitimate user's browser can run into (an expired link, a
 * private room opened without a token, a link whose token was cut short or mistyped, a full room, a rate limit) is
 * answered on an accepted socket with an
 * application code, because browsers cannot read the status of a failed upgrade and the UI must explain it.
 * What only a misconfigured or hostile client meets (a bad room name, a foreign origin) is
 * answered before the upgrade, so it costs the server nothing. The per-address limits are explained on an
 * accepted socket too (a whole workshop may share one address), until the address's refusals themselves
 * come too fast (`refusing-too-fast`): then a flood gets a cheap 429. A refusal that resending the same
 * data would meet again (an edit too big or too long) gets a code the page treats as final (protocol's
 * CLOSE_ADVICE). docs/SECURITY.md lists the same table.
 */
import { CloseCode, UpgradeStatus, clampCloseReason, isSendableCloseCode } from '@promptjam/protocol';

/** Why a connection is refused before the upgrade. */
export type UpgradeRejectionReason =
  | 'bad-room-name'
  | 'not-found'
  | 'origin-not-allowed'
  | 'refusing-too-fast';

/** Why an accepted connection is closed. */
export type CloseReason =
  | 'token-missing'
  | 'token-expired'
  | 'token-malformed'
  | 'token-forged'
  | 'token-wrong-room'
  | 'room-full'
  | 'too-many-connections-from-ip'
  | 'upgrade-rate-exceeded'
  | 'text-frame'
  | 'malformed-message'
  | 'unknown-message-type'
  | 'invalid-update'
  | 'message-too-big'
  | 'update-too-big'
  | 'document-too-big'
  | 'prompt-too-long'
  | 'value-too-big'
  | 'awareness-too-big'
  | 'sketch-refused'
  | 'image-refused'
  | 'rate-limited'
  | 'viewer-write'
  | 'field-locked'
  | 'viewer-only'
  | 'removed-by-host'
  | 'still-removed'
  | 'slow-consumer'
  | 'internal-error'
  | 'restarting'
  | 'overloaded';

/** A refusal before the upgrade: write `status` with `message` and destroy the socket. */
export interface UpgradeRejection {
  stage: 'upgrade';
  reason: UpgradeRejectionReason;
  status: UpgradeStatus;
  /** Short human-readable text for the response body and logs. */
  message: string;
}

/** A close after the upgrade: `ws.close(code, message)`. */
export interface CloseRejection {
  stage: 'close';
  reason: CloseReason;
  code: CloseCode;
  /** Close reason text, at most 123 bytes of UTF-8. */
  message: string;
}

/** Either kind of refusal. */
export type Rejection = UpgradeRejection | CloseRejection;

const UPGRADE_STATUS: Readonly<Record<UpgradeRejectionReason, UpgradeStatus>> = {
  'bad-room-name': UpgradeStatus.BadRoomName,
  'not-found': UpgradeStatus.NotFound,
  'origin-not-allowed': UpgradeStatus.Forbidden,
  'refusing-too-fast': UpgradeStatus.TooManyConnections,
};

const CLOSE_CODE: Readonly<Record<CloseReason, CloseCode>> = {
  'token-missing': CloseCode.TokenExpired,
  'token-expired': CloseCode.TokenExpired,
  // A cut-short or mistyped link is something real users paste: said on the socket so the page can explain it.
  'token-malformed': CloseCode.TokenInvalid,
  'token-forged': CloseCode.TokenInvalid,
  'token-wrong-room': CloseCode.TokenInvalid,
  'room-full': CloseCode.RoomFull,
  'too-many-connections-from-ip': CloseCode.TooManyConnectionsFromAddress,
  'upgrade-rate-exceeded': CloseCode.ConnectingTooFast,
  'text-frame': CloseCode.UnsupportedData,
  'malformed-message': CloseCode.PolicyViolation,
  'unknown-message-type': CloseCode.PolicyViolation,
  'invalid-update': CloseCode.EditRefused,
  'message-too-big': CloseCode.MessageTooBig,
  'update-too-big': CloseCode.EditRefused,
  'document-too-big': CloseCode.DocumentTooBig,
  'prompt-too-long': CloseCode.PromptTooLong,
  'value-too-big': CloseCode.ValueTooBig,
  'awareness-too-big': CloseCode.PresenceTooBig,
  'sketch-refused': CloseCode.SketchRefused,
  'image-refused': CloseCode.ImageRefused,
  'rate-limited': CloseCode.RateLimited,
  'viewer-write': CloseCode.WriteForbidden,
  'field-locked': CloseCode.FieldLocked,
  'viewer-only': CloseCode.ViewerOnly,
  'removed-by-host': CloseCode.RemovedByHost,
  'still-removed': CloseCode.StillRemoved,
  'slow-consumer': CloseCode.SlowConnection,
  'internal-error': CloseCode.InternalError,
  'restarting': CloseCode.ServiceRestart,
  'overloaded': CloseCode.TryAgainLater,
};

/** A close code chosen for a reason that is not sendable: a bug in the tables above, caught by the tests. */
export class UnsendableCloseCodeError extends Error {
  override name = 'UnsendableCloseCodeError';
  constructor(
    readonly reason: string,
    readonly found: number,
  ) {
    super(`close reason ${reason} maps to ${found}, expected a code isSendableCloseCode accepts`);
  }
}

/** The refusal before the upgrade for `reason`, with a short message (the reason itself when none is given). */
export function rejectUpgrade(reason: UpgradeRejectionReason, message: string = reason): UpgradeRejection {
  return { stage: 'upgrade', reason, status: UPGRADE_STATUS[reason], message };
}

/**
 * The close after the upgrade for `reason`. The code is validated with `isSendableCloseCode` and the message
 * clamped to what a close frame can carry, so `ws.close(r.code, r.message)` cannot throw.
 */
export function rejectConnection(reason: CloseReason, message: string = reason): CloseRejection {
  const code = CLOSE_CODE[reason];
  if (!isSendableCloseCode(code)) throw new UnsendableCloseCodeError(reason, code);
  return { stage: 'close', reason, code, message: clampCloseReason(message) };
}

/** Every upgrade refusal reason, for tests and docs. */
export const UPGRADE_REJECTION_REASONS = Object.keys(UPGRADE_STATUS) as UpgradeRejectionReason[];
/** Every close reason, for tests and docs. */
export const CLOSE_REASONS = Object.keys(CLOSE_CODE) as CloseReason[];
