/**
 * Renders a results file as markdown: the targets table first (PASS / MISS / n/a, with the owning component),
 * then one table per scenario. The same text is written to bench-results/<mode>.md and pasted into
 * docs/BENCHMARKS.md, so the docs never carry a figure that is not in a results file.
 */
import type { BenchResults } from './resultsWriter.js';
import { describeMachine } from './machineInfo.js';
import { cell, markdownTable } from './markdownTable.js';
import type { KeystrokeResult } from './scenarios/keystrokeToFrame.js';
import { verdict } from './targets.js';
import { idleShare } from './scenarios/engineUseProbe.js';

function targetsSection(results: BenchResults): string {
  const rows = results.targets.map((t) => [
    t.description,
    `${t.bound === 'max' ? '<=' : '>='} ${t.limit} ${t.unit}`,
    t.measured === null ? 'n/a' : `${t.measured} ${t.unit}`,
    `**${verdict(t)}**`,
    t.component,
    t.note,
  ]);
  return markdownTable(['target', 'limit', 'measured', 'verdict', 'owner', 'how measured'], rows);
}

function engineSection(results: BenchResults): string[] {
  const engine = results.scenarios.engine;
  const out: string[] = [];
  if (engine) {
    const o = engine.overhead;
    out.push(`### 1. Engine overhead (${o.modelName} on ${o.provider}, ${o.width}x${o.height}, ${o.steps} step)`, '');
    const row = (name: string, c: typeof o.cacheHit) => [name, String(c.count), cell(c.medianMs, 2), cell(c.p90Ms, 2), cell(c.maxMs, 2)];
    out.push(
      markdownTable(
        ['case (ms outside session.run per frame)', 'frames', 'median', 'p90', 'max'],
        [
          row('text cache miss (new prompt every frame)', o.cacheMiss),
          row('text cache hit (same prompt, new seed)', o.cacheHit),
          ...(o.workerCacheHit ? [row('cache hit through the worker thread (adds messaging and image transfer)', o.workerCacheHit)] : []),
        ],
      ),
    );
    const t = engine.tokenizer;
    out.push('', `Baseline: median time inside \`session.run\` per frame ${cell(o.onnxRunMedianMs, 2)} ms.`, '');
    out.push(`Tokenizer: **${t.coldPromptsPerSecond.toLocaleString('en-US')} prompts/s** on first-seen text, ${t.warmPromptsPerSecond.toLocaleString('en-US')} prompts/s warm (${t.source}, ${t.distinctPrompts} distinct prompts).`, '');
  }
  const sketch = results.scenarios.sketch;
  if (sketch) {
    out.push(
      `### 1b. Sketch rasterising (${sketch.strokes} strokes, ${sketch.points} points, ${sketch.width}x${sketch.height})`,
      '',
      `Per img2img frame, before the engine (raw RGBA out), over ${sketch.incrementalMs.n} drawing changes and ${sketch.fullMs.n} full redraws:`,
      '',
      markdownTable(
        ['case', 'p50 ms', 'p95 ms'],
        [
          ['typical: a room drawing (only the active stroke redrawn; judged)', `**${cell(sketch.incrementalMs.p50, 2)}**`, cell(sketch.incrementalMs.p95, 2)],
          ['worst: full redraw (after undo, erase, clear, a new image or size)', cell(sketch.fullMs.p50, 2), cell(sketch.fullMs.p95, 2)],
          ...(engine ? [["beside them: the engine's time inside `session.run`", cell(engine.overhead.onnxRunMedianMs, 2), '-']] : []),
        ],
      ),
      '',
    );
  }
  const gpu = results.scenarios.gpu;
  if (gpu) {
    out.push('### GPU figures', '', gpu.gpu ? `Ran on ${gpu.provider} (${gpu.modelName}).` : `**No GPU measured**: ${gpu.reason}.`, '');
    if (gpu.startup.length > 0) {
      out.push(`Load ${gpu.loadMs} ms (sessions created in parallel, then the warm-up). Per session:`, '');
      out.push(markdownTable(['session', 'create ms', 'first run ms'], gpu.startup.map((s) => [s.session, String(s.createMs), s.firstRunMs === null ? '-' : String(s.firstRunMs)])), '');
    }
    for (const b of gpu.breakdowns) {
      out.push(markdownTable(['stage', `ms (p50, ${b.steps} step${b.steps > 1 ? 's' : ''}${b.preview ? ', preview decoder' : ''})`], [...Object.entries(b.stagesMs).map(([stage, ms]) => [stage, cell(ms, 2)]), ['total genMs', cell(b.genMsP50, 2)]]), '');
    }
    if (gpu.batches.length > 0) {
      out.push(
        'Typing rooms rendered together (one engine turn, a new prompt per room, 1 step, preview decoder when installed):',
        '',
        markdownTable(
          ['rooms per turn', 'model work p50 ms', 'all frames encoded p50 ms', 'frames/s summed (encode overlapped)', 'frames/s (serial)', 'first turn ms', 'text encoders ms', 'UNet ms'],
          gpu.batches.map((b) => [String(b.batchSize), cell(b.modelMsP50, 1), cell(b.framesMsP50, 1), cell(b.framesPerSecondPipelined, 1), cell(b.framesPerSecondSerial, 1), cell(b.firstRoundMs, 0), cell(b.stagesMs.textEncode ?? 0, 1), cell(b.stagesMs.unetStep1 ?? 0, 1)]),
        ),
        '',
      );
    }
    if (gpu.webgpu) out.push(`WebGPU provider options: \`${JSON.stringify(gpu.webgpu)}\`.`, '');
    out.push(markdownTable(['published reference', 'ms'], gpu.references.map((r) => [r.name, String(r.ms)])), '');
  }
  return out;
}

