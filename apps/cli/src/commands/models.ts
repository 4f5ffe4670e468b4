/**
 * `promptjam models list|fetch|verify|inspect`: model folders under `models/` (see docs/DEPLOY.md).
 * Reports go to stdout; licence text, progress and diagnostics to stderr.
 */
import { join, resolve } from 'node:path';
import { inspectModel } from '@promptjam/diffusion';
import { UsageError, type Command, type ParsedCommandArgs } from '../command.js';
import {
  KNOWN_MODELS,
  type KnownModel,
  checksPassed,
  formatChecks,
  summarizeChecks,
  ModelHubError,
  DEFAULT_FETCH_CONCURRENCY,
  fetchModel,
  FetchProgressReporter,
  formatBytes,
  DEFAULT_RETRIES,
  formatModelReport,
  HubClient,
  hubOptionsFromEnv,
  listInstalledModels,
  type InstalledModel,
  resolveFetchTarget,
  resolveModelDir,
  verifyModel,
} from '@promptjam/model-hub';
import { MODELS_ROOT } from '@promptjam/models';

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

function positiveInt(value: unknown, flag: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${flag} must be an integer from 0 to ${max}, got '${String(value)}'`);
  return n;
}

function requireTarget(args: ParsedCommandArgs, what: string): string {
  const target = args.positionals[1];
  if (target === undefined || args.positionals.length > 2) throw new UsageError(`expected exactly one ${what}`);
  return target;
}

/** Size and state of an installed folder, e.g. `  6.5 GiB  fetched onnxruntime/sdxl-turbo@1a2b3c4d5e6f`. */
function describeInstalled(model: InstalledModel): string {
  let kind: string;
  if (model.status === 'incomplete') kind = 'INCOMPLETE download (rerun fetch to resume)';
  else if (model.demo) kind = 'demo model';
  else if (model.marker) kind = `fetched ${model.marker.repo}@${model.marker.commit.slice(0, 12)}`;
  else kind = `local (${model.pipelineClass ?? 'no pipeline class in model_index.json'})`;
  return `${formatBytes(model.bytes).padStart(10)}  ${kind}`;
}

async function runList(args: ParsedCommandArgs): Promise<number> {
  const installed = await listInstalledModels(MODELS_ROOT);
  if (args.values.json === true) {
    out(JSON.stringify({ modelsRoot: MODELS_ROOT, known: KNOWN_MODELS, installed: installed.map(({ marker: _m, ...rest }) => rest) }, null, 2));
    return 0;
  }
  out(`Known models (promptjam models fetch NAME):`);
  for (const model of KNOWN_MODELS) {
    const here = installed.find((m) => m.name === model.name);
    out(`  ${model.name.padEnd(12)} ${model.repo.padEnd(24)} ${here ? `installed, ${describeInstalled(here).trim()}` : 'not installed'}`);
    out(`  ${''.padEnd(12)} ${model.description}`);
  }
  out('');
  out(`Installed under ${MODELS_ROOT}:`);
  if (installed.length === 0) out('  nothing yet (the server runs the generated demo model)');
  for (const model of installed) out(`  ${model.name.padEnd(24)} ${describeInstalled(model)}`);
  return 0;
}

function printLicence(known: KnownModel | undefined, repo: string): void {
  if (!known) {
    err(`Licence: ${repo} is not in promptjam's catalogue; read its model card and licence before use.`);
    return;
  }
  err(`Licence: ${known.licence.name}`);
  for (const line of known.licence.summary) err(`  ${line}`);
  err(`  Full terms: ${known.licence.url}`);
  err('');
}

