/**
 * The one prompt length rule, shared by every part that handles a prompt: the web editor's cap, the room
 * server's default (and largest) `--max-prompt-chars`, and the engine's request check (the server passes it
 * in). Counted in UTF-16 code units, as `Y.Text`, CodeMirror and JavaScript strings count length.
 *
 * Why 4,000: CLIP reads only the first 77 tokens (about 300–400 characters of English); the rest is truncated
 * by the engine as the reference pipelines do, never refused. Beyond that, a prompt is text people keep for
 * themselves (notes, alternatives to swap in), so the room keeps it; the cap only bounds abuse.
 */
export const MAX_PROMPT_CHARS = 4_000;

/** How much of a prompt CLIP read, reported with each frame. */
export interface PromptTokenUsage {
  /** Prompt tokens the text encoder read (without BOS/EOS): at most {@link limit}. */
  used: number;
  /** Prompt tokens the whole cleaned prompt has. */
  total: number;
  /** Prompt tokens CLIP reads at most: 75 (77 with BOS and EOS). */
  limit: number;
  /** True when `total > limit`: the text past the first `limit` tokens did not shape the image. */
  truncated: boolean;
}
