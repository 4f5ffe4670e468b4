/**
 * @promptjam/model-hub: model folders on disk. The catalogue of known models, the Hugging Face hub client,
 * resumable verified downloads with their progress display, verify and inspect, the list of installed models,
 * and the doctor's checks of the host, its execution providers and its models. The CLI (`promptjam models`,
 * `promptjam doctor`) is a thin layer over this package. Model folders and downloads: docs/DEPLOY.md.
 */
export { KNOWN_MODELS, findKnownModel, selectEngineFiles, type KnownModel, type ModelLicence } from './catalogue.js';
export { checksPassed, formatChecks, summarizeChecks, type Check, type CheckStatus } from './checkReport.js';
export {
  ModelHubError,
  HubAuthError,
  HubNotFoundError,
  HubHttpError,
  HubResponseError,
  IntegrityError,
  TransferError,
  DiskError,
  DestinationExistsError,
  type HubNotFoundKind,
} from './errors.js';
export { DEFAULT_FETCH_CONCURRENCY, fetchModel, type FetchEvent, type FetchModelOptions, type FetchModelResult } from './fetchModel.js';
export { DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, DEFAULT_STALL_TIMEOUT_MS } from './fileDownload.js';
export { FetchProgressReporter, type ProgressSink } from './FetchProgressReporter.js';
export { formatBytes } from './formatBytes.js';
export { formatModelReport } from './formatModelReport.js';
export { DEFAULT_HUB_ENDPOINT, HubClient, hubOptionsFromEnv, type HubClientOptions, type HubFile, type HubListing } from './HubClient.js';
export { folderBytes, listInstalledModels, type InstalledModel } from './installedModels.js';
export { INSTALL_MARKER_FILE, InvalidMarkerError, readInstallMarker, type InstallMarker } from './installMarker.js';
export { resolveFetchTarget, resolveModelDir, type FetchTarget } from './resolveModelDir.js';
export { FetchInProgressError } from './stagingDir.js';
export { verifyModel, type VerifyOptions } from './verifyModel.js';
// The doctor's checks (`promptjam doctor`).
export {
  MIN_NODE_VERSION,
  LOW_DISK_BYTES,
  checkDataDir,
  checkGpu,
  checkNode,
  checkOnnxruntime,
  checkPort,
  checkProviders,
  cudaInstallCommand,
  type DeviceChoice,
} from './doctor/hostChecks.js';
export { checkModels } from './doctor/modelChecks.js';
export { collapseNoGpu, GPU_SETUP_DOC } from './doctor/collapseNoGpu.js';
export { PORT_PROBE_TIMEOUT_MS, promptjamServerProbe, promptjamWebAppProbe, type PortOwnerProbe } from './doctor/portOwner.js';
