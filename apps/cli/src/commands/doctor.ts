/**
 * `promptjam doctor`: is this host ready to run the room server? Node, onnxruntime-node and the execution
 * providers that really load, the GPU, installed models, free ports (or held by a running promptjam, which is
 * fine), a writable data dir; each problem with its fix. Exits 1 when any check fails (warnings alone exit 0).
 */
import { UsageError, type Command } from '../command.js';
import { DEVICE_VALUE_NAME, parseDeviceOption } from '../deviceOption.js';
import {
  checksPassed,
  formatChecks,
  summarizeChecks,
  type Check,
  checkDataDir,
  checkGpu,
  checkNode,
  checkOnnxruntime,
  checkPort,
  checkProviders,
  checkModels,
  collapseNoGpu,
  promptjamServerProbe,
  promptjamWebAppProbe,
} from '@promptjam/model-hub';
import { MODELS_ROOT } from '@promptjam/models';
import { clusterChecks } from './clusterCheck.js';

/** Defaults mirror `promptjam serve` (PROMPTJAM_PORT, PROMPTJAM_HOST, PROMPTJAM_DATA_DIR, PROMPTJAM_DEVICE) and the web app (PORT). */
const env = process.env;

function portValue(value: unknown, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`--${flag} must be a port from 1 to 65535, got '${String(value)}'`);
  return port;
}

/** `promptjam doctor` */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check Node, onnxruntime-node, execution providers, GPU, models, ports, the data dir and the cluster Redis; print fixes',
  usage: `[--device ${DEVICE_VALUE_NAME}] [--port N] [--web-port N] [--data-dir DIR] [--cluster redis://HOST:PORT] [--json]`,
  options: {
    device: { type: 'string', default: env.PROMPTJAM_DEVICE ?? 'auto', valueName: DEVICE_VALUE_NAME, description: 'The device you will serve with: cuda or webgpu makes that provider missing an error (env PROMPTJAM_DEVICE)' },
    port: { type: 'string', default: env.PROMPTJAM_PORT ?? '8787', valueName: 'n', description: 'Room server port to check (env PROMPTJAM_PORT)' },
    'web-port': { type: 'string', default: env.PORT ?? '3000', valueName: 'n', description: 'Web app port to check (env PORT)' },
    'data-dir': { type: 'string', default: env.PROMPTJAM_DATA_DIR ?? '.promptjam-data', valueName: 'dir', description: 'Room store directory to check (env PROMPTJAM_DATA_DIR)' },
    cluster: { type: 'string', default: env.PROMPTJAM_CLUSTER ?? '', valueName: 'redis-url', description: 'Cluster Redis to check: reachable, version 7+, append-only file on (env PROMPTJAM_CLUSTER)' },
    'skip-ports': { type: 'boolean', description: 'Do not check ports (a port held by a running promptjam is reported ok anyway)' },
    json: { type: 'boolean', description: 'Print the checks as JSON' },
  },
  async run(args) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const device = parseDeviceOption(args.values.device);
    const serverPort = portValue(args.values.port, 'port');
    const webPort = portValue(args.values['web-port'], 'web-port');
    const progress = (what: string): void => void process.stderr.write(`checking ${what}…\n`);

    let checks: Check[] = [checkNode(), checkOnnxruntime()];
    progress('execution providers (each in a child process)');
    checks.push(...(await checkProviders(device)));
    progress('GPU');
    checks.push(await checkGpu(device));
    progress('models');
    checks.push(...(await checkModels(MODELS_ROOT)));
    if (args.values['skip-ports'] !== true) {
      const serverHost = env.PROMPTJAM_HOST ?? '0.0.0.0';
      checks.push(await checkPort('room server (promptjam serve)', serverPort, serverHost, 'PROMPTJAM_PORT or --port', promptjamServerProbe(serverHost)));
      checks.push(await checkPort('web app', webPort, '0.0.0.0', 'PORT', promptjamWebAppProbe('0.0.0.0')));
    }
    checks.push(await checkDataDir(String(args.values['data-dir'])));
    const clusterUrl = String(args.values.cluster ?? '').trim();
    if (clusterUrl !== '' && clusterUrl !== 'off') {
      progress('cluster Redis');
      // Imported on use, like serve: the server package pulls in ws, LevelDB and the engine.
      const { probeCluster } = await import('@promptjam/server');
      checks.push(...clusterChecks(await probeCluster(clusterUrl)));
    }

    // A CPU-only host hears once, short, that it has no GPU (not four long warnings about it).
    checks = collapseNoGpu(checks, device);
    if (args.values.json === true) {
      process.stdout.write(`${JSON.stringify({ ok: checksPassed(checks), checks }, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatChecks(checks)}\n${summarizeChecks(checks)}\n`);
    }
    return checksPassed(checks) ? 0 : 1;
  },
};
