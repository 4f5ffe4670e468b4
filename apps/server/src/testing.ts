/**
 * `@promptjam/server/testing`: what tests of programs that drive the server (the CLI's process tests) use to
 * talk to it: a real y-websocket room client, polling helpers and throw-away data directories. Not for
 * production code.
 */
export { RoomClient } from './test/RoomClient.js';
export { sleep, waitUntil } from './test/waitUntil.js';
export { makeDataDir, removeDataDir } from './test/dataDir.js';
export { RedisServer } from './cluster/test/RedisServer.js';
export { useCluster, counterValue, type ClusterContext } from './cluster/test/clusterHarness.js';
export { scrapeMetric } from './cluster/test/memberMetrics.js';
