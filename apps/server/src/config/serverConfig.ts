/**
 * Every setting of the room server in one schema: its CLI flag, its environment variable, its default and its parser.
 * `promptjam serve` builds its flags from this table, `startServer()` fills its defaults from it, and the
 * README's configuration table is this list. Limits live in their own group (`limits`) so the hardening
 * layer can add its own beside them.
 */
import type { DevicePreference } from '@promptjam/diffusion';
import { LIMIT_SPECS as SECURITY_LIMIT_SPECS } from '../security/limits.js';
import { TIMELAPSE_OPTION_SPECS } from '../timelapse/timelapseOptions.js';
import { ConfigError, integerIn, nonEmptyString, oneOf, optionalPath, redisUrlOrOff, stringOrAuto } from './optionParsers.js';
import type { OptionSpec } from './optionSpec.js';

/** The engine's device choices (a type-only import keeps onnxruntime out of commands that only parse options). */
const DEVICES = ['auto', 'cuda', 'webgpu', 'cpu'] as const satisfies readonly DevicePreference[];

export type { OptionSpec } from './optionSpec.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIB = 1024 * 1024;
const KIB = 1024;

/** Server settings other than limits. */
export const SERVER_OPTIONS = {
  port: { flag: 'port', env: 'PROMPTJAM_PORT', default: 8787, valueName: 'port', description: 'TCP port to listen on (0 picks a free one)', parse: integerIn(0, 65_535) },
  host: { flag: 'host', env: 'PROMPTJAM_HOST', default: '0.0.0.0', valueName: 'address', description: 'Interface to listen on', parse: nonEmptyString },
  dataDir: { flag: 'data-dir', env: 'PROMPTJAM_DATA_DIR', default: '.promptjam-data', valueName: 'dir', description: 'Where room documents and last frames are stored (relative to the working directory)', parse: nonEmptyString },
  model: { flag: 'model', env: 'PROMPTJAM_MODEL', default: undefined as string | undefined, defaultLabel: 'auto', valueName: 'dir|name', description: 'Model folder or name under models/; auto picks sdxl-turbo, then sd-turbo, else the demo model', parse: stringOrAuto },
  device: { flag: 'device', env: 'PROMPTJAM_DEVICE', default: 'auto' as DevicePreference, valueName: 'auto|cuda|webgpu|cpu', description: 'Execution provider; auto picks CUDA if it loads, else WebGPU if an adapter is found, else CPU (/readyz says which and why)', parse: oneOf(DEVICES) },
  previewDecoder: { flag: 'preview-decoder', env: 'PROMPTJAM_PREVIEW_DECODER', default: 'auto', valueName: 'auto|off|dir', description: "Tiny TAESD-style decoder for preview frames; auto: the model's preview_decoder/, else models/taesdxl (SDXL) or models/taesd (SD) if fetched", parse: nonEmptyString },
  debounceMs: { flag: 'debounce-ms', env: 'PROMPTJAM_DEBOUNCE_MS', default: 30, valueName: 'ms', description: 'Quiet time after an edit before an idle room renders', parse: integerIn(0, 10_000) },
  maxWaitMs: { flag: 'max-wait-ms', env: 'PROMPTJAM_MAX_WAIT_MS', default: 150, valueName: 'ms', description: 'Longest an idle room waits for the debounce while edits keep coming', parse: integerIn(0, 60_000) },
  maxBatch: { flag: 'max-batch', env: 'PROMPTJAM_MAX_BATCH', default: 0, defaultLabel: 'auto', valueName: 'rooms', description: 'Most rooms denoised in one engine batch; 0 (auto) is 4 on a GPU and 1 on the CPU (1 for fixed-batch models)', parse: integerIn(0, 64) },
  engineNice: { flag: 'engine-nice', env: 'PROMPTJAM_ENGINE_NICE', default: 10, valueName: '0-19', description: 'CPU priority (Linux nice) of the engine and frame-encoder threads, so sockets, Yjs and fan-out run first when cores are busy; 0: same as the event loop', parse: integerIn(0, 19) },
  batchWindowMs: { flag: 'batch-window-ms', env: 'PROMPTJAM_BATCH_WINDOW_MS', default: 10, valueName: 'ms', description: 'Longest an idle engine holds a frame back for rooms about to join its batch', parse: integerIn(0, 1_000) },
  refinePauseMs: { flag: 'refine-pause-ms', env: 'PROMPTJAM_REFINE_PAUSE_MS', default: 400, valueName: 'ms', description: 'Quiet time after the last edit before a refined frame replaces the previews; 0 turns previews off', parse: integerIn(0, 60_000) },
  statusIntervalMs: { flag: 'status-interval-ms', env: 'PROMPTJAM_STATUS_INTERVAL_MS', default: 250, valueName: 'ms', description: "Least time between two render-status messages (queued, generating, idle) of a room; only the newest of those in between is sent. 0 sends every one", parse: integerIn(0, 5_000) },
  imageFormat: { flag: 'image-format', env: 'PROMPTJAM_IMAGE_FORMAT', default: 'jpeg' as 'jpeg' | 'webp', valueName: 'jpeg|webp', description: 'Frame image encoding', parse: oneOf(['jpeg', 'webp']) },
  imageQuality: { flag: 'image-quality', env: 'PROMPTJAM_IMAGE_QUALITY', default: 85, valueName: '1-100', description: 'Frame encoder quality', parse: integerIn(1, 100) },
  roomIdleMs: { flag: 'room-idle-ms', env: 'PROMPTJAM_ROOM_IDLE_MS', default: 30_000, valueName: 'ms', description: 'How long a room with no clients stays loaded before it is flushed and unloaded', parse: integerIn(0, 86_400_000) },
  pingIntervalMs: { flag: 'ping-interval-ms', env: 'PROMPTJAM_PING_INTERVAL_MS', default: 30_000, valueName: 'ms', description: 'WebSocket ping period; a client that misses one pong is dropped', parse: integerIn(1_000, 3_600_000) },
  shutdownTimeoutMs: { flag: 'shutdown-timeout-ms', env: 'PROMPTJAM_SHUTDOWN_TIMEOUT_MS', default: 10_000, valueName: 'ms', description: 'Longest a graceful shutdown waits for the render in flight and the store', parse: integerIn(0, 600_000) },
  cluster: { flag: 'cluster', env: 'PROMPTJAM_CLUSTER', default: undefined as string | undefined, defaultLabel: 'off', valueName: 'redis-url', description: 'Join a cluster of room servers sharing rooms through Redis at this URL (redis://HOST:PORT); off: one server with its embedded store', parse: redisUrlOrOff },
  blockedWords: { flag: 'blocked-words', env: 'PROMPTJAM_BLOCKED_WORDS', default: undefined as string | undefined, defaultLabel: 'none', valueName: 'file', description: 'Word list (one word or phrase a line, # comments); a prompt containing one is not rendered. Reloaded on change', parse: optionalPath },
  // The jam's timelapse (docs/ARCHITECTURE.md), owned by src/timelapse/timelapseOptions.ts.
  ...TIMELAPSE_OPTION_SPECS,
  logLevel: { flag: 'log-level', env: 'PROMPTJAM_LOG_LEVEL', default: 'info' as (typeof LOG_LEVELS)[number], valueName: 'level', description: `Log level (${LOG_LEVELS.join('|')})`, parse: oneOf(LOG_LEVELS) },
} satisfies Record<string, OptionSpec<unknown>>;