function keystrokeRows(runs: readonly KeystrokeResult[]): string[][] {
  return runs.map((r) => {
    const f = r.figures;
    return [
      String(r.rooms),
      String(r.clientsPerRoom),
      String(f.samples),
      `${cell(f.latency?.p50)} / ${cell(f.latency?.p95)} / ${cell(f.latency?.p99)}`,
      `${cell(f.overhead?.p50)} / ${cell(f.overhead?.p95)} / ${cell(f.overhead?.p99)}`,
      `${cell(f.overheadExcludingQueue?.p50)} / ${cell(f.overheadExcludingQueue?.p95)}`,
      cell(f.delivery?.p95),
      cell(f.genMs?.p50),
      `${cell(f.fpsPerRoom?.p50, 2)} (${cell(f.keystrokesPerSecondPerRoom, 1)} keys/s, model ${cell(f.modelFps, 1)})`,
      cell(r.serverLag?.p99Ms),
      cell(r.harnessLag.p99Ms),
    ];
  });
}

const KEYSTROKE_HEADERS = ['rooms', 'clients/room', 'samples', 'latency p50/p95/p99', 'overhead p50/p95/p99', 'excl. engine queue p50/p95', 'delivery p95', 'genMs p50', 'fps/room p50', 'server lag p99', 'harness lag p99'];

function keystrokeSection(results: BenchResults): string[] {
  const k = results.scenarios.keystroke;
  if (!k) return [];
  const out = ['### 2. Keystroke to frame (ms; overhead = latency − genMs − debounce)', ''];
  if (k.realCost.length > 0) out.push(`Tiny model at its real cost (${k.realCost[0]!.model}):`, '', markdownTable(KEYSTROKE_HEADERS, keystrokeRows(k.realCost)), '');
  if (k.gpuCost.length > 0) {
    const c = k.calibration;
    out.push(`Tiny model scaled to an SDXL-Turbo GPU frame${c ? ` (costScale ${c.costScale}, ${c.measuredMs} ms measured, target ${c.targetMs} ms)` : ''}:`, '', markdownTable(KEYSTROKE_HEADERS, keystrokeRows(k.gpuCost)), '');
  }
  if (k.baseline.length > 0) {
    out.push('Baseline, bare `ws` relay of a keystroke-sized message to the same rooms and clients:', '');
    out.push(markdownTable(['rooms', 'clients/room', 'keystroke-to-peer p50', 'p95', 'p99'], k.baseline.map((b) => [String(b.rooms), String(b.clientsPerRoom), cell(b.keystrokeToPeerMs?.p50, 2), cell(b.keystrokeToPeerMs?.p95, 2), cell(b.keystrokeToPeerMs?.p99, 2)])), '');
  }
  return out;
}

