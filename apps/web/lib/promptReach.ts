import type { PromptTokenUsage } from '@promptjam/protocol';

/**
 * About how many leading words of `prompt` the model read, from the frame's token counts: the prompt's words
 * scaled by `used / total` (CLIP splits long or rare words into several tokens, so this is an estimate).
 * Undefined when nothing was cut.
 */
export function wordsRead(prompt: string, usage: PromptTokenUsage | undefined): number | undefined {
  if (usage === undefined || !usage.truncated || usage.total <= 0) return undefined;
  const words = prompt.split(/\s+/u).filter((word) => word !== '').length;
  return Math.max(1, Math.floor((words * usage.used) / usage.total));
}