/** Limits: named, with defaults; a client beyond one is answered alone and nobody else notices. */
export const LIMIT_OPTIONS = {
  maxMessageBytes: { flag: 'max-message-bytes', env: 'PROMPTJAM_MAX_MESSAGE_BYTES', default: 256 * KIB, valueName: 'bytes', description: 'Largest client message; bigger ones close the connection with 1009', parse: integerIn(1_024, 100 * MIB) },
  maxRenderQueue: { flag: 'max-render-queue', env: 'PROMPTJAM_MAX_RENDER_QUEUE', default: 64, valueName: 'rooms', description: 'Rooms that may wait for the engine at once; more get a busy status and retry', parse: integerIn(1, 100_000) },
  frameSkipBufferedBytes: { flag: 'frame-skip-buffered-bytes', env: 'PROMPTJAM_FRAME_SKIP_BUFFERED_BYTES', default: 256 * KIB, valueName: 'bytes', description: 'A client with more unsent bytes than this gets only the newest frame once it drains', parse: integerIn(0, 1_024 * MIB) },
  maxBufferedBytes: { flag: 'max-buffered-bytes', env: 'PROMPTJAM_MAX_BUFFERED_BYTES', default: 16 * MIB, valueName: 'bytes', description: 'A client with more unsent bytes than this is closed with 4500 (slow consumer)', parse: integerIn(1_024, 4_096 * MIB) },
  // The hardening limits (docs/SECURITY.md), owned by src/security/limits.ts.
  ...SECURITY_LIMIT_SPECS,
} satisfies Record<string, OptionSpec<unknown>>;

