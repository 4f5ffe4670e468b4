import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { ImageEngine } from '@promptjam/diffusion';
import { WebSocketServer } from 'ws';
import { ClusterMember } from '../cluster/ClusterMember.js';
import { refusePrivateRoomsInCluster } from '../cluster/refusePrivateRooms.js';
import { mergeServerConfig, type ServerConfig, type ServerConfigInput } from '../config/serverConfig.js';
import type { Connection } from '../connection/Connection.js';
import { EngineHost, type EngineLabel } from '../engine/EngineHost.js';
import { HeartbeatSweep } from '../connection/HeartbeatSweep.js';
import { loadEngine } from '../engine/loadEngine.js';
import { createLogger, type ServerLogger } from '../log/createLogger.js';
import { ServerMetrics } from '../metrics/ServerMetrics.js';
import { RasterThread } from '../render/RasterThread.js';
import { RenderScheduler } from '../render/RenderScheduler.js';
import { RoomRegistry } from '../rooms/RoomRegistry.js';
import { RoomStore } from '../store/RoomStore.js';
import type { RoomStorage } from '../store/RoomStorage.js';
import { loadSecurityOptions } from '../security/securityConfig.js';
import { createSecurityLayer, type SecurityOptions } from '../security/securityLayer.js';
import type { ConnectionGates } from '../connection/gates.js';
import { createRequestHandler, type Readiness } from './httpRoutes.js';
import { shutDown } from './shutDown.js';
import { createUpgradeHandler } from './upgradeHandler.js';
import { BlockedWordList } from '../wordList/BlockedWordList.js';
import { createTimelapse } from '../timelapse/createTimelapse.js';
import { WORD_LIST_HOLD_MESSAGE } from '../wordList/wordListHold.js';

/** Options of {@link startServer}: the configuration (every key optional) plus the parts a caller may supply. */
export interface StartServerOptions extends ServerConfigInput {
  /**
   * The engine, or a promise of it (the server listens while it loads). When left out, the server selects the
   * model from `model` (see `selectModel`) and loads it in a worker thread on `device`.
   */
  engine?: ImageEngine | Promise<ImageEngine>;
  /** How to name the model until the engine has loaded and reports its own name. */
  engineLabel?: EngineLabel;
  /** Dispose the engine when the server closes (default true). Pass false to share one engine between servers. */
  disposeEngine?: boolean;
  /** Defaults to a pino logger on stderr at `logLevel`. */
  logger?: ServerLogger;
  /** Access control and limits plugged into the connection pipeline (after the security layer's own). */
  gates?: ConnectionGates;
  /**
   * The security layer (docs/SECURITY.md): on by default, configured from `env` (PROMPTJAM_SECRET,
   * PROMPTJAM_ALLOWED_ORIGINS, …; default none) and the data dir; parts given here win. `false` turns it off.
   */
  security?: false | { env?: Readonly<Record<string, string | undefined>>; allowedOrigins?: string; options?: Partial<Omit<SecurityOptions, 'limits'>> };
}

/** A running server. */
export interface RunningServer {
  /** The port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** `ws://host:port`; rooms are at `${url}/rooms/<roomId>` (y-websocket: `new WebsocketProvider(url + '/rooms', id, doc)`). */
  readonly url: string;
  /** `http://host:port`, for `/healthz`, `/readyz` and `/metrics`. */
  readonly httpUrl: string;
  readonly config: ServerConfig;
  readonly metrics: ServerMetrics;
  readonly rooms: RoomRegistry;
  readonly engine: EngineHost;
  /** This server as a cluster member (`cluster` set), else undefined. */
  readonly cluster: ClusterMember | undefined;
  /**
   * Cluster mode: stops taking rooms and hands the ones it renders to other members (rolling restart; `/readyz`
   * turns 503). Resolves when they are handed over. A single server has nobody to hand rooms to: no-op.
   */
  drain(): Promise<void>;
  /** The readiness report `/readyz` serves. */
  readiness(): Readiness;
  /** The keep-alive sweep (every `pingIntervalMs`); `sweep()` runs one now. */
  readonly heartbeat: HeartbeatSweep;
  /**
   * Graceful shutdown: stops accepting, stops reading, waits for the render in flight, flushes every document,
   * closes every socket with 1012, closes the store (and the engine unless `disposeEngine: false`).
   */
  close(): Promise<void>;
}