function fanoutSection(results: BenchResults): string[] {
  const f = results.scenarios.fanout;
  if (!f) return [];
  const rows = f.points.map((p) => [
    String(p.clients),
    String(p.frameBytes),
    cell(p.bareLastMs, 2),
    cell(p.promptjamLastMs, 2),
    `**${cell(p.ratio, 2)}**`,
    cell(p.promptjamFromEngineMs, 2),
    cell(p.fromEngineRatio, 2),
    cell(p.promptjamSpreadMs, 2),
    cell(p.bareSpreadMs, 2),
  ]);
  return [
    `### 3. Fan-out of one frame (${f.params.width}x${f.params.height}, JPEG q${f.imageQuality}; medians of trials, ms)`,
    '',
    markdownTable(
      ['clients', 'frame bytes', 'bare ws: send → last client', 'promptjam: est. send → last client', 'ratio', 'promptjam: engine done → last (upper bound)', 'ratio (upper bound)', 'promptjam first→last', 'bare first→last'],
      rows,
    ),
    '',
  ];
}

function scaleSection(results: BenchResults): string[] {
  const s = results.scenarios.scale;
  if (!s) return [];
  const kb = (bytes: number) => cell(bytes / 1024, 1);
  const summary = markdownTable(
    ['series', 'heap + external KB per unit', 'JS heap KB per unit', 'RSS KB per unit', 'heap fit r2', 'server lag p99 while growing (ms)', 'largest count'],
    [
      ['promptjam, idle client', kb(s.idleClients.heapExternalBytesPerUnit), kb(s.idleClients.heapBytesPerUnit), kb(s.idleClients.rssBytesPerUnit), String(s.idleClients.heapFitR2), cell(s.idleClients.lagP99Ms), String(s.idleClients.points.at(-1)?.count ?? 0)],
      ['bare ws, idle client (baseline)', kb(s.bareIdleClients.heapExternalBytesPerUnit), kb(s.bareIdleClients.heapBytesPerUnit), kb(s.bareIdleClients.rssBytesPerUnit), String(s.bareIdleClients.heapFitR2), cell(s.bareIdleClients.lagP99Ms), String(s.bareIdleClients.points.at(-1)?.count ?? 0)],
      ['promptjam, idle loaded room (prompt + last frame, no clients)', kb(s.idleRooms.heapExternalBytesPerUnit), kb(s.idleRooms.heapBytesPerUnit), kb(s.idleRooms.rssBytesPerUnit), String(s.idleRooms.heapFitR2), cell(s.idleRooms.lagP99Ms), String(s.idleRooms.points.at(-1)?.count ?? 0)],
    ],
  );
  return ['### 4. Scale (server heap after a full GC, sampled inside the server process)', '', summary, ''];
}

function slowSection(results: BenchResults): string[] {
  const s = results.scenarios.slowConsumer;
  if (!s) return [];
  const row = (name: string, f: typeof s.withSlow) => [name, String(f.samples), cell(f.latency?.p50), cell(f.latency?.p95), cell(f.latency?.p99), cell(f.overheadExcludingQueue?.p95)];
  return [
    `### 5. Slow consumer (${s.clients} clients in one room typing fast; the slow one receives ${Math.round(s.slowBytesPerSecond / 1024)} KB/s)`,
    '',
    markdownTable(['others\' keystroke-to-frame (ms)', 'samples', 'p50', 'p95', 'p99', 'excl. queue p95'], [row('all clients read normally', s.withoutSlow), row('one slow client among them', s.withSlow)]),
    '',
    `Others' p95 with / without the slow client: **x${cell(s.latencyP95Ratio, 2)}**. The slow client received ${s.slowClientFrames} frames while the median other client received ${s.otherClientFrames}; ${s.slowClientCloseCode === null ? 'it stayed connected' : `the server closed it with code ${s.slowClientCloseCode}`}.`,
    '',
  ];
}

