import { Counter, Gauge, type Registry } from 'prom-client';

/** What the cluster gauges read at scrape time. */
export interface ClusterMetricsSources {
  redisUp(): boolean;
  ownedRooms(): number;
  draining(): boolean;
}

/** The cluster member's Prometheus metrics, in the server's registry (`GET /metrics`). */
export class ClusterMetrics {
  /** Render leases this member took. */
  readonly leasesAcquired: Counter;
  /** Render leases this member lost without giving them up (expired, taken over, or unconfirmed while Redis was away). */
  readonly leasesLost: Counter;
  /** Frames and status messages Redis refused to publish because this member's lease was gone (the fence held). */
  readonly fencedPublishes: Counter;
  /** Frames this member published as a room's owner. */
  readonly framesPublished: Counter;

  constructor(registry: Registry, sources: ClusterMetricsSources) {
    const registers = [registry];
    new Gauge({ name: 'promptjam_cluster_redis_up', help: '1 while the cluster Redis answers, else 0', registers, collect() { this.set(sources.redisUp() ? 1 : 0); } });
    new Gauge({ name: 'promptjam_cluster_rooms_owned', help: 'Rooms this member renders (holds the lease of)', registers, collect() { this.set(sources.ownedRooms()); } });
    new Gauge({ name: 'promptjam_cluster_draining', help: '1 while this member is draining (takes no rooms)', registers, collect() { this.set(sources.draining() ? 1 : 0); } });
    this.leasesAcquired = new Counter({ name: 'promptjam_cluster_leases_acquired_total', help: 'Render leases taken', registers });
    this.leasesLost = new Counter({ name: 'promptjam_cluster_leases_lost_total', help: 'Render leases lost (expired or taken over)', registers });
    this.fencedPublishes = new Counter({ name: 'promptjam_cluster_fenced_publishes_total', help: 'Publishes refused because the lease was gone', registers });
    this.framesPublished = new Counter({ name: 'promptjam_cluster_frames_published_total', help: 'Frames published as owner', registers });
  }
}
