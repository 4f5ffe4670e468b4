import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FrameCounters } from '../connection/OutboundChannel.js';
import type { RenderCounts } from '../render/renderSchedulerOptions.js';

/**
 * Frame deliveries, counted with plain additions on the fan-out path (one per client per frame) and read by
 * the Prometheus counters at scrape time.
 */
export class FanoutTally implements FrameCounters {
  sent = 0;
  dropped = 0;
  frameSent(): void {
    this.sent += 1;
  }
  frameDropped(): void {
    this.dropped += 1;
  }
}

/** Live numbers the gauges read at scrape time, so nothing has to be kept in step by hand. */
export interface MetricsSources {
  loadedRooms(): number;
  connectedClients(): number;
  renderQueueDepth(): number;
  /** The scheduler's running totals of batches and cancelled refines. */
  renderCounts(): RenderCounts;
}

/** Why something failed, as the `kind` label of `promptjam_errors_total`. */
export type ErrorKind = 'generation' | 'store' | 'connection' | 'room_load' | 'timelapse';

/** Seconds buckets for engine time: the demo model renders in milliseconds, SDXL Turbo on a GPU in 50–500 ms. */
const GENERATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 2, 5, 10];

/**
 * The server's Prometheus metrics, in a registry of its own (so several servers can share a process in tests).
 * Served at `GET /metrics`.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Frames rendered (one per finished generation). */
  readonly framesRendered: Counter;
  /** Frame messages handed to client sockets, and frames slow clients skipped (a newer one replaced them). */
  readonly fanout = new FanoutTally();
  /** Frames rendered, by quality (`preview` while a room is edited, `refined` after the pause). */
  readonly framesByQuality: Counter<'quality'>;
  /** Engine time per frame, seconds. */
  readonly generationSeconds: Histogram;
  /** Time from a room becoming dirty to its frame being broadcast, seconds (debounce + queue + engine). */
  readonly renderLatencySeconds: Histogram;
  readonly errors: Counter<'kind'>;
  /** Connections accepted after the upgrade. */
  readonly connectionsAccepted: Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'promptjam_' });
    new Gauge({ name: 'promptjam_rooms_loaded', help: 'Rooms loaded in memory', registers, collect() { this.set(sources.loadedRooms()); } });
    new Gauge({ name: 'promptjam_clients_connected', help: 'Open client connections', registers, collect() { this.set(sources.connectedClients()); } });
    new Gauge({ name: 'promptjam_render_queue_depth', help: 'Rooms waiting for the engine', registers, collect() { this.set(sources.renderQueueDepth()); } });
    this.framesRendered = new Counter({ name: 'promptjam_frames_rendered_total', help: 'Frames rendered', registers });
    this.framesByQuality = new Counter({ name: 'promptjam_frames_quality_total', help: 'Frames rendered by quality (preview or refined)', labelNames: ['quality'], registers });
    const scheduled = (name: string, help: string, read: (counts: RenderCounts) => number): void => {
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(sources.renderCounts())); } });
    };
    scheduled('promptjam_render_batches_total', 'Engine batches started', (c) => c.batches);
    scheduled('promptjam_render_batch_frames_total', 'Frames asked for in engine batches (sum of batch sizes)', (c) => c.batchFrames);
    scheduled('promptjam_render_shared_batch_frames_total', 'Frames denoised in a batch with at least one other room', (c) => c.sharedBatchFrames);
    scheduled('promptjam_refines_cancelled_total', 'Refines cancelled by a newer edit before they started', (c) => c.refinesCancelled);
    scheduled('promptjam_engine_busy_seconds_total', "Engine time in batches' model work", (c) => c.engineBusyMs / 1000);
    scheduled('promptjam_engine_idle_waiting_seconds_total', 'Engine time without model work while a batch was ready', (c) => c.engineIdleWaitingMs / 1000);
    const fanout = this.fanout;
    new Counter({ name: 'promptjam_frames_sent_total', help: 'Frame messages sent to clients', registers, collect() { this.reset(); this.inc(fanout.sent); } });
    new Counter({ name: 'promptjam_frames_dropped_total', help: 'Frames skipped for slow clients', registers, collect() { this.reset(); this.inc(fanout.dropped); } });
    this.generationSeconds = new Histogram({ name: 'promptjam_generation_seconds', help: 'Engine time per frame', buckets: GENERATION_BUCKETS_S, registers });
    this.renderLatencySeconds = new Histogram({ name: 'promptjam_render_latency_seconds', help: 'Room dirty to frame broadcast', buckets: GENERATION_BUCKETS_S, registers });
    this.errors = new Counter({ name: 'promptjam_errors_total', help: 'Errors by kind', labelNames: ['kind'], registers });
    this.connectionsAccepted = new Counter({ name: 'promptjam_connections_total', help: 'Connections accepted', registers });
  }

  /** Counts one error of `kind`. */
  countError(kind: ErrorKind): void {
    this.errors.inc({ kind });
  }

  /** The exposition text for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