function wordListSection(results: BenchResults): string[] {
  const w = results.scenarios.wordList;
  if (!w) return [];
  return [
    `### 7. Word list (${w.entries} entries, a ${w.promptChars}-character prompt with no listed word, ${w.checks} checks)`,
    '',
    markdownTable(
      ['check (ms)', 'p50', 'p95', 'p99'],
      [
        ['word trie (`BlockedWordMatcher`)', cell(w.checkMs.p50, 3), cell(w.checkMs.p95, 3), cell(w.checkMs.p99, 3)],
        ['one whole-word regex per entry (baseline)', cell(w.baselineMs.p50, 2), cell(w.baselineMs.p95, 2), cell(w.baselineMs.p99, 2)],
      ],
    ),
    '',
    `The trie is **x${w.speedup}** faster than the baseline at the median; the target is under 1 ms per check.`,
    '',
  ];
}

function timelapseSection(results: BenchResults): string[] {
  const t = results.scenarios.timelapse;
  if (!t) return [];
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return [
    `### 10. Timelapse export (a 10-minute jam: ${t.frames} refined frames, ${t.thumbnailPx} px thumbnails, ${mib(t.historyBytes)} MiB kept)`,
    '',
    markdownTable(
      ['export (ms)', 'p50', 'p95', 'size (MiB)'],
      [
        ['animated WebP', cell(t.webpMs.p50, 0), cell(t.webpMs.p95, 0), mib(t.webpBytes)],
        ['animated GIF', cell(t.gifMs.p50, 0), cell(t.gifMs.p95, 0), mib(t.gifBytes)],
      ],
    ),
    '',
    `Keeping the ${t.frames} frames (thumbnail and store write each) took ${t.recordMs} ms in all. Load average when the exports started: ${t.loadAverage1m.toFixed(2)}. The target is under 5 s per export.`,
    '',
  ];
}

function strokesSection(results: BenchResults): string[] {
  const runs = results.scenarios.strokes;
  if (!runs || runs.length === 0) return [];
  const rows = runs.map((r) => [
    String(r.rooms),
    String(r.clientsPerRoom),
    `${cell(r.strokePointToPeer?.p50, 2)} / ${cell(r.strokePointToPeer?.p95, 2)}`,
    `${cell(r.keystrokeToPeer?.p50, 2)} / ${cell(r.keystrokeToPeer?.p95, 2)}`,
    `${cell(r.bareKeystrokeToPeer?.p50, 2)} / ${cell(r.bareKeystrokeToPeer?.p95, 2)}`,
    `${cell(r.pointerToPeer?.p50, 2)} / ${cell(r.pointerToPeer?.p95, 2)}`,
    `${r.pointSamples} of ${r.points * Math.max(1, r.clientsPerRoom - 2)}`,
    `${cell(r.serverLag?.p99Ms, 1)} / ${cell(r.harnessLag.p99Ms, 1)}`,
  ]);
  return [
    '### 9. Stroke point to peer vs keystroke to peer (one typist and one drawer per room at once; ms, p50 / p95)',
    '',
    markdownTable(['rooms', 'clients/room', 'stroke point (from push)', 'keystroke', 'bare ws relay', 'stroke point (from pointer)', 'point arrivals (of points x peers)', 'lag p99 server / harness'], rows),
    '',
  ];
}

