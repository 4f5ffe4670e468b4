/**
 * The timelapse's settings, spread into the server's option schema (config/serverConfig.ts), like the hardening
 * limits: each has a flag, an environment variable and a README row.
 */
import { integerIn } from '../config/optionParsers.js';
import type { OptionSpec } from '../config/optionSpec.js';

const MIB = 1024 * 1024;

/** The timelapse's options: how much history a room keeps, how big its thumbnails are, how many exports run. */
export const TIMELAPSE_OPTION_SPECS = {
  timelapseFrames: { flag: 'timelapse-frames', env: 'PROMPTJAM_TIMELAPSE_FRAMES', default: 900, valueName: 'frames', description: "Refined frames a room's timelapse keeps (oldest dropped first); 0 keeps none", parse: integerIn(0, 100_000) },
  timelapseBytes: { flag: 'timelapse-bytes', env: 'PROMPTJAM_TIMELAPSE_BYTES', default: 16 * MIB, valueName: 'bytes', description: "Thumbnail bytes a room's timelapse keeps, all frames together (oldest dropped first)", parse: integerIn(64 * 1024, 1_024 * MIB) },
  timelapseThumbnailPx: { flag: 'timelapse-thumbnail-px', env: 'PROMPTJAM_TIMELAPSE_THUMBNAIL_PX', default: 256, valueName: 'px', description: 'Longest side of a timelapse thumbnail (frames are never enlarged)', parse: integerIn(16, 1_024) },
  timelapseExports: { flag: 'timelapse-exports', env: 'PROMPTJAM_TIMELAPSE_EXPORTS', default: 1, valueName: 'exports', description: 'Timelapses encoded at once; 4 more may wait, beyond that a download is answered 503', parse: integerIn(1, 16) },
} satisfies Record<string, OptionSpec<unknown>>;
