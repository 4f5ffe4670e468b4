/**
 * Generation parameters shared by everyone in a room: the room document's `Y.Map('params')`.
 * Values come from untrusted clients, so every read goes through {@link normalizeParams}:
 * out-of-range numbers are clamped, wrong types are ignored (the default stands), nothing throws.
 */

/** The Y.Text holding the prompt: `doc.getText(PROMPT_TEXT_NAME)`. */
export const PROMPT_TEXT_NAME = 'prompt';
/** The Y.Map holding the parameters: `doc.getMap(PARAMS_MAP_NAME)`. */
export const PARAMS_MAP_NAME = 'params';

/** Parameters of one generation, after normalisation. */
export interface GenerationParams {
  /** Seed of the initial noise: an integer in [0, 2^32 - 1]. */
  seed: number;
  /** Denoising steps: 1–4 for the Turbo models. */
  steps: number;
  /** Image width in pixels, a multiple of 8. */
  width: number;
  /** Image height in pixels, a multiple of 8. */
  height: number;
  /**
   * img2img strength in [0.25, 1]: how far the model may move away from the room's sketch or starting image
   * (1 keeps only its rough colours, 0.25 stays close). Used only when the room has a sketch or an image.
   */
  strength: number;
}

export const MAX_SEED = 0xffff_ffff;
export const MIN_STEPS = 1;
export const MAX_STEPS = 4;
/** Sizes are multiples of this (the VAE downsamples by 8). */
export const SIZE_MULTIPLE = 8;
export const MIN_SIZE_PX = 64;
export const MAX_SIZE_PX = 1024;
/**
 * Strength bounds. With at most {@link MAX_STEPS} steps the engine needs `steps * strength >= 1`, so 0.25 is the
 * lowest strength any room can render; the server raises a room's steps to make up for a low strength.
 */
export const MIN_STRENGTH = 0.25;
export const MAX_STRENGTH = 1;

export const DEFAULT_PARAMS: Readonly<GenerationParams> = Object.freeze({
  seed: 42,
  steps: 1,
  width: 512,
  height: 512,
  // SDXL Turbo's model card pairs img2img with 2 steps at strength 0.5 (one denoising step from the sketch).
  strength: 0.5,
});

/** Size presets offered by the UI; 512×512 is what SDXL Turbo and SD Turbo were trained at. */
export const SIZE_PRESETS: ReadonlyArray<{ label: string; width: number; height: number }> = [
  { label: 'Square 512', width: 512, height: 512 },
  { label: 'Landscape 768×512', width: 768, height: 512 },
  { label: 'Portrait 512×768', width: 512, height: 768 },
  { label: 'Fast 256', width: 256, height: 256 },
];

/** What {@link normalizeParams} made of raw values: the params, and which keys it had to fix. */
export interface NormalizedParams {
  params: GenerationParams;
  /** Keys whose values were clamped, rounded or ignored, with why. */
  adjusted: Array<{ key: string; reason: string }>;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Turns raw, untrusted parameter values (a Y.Map's JSON, a CLI's flags) into valid params.
 * Unknown keys are ignored; NaN, infinities, strings and other wrong types fall back to the default.
 */
export function normalizeParams(raw: Readonly<Record<string, unknown>>): NormalizedParams {
  const adjusted: NormalizedParams['adjusted'] = [];
  const readNumber = (key: keyof GenerationParams): number | undefined => {
    if (!(key in raw)) return undefined;
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      adjusted.push({ key, reason: `expected a finite number, got ${value === null ? 'null' : typeof value}` });
      return undefined;
    }
    return value;
  };
  const fix = (key: string, before: number, after: number, rule: string): number => {
    if (before !== after) adjusted.push({ key, reason: `${before} is outside ${rule}; using ${after}` });
    return after;
  };

  const seedRaw = readNumber('seed');
  const stepsRaw = readNumber('steps');
  const widthRaw = readNumber('width');
  const heightRaw = readNumber('height');
  const strengthRaw = readNumber('strength');
  const size = (key: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const snapped = Math.round(value / SIZE_MULTIPLE) * SIZE_MULTIPLE;
    return fix(key, value, clamp(snapped, MIN_SIZE_PX, MAX_SIZE_PX), `multiples of ${SIZE_MULTIPLE} in [${MIN_SIZE_PX}, ${MAX_SIZE_PX}]`);
  };
  const params: GenerationParams = {
    seed: seedRaw === undefined ? DEFAULT_PARAMS.seed : fix('seed', seedRaw, clamp(Math.trunc(seedRaw), 0, MAX_SEED), `integers in [0, ${MAX_SEED}]`),
    steps: stepsRaw === undefined ? DEFAULT_PARAMS.steps : fix('steps', stepsRaw, clamp(Math.round(stepsRaw), MIN_STEPS, MAX_STEPS), `integers in [${MIN_STEPS}, ${MAX_STEPS}]`),
    width: size('width', widthRaw, DEFAULT_PARAMS.width),
    height: size('height', heightRaw, DEFAULT_PARAMS.height),
    strength:
      strengthRaw === undefined ? DEFAULT_PARAMS.strength : fix('strength', strengthRaw, clamp(strengthRaw, MIN_STRENGTH, MAX_STRENGTH), `[${MIN_STRENGTH}, ${MAX_STRENGTH}]`),
  };
  return { params, adjusted };
}

/**
 * The steps an img2img render runs with: the room's steps, raised until `floor(steps * strength) >= 1` (the
 * engine's rule: at least one denoising step must run). Text-to-image uses the room's steps as they are.
 */
export function img2imgSteps(params: Pick<GenerationParams, 'steps' | 'strength'>): number {
  let steps = params.steps;
  while (steps < MAX_STEPS && Math.floor(steps * params.strength) < 1) steps++;
  return steps;
}

/** Whether two parameter sets render the same image. */
export function sameParams(a: GenerationParams, b: GenerationParams): boolean {
  return a.seed === b.seed && a.steps === b.steps && a.width === b.width && a.height === b.height && a.strength === b.strength;
}