function batchingSection(results: BenchResults): string[] {
  const b = results.scenarios.batching;
  if (!b || b.points.length === 0) return [];
  const rows = b.points.map((p) => {
    const base = p.baseline === null ? undefined : b.points.find((o) => o.rooms === p.rooms && o.clientsPerRoom === p.clientsPerRoom && o.variant === p.baseline);
    const ratio = (value: number | undefined, baseValue: number | undefined): string => (value === undefined || !baseValue ? '' : ` (x${cell(value / baseValue, 2)})`);
    const idle = idleShare(p.engineUse);
    return [
      String(p.rooms),
      String(p.clientsPerRoom),
      p.variant,
      `${cell(p.framesPerSecond, 1)}${ratio(p.framesPerSecond, base?.framesPerSecond)}`,
      cell(p.editToStartMs?.p50, 0),
      `${cell(p.editToStartMs?.p95, 0)}${ratio(p.editToStartMs?.p95, base?.editToStartMs?.p95)}`,
      idle === null ? 'n/a' : `${cell(idle * 100, 1)} %`,
      `${cell(p.overheadMs?.p95, 1)} (${cell(p.overheadExcludingQueueMs?.p95, 1)})`,
      cell(p.deliveryMs?.p95, 1),
      cell(p.genMs?.p50, 1),
      cell(p.latencyMs?.p95, 0),
      `${cell(p.serverLagP99Ms ?? undefined, 1)} / ${cell(p.harnessLagP99Ms, 1)}`,
    ];
  });
  return [
    `### 6. Cross-room batching and previews (${b.model}, one typist per room, ${b.typingMs / 1000} s of typing per point; ratios against the row's baseline)`,
    '',
    'Engine idle: time without model work while a batch was ready, as a share of engine time (pipelining keeps it low). ' +
      'Overhead: keystroke-to-frame latency − genMs − debounce, p95, and in brackets without waits for a busy engine. ' +
      'Delivery: arrival at each client − (startedAt + genMs), p95. Lag: event-loop lag p99 of the server\'s main thread and of the load generator, ' +
      'whose 1,000 clients share one loop (its lag adds to every arrival time). All in ms unless marked.',
    '',
    markdownTable(['typing rooms', 'clients/room', 'server', 'frames/s summed', 'edit-to-start p50', 'p95', 'engine idle', 'overhead p95 (excl. engine queue)', 'delivery p95', 'genMs p50', 'keystroke-to-frame p95', 'lag p99 server / harness'], rows),
    '',
  ];
}

function clusterSection(results: BenchResults): string[] {
  const c = results.scenarios.cluster;
  if (!c) return [];
  const row = (name: string, r: KeystrokeResult) => [
    name,
    cell(r.figures.overhead?.p50, 1),
    cell(r.figures.overhead?.p95, 1),
    cell(r.figures.delivery?.p50, 1),
    cell(r.figures.delivery?.p95, 1),
    cell(r.figures.latency?.p95, 1),
    String(r.uniqueness.frames),
    String(r.uniqueness.renderedTwice.length),
    String(r.figures.samples),
  ];
  return [
    `### 8. Cluster (${c.model}; 1 room x ${c.single.clientsPerRoom} clients, ${c.single.typingMs / 1000} s of typing, each run in turn)`,
    '',
    markdownTable(
      ['servers', 'overhead p50 (ms)', 'overhead p95', 'fan-out (delivery) p50', 'delivery p95', 'keystroke-to-frame p95', 'frames', 'rendered twice', 'samples'],
      [row('one server', c.single), row('three members (typist on the first, watchers round-robin)', c.cluster)],
    ),
    '',
  ];
}

/** The whole report. */
export function renderMarkdownReport(results: BenchResults): string {
  const m = results.machine;
  return [
    `## promptjam bench, ${results.mode} mode`,
    '',
    `Measured ${results.startedAt} to ${results.finishedAt} on ${describeMachine(m)} (load average at start ${m.loadAverage1m.toFixed(2)}), commit ${m.gitCommit?.slice(0, 12) ?? 'unknown'}${m.gitDirty ? ' (with uncommitted changes)' : ''}.`,
    '',
    '### Targets',
    '',
    targetsSection(results),
    '',
    ...engineSection(results),
    ...keystrokeSection(results),
    ...fanoutSection(results),
    ...scaleSection(results),
    ...slowSection(results),
    ...batchingSection(results),
    ...wordListSection(results),
    ...strokesSection(results),
    ...timelapseSection(results),
    ...clusterSection(results),
    ...(results.notes.length > 0 ? ['### Notes', '', ...results.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}
