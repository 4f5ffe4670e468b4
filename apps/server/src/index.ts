/**
 * @promptjam/server: the room server on the GPU host. `startServer()` runs it in-process; `promptjam serve`
 * (apps/cli) runs it as a process, the load harness (apps/bench) drives it through this same entry point.
 * Spec of the wire: docs/PROTOCOL.md. Two more entry points: `@promptjam/server/options` (the option schema
 * alone, without loading the server) and `@promptjam/server/testing` (a real room client and helpers for
 * other packages' tests).
 */
export { startServer, type StartServerOptions, type RunningServer } from './server/startServer.js';
export type { Readiness } from './server/httpRoutes.js';
export type {
  ConnectionAccess,
  ConnectionGates,
  ConnectionInfo,
  ClientMessageInfo,
  CloseListener,
  MessageGate,
  MessageVerdict,
  UpgradeGate,
  UpgradeRequestInfo,
  UpgradeVerdict,
} from './connection/gates.js';
// The option schema, also offered alone as `@promptjam/server/options`.
export * from './options.js';
export { EngineHost, ModelUnavailableError, type EngineLabel, type EngineState } from './engine/EngineHost.js';
export { selectModel, readModelLabel, ModelSelectionError, PREFERRED_MODEL_NAMES, type ModelChoice } from './engine/selectModel.js';
export { RenderScheduler } from './render/RenderScheduler.js';
export { QUEUE_FULL_RETRY_MS, type RenderCounts, type RenderSchedulerOptions } from './render/renderSchedulerOptions.js';
export type { RenderClient, RenderInput, RenderJob, RenderProgress } from './render/renderTypes.js';
export type { AppendCanvasChange, CanvasChange, CanvasRasterizer, FullCanvasChange, RasterizedCanvas, StrokeAppend } from './render/canvasChange.js';
export { SketchSurfaces, MAX_KEPT_SURFACE_BYTES } from './render/SketchSurfaces.js';
export { MAX_ACTIVE_STROKES, SETTLE_AFTER_CHANGES } from './render/SketchSurface.js';
export { RoomStore, RoomStoreError, type StoredFrame, type StoredRoom } from './store/RoomStore.js';
export type { RoomStorage } from './store/RoomStorage.js';
export { ClusterMember, LEASE_TTL_MS, type ClusterHealth, type ClusterMemberOptions } from './cluster/ClusterMember.js';
export { ClusterConnectError } from './cluster/connectRedis.js';
export { probeCluster, type ClusterProbe } from './cluster/probeCluster.js';
export { PEER_ORIGIN, type RoomPeers } from './rooms/RoomPeers.js';
export { ServerMetrics, FanoutTally, type ErrorKind } from './metrics/ServerMetrics.js';
export { createLogger, type ServerLogger } from './log/createLogger.js';
// Access control, limits and hostile-input checks (docs/SECURITY.md).
export { TokenKeyring, type Role, type TokenCheck, type TokenPayload } from './security/capabilityToken.js';
export { loadTokenKeyring, SECRET_ENV } from './security/tokenSecrets.js';
export { DEFAULT_LIMITS, LIMIT_SPECS, type Limits, type LimitName } from './security/limits.js';
export { rejectConnection, rejectUpgrade, type Rejection, type CloseReason, type UpgradeRejectionReason } from './security/rejections.js';
export { DEFAULT_ORIGIN_POLICY, checkOrigin, resolveOriginPolicy, type OriginPolicy } from './security/originPolicy.js';
export { MemoryRoomAccessStore, TOKEN_QUERY_PARAM, VIEW_QUERY_PARAM, type RoomAccessRecord, type RoomAccessStore } from './security/roomAccess.js';
export { type PrivateRoomLinks } from './security/privateRoomsRoute.js';
export { checkUpdate, type UpdateCheck } from './security/updateStructure.js';
export type { UpdateSummary } from './security/updateSummary.js';
export { DataFileError } from './security/DataFileError.js';
export type { SecurityOptions } from './security/securityLayer.js';
export { BlockedWordMatcher } from './wordList/BlockedWordMatcher.js';
export { BlockedWordList, WordListError } from './wordList/BlockedWordList.js';
export { TimelapseRecorder, type TimelapseRecorderDeps } from './timelapse/TimelapseRecorder.js';
export { TimelapseExporter, type ExportedTimelapse } from './timelapse/TimelapseExporter.js';
export type { TimelapseEntry, TimelapseLimits } from './timelapse/TimelapseHistory.js';