/** The host to put in URLs when listening on every interface. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Wraps the given engine, or selects and starts loading one; a model that cannot be selected degrades readiness. */
async function hostEngine(
  given: ImageEngine | Promise<ImageEngine> | undefined,
  label: EngineLabel | undefined,
  config: ServerConfig,
  logger: ServerLogger,
): Promise<EngineHost> {
  if (given) return new EngineHost(given, label ?? { model: 'loading', demo: false });
  try {
    const load = await loadEngine(config.model, config.device, logger, config.previewDecoder, config.maxBatch, config.engineNice);
    return new EngineHost(load.engine, label ?? load.label);
  } catch (error) {
    return new EngineHost(Promise.reject(error as Error), label ?? { model: config.model ?? 'no model', demo: false });
  }
}

/**
 * Starts the room server: opens the store, starts loading the engine, and listens for HTTP and WebSocket
 * upgrades. Resolves once it is listening (rooms sync at once; frames wait for the engine).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { engine: engineSource, engineLabel, disposeEngine = true, logger: givenLogger, gates: givenGates = {}, security: securityInput = {}, ...configInput } = options;
  // A given engine promise may reject while the store opens; EngineHost reports it, so it is not "unhandled".
  if (engineSource instanceof Promise) engineSource.catch(() => undefined);
  const config = mergeServerConfig(configInput);
  const logger = givenLogger ?? createLogger(config.logLevel);
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  // Read by the security gates and the metrics; set once the registry exists.
  const registryRef: { current?: RoomRegistry } = {};
  const security = securityInput === false ? undefined : createSecurityLayer({
    ...(await loadSecurityOptions({ dataDir, limits: config.limits, env: securityInput.env, allowedOrigins: securityInput.allowedOrigins })),
    ...securityInput.options,
  }, () => registryRef.current);
  const gates = mergeGates(security?.gates ?? {}, givenGates);
  // Read before the store opens: a bad list stops the server with WordListError and nothing to clean up.
  const wordList = config.blockedWords === undefined ? undefined : await BlockedWordList.open(config.blockedWords, logger);
  // A cluster member keeps rooms in Redis and never needs its local disk for them.
  const localStore = config.cluster ? undefined : await RoomStore.open(dataDir);
  for (const { from, to } of localStore?.roomIdMigration.moved ?? []) logger.info({ from, to }, 'room moved to its canonical id');
  for (const { id, reason } of localStore?.roomIdMigration.kept ?? []) logger.warn({ room: id, reason }, 'room left under a non-canonical id (unreachable)');
  const engine = await hostEngine(engineSource, engineLabel, config, logger);

  // Sketches are drawn off the event loop (Skia's drawing calls block their thread).
  const raster = new RasterThread();
  const scheduler = new RenderScheduler(engine, {
    debounceMs: config.debounceMs,
    maxWaitMs: config.maxWaitMs,
    maxQueue: config.limits.maxRenderQueue,
    imageFormat: config.imageFormat,
    imageQuality: config.imageQuality,
    maxBatch: () => engine.batchLimit(config.maxBatch),
    batchWindowMs: config.batchWindowMs,
    lookahead: true,
    refinePauseMs: config.refinePauseMs,
    hasPreviewDecoder: () => engine.info?.previewDecoder === true,
    hold: wordList && ((input) => (wordList.blocks(input.prompt) ? WORD_LIST_HOLD_MESSAGE : undefined)),
  });
  wordList?.onChange(() => scheduler.recheckHeld());
  const connections = new Set<Connection>();
  const metrics = new ServerMetrics({
    loadedRooms: () => registryRef.current?.size ?? 0,
    connectedClients: () => connections.size,
    renderQueueDepth: () => scheduler.queueDepth,
    renderCounts: () => scheduler.counts,
  });
  let cluster: ClusterMember | undefined;
  if (config.cluster) {
    try {
      cluster = await ClusterMember.connect({ url: config.cluster, scheduler, metrics, logger, canRender: () => engine.state === 'ready' });
    } catch (error) {
      if (disposeEngine) await engine.dispose().catch(() => undefined);
      throw error;
    }
  }
  const store: RoomStorage = cluster?.store ?? localStore!;
  // A cluster member keeps no history (the embedded store holds it): its timelapse endpoints answer 501.
  const timelapse = createTimelapse({ config, storage: localStore, metrics, logger, rooms: () => registryRef.current, security });
  const rooms = new RoomRegistry({
    store,
    scheduler,
    metrics,
    logger,
    engineLabel: () => engine.label(),
    idleMs: config.roomIdleMs,
    statusIntervalMs: config.statusIntervalMs,
    peers: cluster,
    sketchLimits: config.limits,
    rasterizer: raster,
    timelapse: timelapse.recorder,
    // An engine that does not say (older, or a test's) is taken to do img2img; the real pipeline always says.
    engineDoesImg2img: () => engine.info?.img2img !== false,
  });
  registryRef.current = rooms;
  let accepting = true;
  let storeOpen = true;

  const readiness = (): Readiness => {
    const info = engine.info;
    const label = engine.label();
    const reasons: string[] = [];
    if (!accepting) reasons.push('shutting down');
    if (!storeOpen) reasons.push('store closed');
    if (engine.state === 'loading') reasons.push('model loading');
    if (engine.state === 'failed') reasons.push(`model failed to load: ${engine.error?.message ?? 'unknown error'}`);
    if (cluster) reasons.push(...cluster.notReadyReasons());
    return {
      ready: reasons.length === 0,
      reasons,
      store: storeOpen ? 'open' : 'closed',
      engine: { state: engine.state, model: label.model, demo: label.demo, provider: info?.provider, providerNote: info?.providerNote, previewDecoder: info?.previewDecoder, error: engine.error?.message },
      shuttingDown: !accepting,
      rooms: rooms.size,
      clients: connections.size,
      ...(cluster ? { cluster: cluster.health() } : {}),
    };
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  const httpServer = createServer(createRequestHandler({ metrics, readiness, logger, extraRoutes: [...(cluster ? [refusePrivateRoomsInCluster] : []), ...(security ? [security.handleHttp] : []), timelapse.handleHttp] }));
  httpServer.on('upgrade', createUpgradeHandler({
    wss,
    registry: rooms,
    upgradeGates: gates.upgrade ?? [],
    logger,
    isAccepting: () => accepting,
    onConnection: (connection) => {
      connections.add(connection);
      metrics.connectionsAccepted.inc();
    },
    connectionDeps: {
      limits: config.limits,
      messageGates: gates.message ?? [],
      closeListeners: [(connection) => connections.delete(connection as Connection), ...(gates.onClose ?? [])],
      counters: metrics.fanout,
      logger,
      onConnectionError: () => metrics.countError('connection'),
    },
  }));
  httpServer.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolveListen, rejectListen) => {
    httpServer.once('error', rejectListen);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', rejectListen);
      resolveListen();
    });
  }).catch(async (error: unknown) => {
    // Nothing may outlive a server that never listened (a loading engine's worker would keep the process up).
    wordList?.close();
    await store.close();
    if (disposeEngine) await engine.dispose().catch(() => undefined);
    throw error;
  });
  const port = (httpServer.address() as AddressInfo).port;
  const heartbeat = new HeartbeatSweep(config.pingIntervalMs, () => connections);
  heartbeat.start();
  engine.whenReady().then(
    // The provider's note (why not a GPU) was logged once by the engine as it chose; /readyz keeps it.
    () => logger.info({ model: engine.label().model, provider: engine.info?.provider }, 'model ready'),
    (error: unknown) => logger.error({ err: (error as Error).message }, 'model failed to load; rooms sync but cannot render'),
  );
  logger.info({ port, host: config.host, dataDir }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `ws://${urlHost(config.host)}:${port}`,
    httpUrl: `http://${urlHost(config.host)}:${port}`,
    config,
    metrics,
    rooms,
    engine,
    cluster,
    readiness,
    heartbeat,
    drain: async () => {
      await cluster?.drain();
    },
    close: () => {
      closing ??= shutDown({
        stopAccepting: () => {
          accepting = false;
          heartbeat.stop();
          wordList?.close();
        },
        httpServer,
        wss,
        connections,
        scheduler,
        rooms,
        store,
        timelapse: timelapse.recorder,
        onStoreClosed: () => {
          storeOpen = false;
        },
        engine: disposeEngine ? engine : undefined,
        metrics,
        logger,
        timeoutMs: config.shutdownTimeoutMs,
      }).finally(() => raster.close());
      return closing;
    },
  };
}

/** The security layer's gates first, then the caller's. */
function mergeGates(first: ConnectionGates, second: ConnectionGates): ConnectionGates {
  return {
    upgrade: [...(first.upgrade ?? []), ...(second.upgrade ?? [])],
    message: [...(first.message ?? []), ...(second.message ?? [])],
    onClose: [...(first.onClose ?? []), ...(second.onClose ?? [])],
  };
}
