/**
 * The hardening limits, in one table: name, default, unit, environment variable, CLI flag, and what a
 * client over the limit gets. The table has the shape of the server's own option specs
 * (config/optionSpec.ts), so the server spreads it into its `limits` group beside the core limits it
 * owns itself (max message size, render queue, send buffer) and reads flags and environment for both.
 *
 * The defaults are sized for a workshop: up to a few hundred people in a room (many of them embed viewers),
 * all of them possibly behind one NAT address (so the per-address caps sit above the per-room cap), typing at
 * full speed, on a 2-core GPU host.
 */
import { DEFAULT_SKETCH_LIMITS, MAX_PROMPT_CHARS } from '@promptjam/protocol';
import { ConfigError, integerIn } from '../config/optionParsers.js';
import type { OptionSpec } from '../config/optionSpec.js';

/** How one limit is configured and documented. */
export interface LimitSpec extends OptionSpec<number> {
  /** Smallest and largest accepted value. */
  min: number;
  max: number;
  /** What the offender gets (a status or close code). */
  answer: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The limit table. Keys are the option names used in code (`limits.maxPromptChars`). */
export const LIMIT_SPECS = {
  maxDocumentBytes: spec(2 * MIB, 16 * KIB, 256 * MIB, 'bytes', 'max-document-bytes', 'Largest encoded room document (prompt, params and edit history), judged on what an update would leave.', '4413'),
  maxPromptChars: spec(MAX_PROMPT_CHARS, 16, MAX_PROMPT_CHARS, 'chars', 'max-prompt-chars', 'Longest prompt, judged on the text an update would leave (what it deletes is credited).', '4414'),
  maxValueBytes: spec(1 * KIB, 64, 1 * MIB, 'bytes', 'max-value-bytes', 'Largest single non-text value in an update (a param, an embed, a format attribute).', '4415'),
  maxPendingUpdateBytes: spec(64 * KIB, 0, 64 * MIB, 'bytes', 'max-pending-update-bytes', 'Updates held back because their dependencies have not arrived, judged on what an update would leave pending.', '4400'),
  maxStructsPerUpdate: spec(20_000, 16, 10_000_000, 'structs', 'max-structs-per-update', 'Items in one update; bounds the work of integrating it.', '4400'),
  maxClientsPerUpdate: spec(64, 1, 1_000_000, 'ids', 'max-clients-per-update', 'Distinct writer ids in one update.', '4400'),
  updateCheckBudgetMs: spec(250, 1, 60_000, 'ms', 'update-check-budget-ms', 'Work time (not wall-clock) the structure check of one update may take before it is refused; a backstop about 10x above a full-size update.', '4400'),
  messagesPerSecond: spec(50, 1, 100_000, 'messages/s', 'messages-per-second', 'Sustained messages per connection (token bucket refill).', '4429'),
  messageBurst: spec(200, 1, 1_000_000, 'messages', 'message-burst', 'Messages a connection may send at once (token bucket size).', '4429'),
  bytesPerSecond: spec(256 * KIB, 1 * KIB, 1024 * MIB, 'bytes/s', 'bytes-per-second', 'Sustained bytes per connection.', '4429'),
  byteBurst: spec(1 * MIB, 1 * KIB, 1024 * MIB, 'bytes', 'byte-burst', 'Bytes a connection may send at once; at least max-message-bytes.', '4429'),
  serverMsPerSecond: spec(100, 1, 1000, 'ms/s', 'server-ms-per-second', 'Work time (not wall-clock) the server may spend on one connection\'s messages, sustained (measured).', '4429'),
  serverMsBurst: spec(1000, 1, 60_000, 'ms', 'server-ms-burst', 'Main-thread time one connection may use at once before it must slow down.', '4429'),
  maxAwarenessBytes: spec(4 * KIB, 64, 1 * MIB, 'bytes', 'max-awareness-bytes', 'Largest awareness (presence) state of one client.', '4416'),
  awarenessPerSecond: spec(20, 1, 10_000, 'messages/s', 'awareness-per-second', 'Sustained awareness messages per connection.', '4429'),
  awarenessBurst: spec(60, 1, 100_000, 'messages', 'awareness-burst', 'Awareness messages a connection may send at once.', '4429'),
  maxConnectionsPerIp: spec(1000, 1, 1_000_000, 'connections', 'max-connections-per-ip', 'Open sockets from one address; at least a full room, since a whole workshop may share one NAT address.', '4430 (HTTP 429 under a flood)'),
  upgradesPerIpPerSecond: spec(10, 1, 100_000, 'upgrades/s', 'upgrades-per-ip-per-second', 'Sustained new connections from one address.', '4431 (HTTP 429 under a flood)'),
  upgradeBurstPerIp: spec(600, 1, 1_000_000, 'upgrades', 'upgrade-burst-per-ip', 'New connections one address may open at once: a full room behind one address reconnecting after a restart.', '4431 (HTTP 429 under a flood)'),
  maxClientsPerRoom: spec(500, 1, 1_000_000, 'clients', 'max-clients-per-room', 'Clients (editors and viewers) in one room.', '4409'),
  removeBanSeconds: spec(600, 1, 7 * 24 * 3600, 'seconds', 'remove-ban-seconds', 'How long a participant the host removed is kept out of the room: their browser, and browsers new to the room from their network address.', '4441'),
  maxLoadedRooms: spec(1000, 1, 1_000_000, 'rooms', 'max-loaded-rooms', 'Rooms held in memory at once; joining another room is refused.', '1013'),
  maxStrokePoints: spec(DEFAULT_SKETCH_LIMITS.maxStrokePoints, 1, 1_000_000, 'points', 'max-stroke-points', 'Points (x, y, pressure) in one sketch stroke.', '4450'),
  maxStrokes: spec(DEFAULT_SKETCH_LIMITS.maxStrokes, 1, 1_000_000, 'strokes', 'max-strokes', 'Strokes in one room\'s sketch.', '4450'),
  maxStrokeWidth: spec(DEFAULT_SKETCH_LIMITS.maxStrokeWidth, 1, 1024, 'units', 'max-stroke-width', 'Widest sketch brush, in sketch units (1024 = the frame\'s width).', '4450'),
  maxImageBytes: spec(160 * KIB, 1 * KIB, 64 * MIB, 'bytes', 'max-image-bytes', 'Largest starting image (PNG, JPEG or WebP bytes); it arrives in one message, so max-message-bytes bounds it too.', '4451'),
  maxImageSidePx: spec(2048, 8, 16_384, 'px', 'max-image-side-px', 'Widest and tallest starting image, in pixels.', '4451'),
} as const satisfies Record<string, LimitSpec>;

/** The name of one limit, e.g. `maxPromptChars`. */
export type LimitName = keyof typeof LIMIT_SPECS;

/** Values of every hardening limit, in the units of {@link LIMIT_SPECS}. */
export type Limits = { readonly [K in LimitName]: number };

/** Every limit at its default. */
export const DEFAULT_LIMITS: Limits = Object.freeze(
  Object.fromEntries(Object.entries(LIMIT_SPECS).map(([name, s]) => [name, s.default])) as Limits,
);

/** Every limit name, in table order. */
export const LIMIT_NAMES = Object.keys(LIMIT_SPECS) as LimitName[];

/** The message size cap the byte bucket must admit; owned by the server's core limits. */
export interface MessageSizeLimit {
  maxMessageBytes: number;
}

function spec(
  defaultValue: number,
  min: number,
  max: number,
  unit: string,
  flag: string,
  description: string,
  answer: string,
): LimitSpec {
  const env = `PROMPTJAM_${flag.toUpperCase().replaceAll('-', '_')}`;
  return { default: defaultValue, min, max, valueName: unit, env, flag, description, answer, parse: integerIn(min, max) };
}

/** The rules between limits: a bucket must hold the largest single thing it has to admit. Throws {@link ConfigError}. */
export function checkLimitRules(limits: Limits & MessageSizeLimit): void {
  if (limits.byteBurst < limits.maxMessageBytes) {
    throw new ConfigError(`--${LIMIT_SPECS.byteBurst.flag}`, `at least max-message-bytes (${limits.maxMessageBytes})`, String(limits.byteBurst));
  }
  if (limits.maxDocumentBytes < limits.maxMessageBytes) {
    throw new ConfigError(`--${LIMIT_SPECS.maxDocumentBytes.flag}`, `at least max-message-bytes (${limits.maxMessageBytes})`, String(limits.maxDocumentBytes));
  }
}