type ValuesOf<S extends Record<string, OptionSpec<unknown>>> = { -readonly [K in keyof S]: S[K]['default'] };

/** Limits in force, in bytes / rooms as named. */
export type ServerLimits = ValuesOf<typeof LIMIT_OPTIONS>;
/** The resolved configuration of one server. */
export type ServerConfig = ValuesOf<typeof SERVER_OPTIONS> & { limits: ServerLimits };
/** What a caller of `startServer()` may set; anything left out takes its default. */
export type ServerConfigInput = Partial<ValuesOf<typeof SERVER_OPTIONS>> & { limits?: Partial<ServerLimits> };

function defaultsOf<S extends Record<string, OptionSpec<unknown>>>(specs: S): ValuesOf<S> {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.default])) as ValuesOf<S>;
}

/** The configuration with every default. */
export function defaultServerConfig(): ServerConfig {
  return { ...defaultsOf(SERVER_OPTIONS), limits: defaultsOf(LIMIT_OPTIONS) };
}

/** Re-checks typed values (from code, not strings) with the same parsers, so one schema validates both. */
function checkValues<S extends Record<string, OptionSpec<unknown>>>(specs: S, values: Partial<ValuesOf<S>>, prefix: string): void {
  for (const [key, value] of Object.entries(values)) {
    const spec = specs[key];
    if (spec === undefined) throw new ConfigError(`${prefix}${key}`, `one of ${Object.keys(specs).join(', ')}`, key);
    if (value !== undefined) spec.parse(String(value), `${prefix}${key}`);
  }
}

function checkRelations(config: ServerConfig): ServerConfig {
  if (config.maxWaitMs < config.debounceMs) {
    throw new ConfigError('maxWaitMs', `at least debounceMs (${config.debounceMs})`, String(config.maxWaitMs));
  }
  if (config.limits.maxBufferedBytes <= config.limits.frameSkipBufferedBytes) {
    throw new ConfigError('limits.maxBufferedBytes', `above frameSkipBufferedBytes (${config.limits.frameSkipBufferedBytes})`, String(config.limits.maxBufferedBytes));
  }
  return config;
}

/** Fills defaults into programmatic options and validates them; throws {@link ConfigError}. */
export function mergeServerConfig(input: ServerConfigInput = {}): ServerConfig {
  const { limits = {}, ...rest } = input;
  checkValues(SERVER_OPTIONS, rest, 'options.');
  checkValues(LIMIT_OPTIONS, limits, 'options.limits.');
  const defaults = defaultServerConfig();
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return checkRelations({ ...defaults, ...defined(rest), limits: { ...defaults.limits, ...defined(limits) } });
}

function readSources<S extends Record<string, OptionSpec<unknown>>>(
  specs: S,
  flags: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): Partial<ValuesOf<S>> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const flag = flags[spec.flag];
    const fromEnv = env[spec.env];
    if (flag !== undefined) out[key] = spec.parse(flag, `--${spec.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') out[key] = spec.parse(fromEnv, spec.env);
  }
  return out as Partial<ValuesOf<S>>;
}

/**
 * Resolves the configuration from CLI flags (keyed by flag name, e.g. `data-dir`), then environment variables,
 * then defaults. Throws {@link ConfigError} naming the flag or variable at fault.
 */
export function resolveServerConfig(
  flags: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig {
  const defaults = defaultServerConfig();
  return checkRelations({
    ...defaults,
    ...readSources(SERVER_OPTIONS, flags, env),
    limits: { ...defaults.limits, ...readSources(LIMIT_OPTIONS, flags, env) },
  });
}

/** Every option spec (server settings then limits), for help text and documentation. */
export function allOptionSpecs(): Array<OptionSpec<unknown> & { key: string }> {
  return [...Object.entries(SERVER_OPTIONS), ...Object.entries(LIMIT_OPTIONS)].map(([key, spec]) => ({ key, ...spec }));
}