async function runFetch(args: ParsedCommandArgs): Promise<number> {
  const name = requireTarget(args, 'model NAME (see `promptjam models list`) or hub repository owner/name');
  const target = resolveFetchTarget(name);
  if (!target) throw new UsageError(`unknown model '${name}': use one of ${KNOWN_MODELS.map((m) => m.name).join(', ')} or an owner/name hub repository`);
  const destination = typeof args.values.dir === 'string' ? resolve(args.values.dir) : join(MODELS_ROOT, target.folderName);
  const client = new HubClient(hubOptionsFromEnv());
  const revision = String(args.values.revision);
  printLicence(target.known, target.repo);
  err(`Fetching ${target.repo}@${revision} from ${client.endpoint}${client.token ? ' (with HF_TOKEN)' : ''} into ${destination}`);

  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const reporter = new FetchProgressReporter(process.stderr);
  try {
    const result = await fetchModel({
      client,
      repo: target.repo,
      revision,
      destination,
      concurrency: Math.max(1, positiveInt(args.values.concurrency, 'concurrency', 32)),
      retries: positiveInt(args.values.retries, 'retries', 100),
      force: args.values.force === true,
      signal: abort.signal,
      onEvent: (event) => reporter.handle(event),
    });
    reporter.finish();
    const total = formatBytes(result.files.reduce((sum, f) => sum + f.size, 0));
    out(`${result.upToDate ? 'up to date' : 'installed'}: ${destination} (${target.repo}@${result.commit.slice(0, 12)}, ${result.files.length} files, ${total})`);
    return 0;
  } catch (error) {
    reporter.finish();
    if (abort.signal.aborted) {
      err('interrupted: finished files and partial downloads are kept; rerun the same command to resume');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runVerify(args: ParsedCommandArgs): Promise<number> {
  const dir = resolveModelDir(requireTarget(args, 'model NAME or DIR'), MODELS_ROOT);
  out(`Verifying ${dir}`);
  const checks = await verifyModel(dir, {
    checksums: args.values['skip-checksums'] !== true,
    sessions: args.values['skip-sessions'] !== true,
    onHashing: (path, index, count) => err(`hashing ${index + 1}/${count} ${path}`),
  });
  out(formatChecks(checks));
  out(summarizeChecks(checks));
  return checksPassed(checks) ? 0 : 1;
}

async function runInspect(args: ParsedCommandArgs): Promise<number> {
  const dir = resolveModelDir(requireTarget(args, 'model DIR or NAME'), MODELS_ROOT);
  const report = await inspectModel(dir, (message) => err(message));
  out(args.values.json === true ? JSON.stringify(report, null, 2) : formatModelReport(report));
  return report.signatureError === undefined ? 0 : 1;
}

const SUBCOMMANDS: Record<string, (args: ParsedCommandArgs) => Promise<number>> = {
  list: runList,
  fetch: runFetch,
  verify: runVerify,
  inspect: runInspect,
};

/** `promptjam models …` */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'List, fetch (from the Hugging Face hub or HF_ENDPOINT), verify and inspect model folders under models/',
  usage: 'list [--json] | fetch NAME [--revision R] [--concurrency N] [--dir DIR] | verify NAME|DIR | inspect DIR|NAME',
  options: {
    revision: { type: 'string', default: 'main', valueName: 'rev', description: 'fetch: hub branch, tag or commit' },
    concurrency: { type: 'string', default: String(DEFAULT_FETCH_CONCURRENCY), valueName: 'n', description: 'fetch: files downloaded in parallel' },
    retries: { type: 'string', default: String(DEFAULT_RETRIES), valueName: 'n', description: 'fetch: retries per file after a network error or stall' },
    dir: { type: 'string', valueName: 'dir', description: 'fetch: destination folder (default: models/NAME)' },
    force: { type: 'boolean', description: 'fetch: replace a destination folder not made by fetch' },
    'skip-checksums': { type: 'boolean', description: 'verify: check sizes only, not sha256' },
    'skip-sessions': { type: 'boolean', description: 'verify: do not load the ONNX sessions' },
    json: { type: 'boolean', description: 'list, inspect: print JSON' },
  },
  async run(args) {
    const subcommand = args.positionals[0];
    const run = subcommand === undefined ? undefined : SUBCOMMANDS[subcommand];
    if (!run) throw new UsageError(`expected a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    try {
      return await run(args);
    } catch (error) {
      if (!(error instanceof ModelHubError)) throw error;
      err(`promptjam models ${subcommand}: ${error.message}`);
      err(`  fix: ${error.fix}`);
      return 1;
    }
  },
};
