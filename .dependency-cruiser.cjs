// The import graph's rules (docs/ARCHITECTURE.md, "The pieces and which way they depend"), checked by
// dependency-cruiser as part of `pnpm lint` (turbo runs the root task `//#lint:deps` before every package's lint).
//
// Arrows between our packages run one way:
//   cli -> server, bench, model-hub, diffusion, models
//   bench -> server, protocol, diffusion, models
//   server -> protocol, diffusion, models, model-hub
//   model-hub -> diffusion
//   web -> protocol (its end-to-end harness also starts the real server)
//   protocol, diffusion, models -> nothing of ours
// and no module takes part in an import circle, inside a package or across them (type-only imports count).
//
// A workspace import resolves to the imported package's built `dist/` (through its node_modules link), or stays
// the bare name `@promptjam/<name>` when that package is not built yet; each package pattern matches both.

/** Path pattern of one of our packages: its folder, or its bare import name when unresolved. */
function ours(folder, name) {
  return `^(${folder}/|@promptjam/${name}(/|$))`;
}

const PACKAGES = {
  protocol: ours('packages/protocol', 'protocol'),
  diffusion: ours('packages/diffusion', 'diffusion'),
  models: ours('models', 'models'),
  modelHub: ours('packages/model-hub', 'model-hub'),
  server: ours('apps/server', 'server'),
  bench: ours('apps/bench', 'bench'),
  cli: ours('apps/cli', 'cli'),
  web: ours('apps/web', 'web'),
};

/** Everything of ours except the listed packages (and the package itself, whose own files are not an arrow). */
function oursExcept(self, ...allowed) {
  return Object.entries(PACKAGES)
    .filter(([key]) => key !== self && !allowed.includes(key))
    .map(([, pattern]) => pattern);
}

/** A rule: modules of package `self` import only the `allowed` packages of ours. */
function importsOnly(self, allowed, comment, fromPathNot) {
  return {
    name: `${self}-imports-only-${allowed.length === 0 ? 'nothing-of-ours' : allowed.join('-')}`,
    comment,
    severity: 'error',
    from: { path: PACKAGES[self], ...(fromPathNot ? { pathNot: fromPathNot } : {}) },
    to: { path: oursExcept(self, ...allowed) },
  };
}

/** The server's folders below `server/` (the HTTP server and its wiring), which must not reach up into it. */
const SERVER_INNER = '^apps/server/src/(config|connection|engine|log|metrics|render|rooms|security|store)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circular import is a bug: split the shared part into its own module that both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    importsOnly('protocol', [], 'The wire format depends on nothing of ours: the web app and the server both build on it.'),
    importsOnly('diffusion', [], 'The engine knows no rooms, sockets or commands (its tests and its own bench use the generated models).', '(\\.test\\.ts$|/src/test/|/src/bench/)'),
    importsOnly('models', [], 'The demo model generator depends on nothing of ours.'),
    importsOnly('modelHub', ['diffusion', 'models'], 'Model management reads model folders with the engine loader; the CLI and the server use it, never the reverse.'),
    importsOnly('server', ['protocol', 'diffusion', 'models', 'modelHub'], 'The room server never imports the CLI or the load harness.'),
    importsOnly('bench', ['server', 'protocol', 'diffusion', 'models'], 'The harness drives the server through its public entry point; it is no library for the CLI to share.'),
    importsOnly('cli', ['server', 'bench', 'modelHub', 'diffusion', 'models', 'protocol'], 'The CLI parses arguments and calls the packages; nothing imports it.'),
    importsOnly('web', ['protocol'], 'The browser app speaks the wire format only.', '^apps/web/e2e/'),
    {
      name: 'server-inner-folders-do-not-import-server-wiring',
      comment:
        'server/ wires rooms, connections, security, render, store and metrics together; those folders must not import it back (the gate contract lives in connection/gates.ts).',
      severity: 'error',
      from: { path: SERVER_INNER, pathNot: '(\\.test\\.ts$|/test/)' },
      to: { path: '^apps/server/src/server/' },
    },
    {
      name: 'server-internals-stay-inside',
      comment: 'Other packages use the server through @promptjam/server, /options and /testing, never its src/ files.',
      severity: 'error',
      from: { pathNot: '^apps/server/' },
      to: { path: '^apps/server/src/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)\\.next/', '(^|/)demo/', '(^|/)coverage/', '(^|/)test-results/'] },
    // Type-only imports are edges too: a circle through types is still a circle.
    tsPreCompilationDeps: true,
    // The web app's `@/` alias and NodeNext `.js` specifiers resolve as the compiler resolves them.
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
