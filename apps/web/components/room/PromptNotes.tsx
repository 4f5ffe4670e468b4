'use client';

import { MAX_PROMPT_CHARS, type PromptTokenUsage } from '@promptjam/protocol';
import type { CutText } from '@/lib/promptLengthCap';
import { wordsRead } from '@/lib/promptReach';
import { CopyButton } from './CopyButton';

/** Props of {@link PromptNotes}. */
export interface PromptNotesProps {
  /** What the last local edit could not fit, or null. */
  cut: CutText | null;
  /** The latest frame's prompt and how much of it CLIP read. */
  frame: { prompt: string; promptTokens?: PromptTokenUsage } | null;
}

/**
 * Quiet lines under the prompt: when a paste or keystroke did not fit the prompt's length rule (saying how much
 * was cut and offering the cut text to copy, so nothing typed is lost), and when the model read only the start
 * of a long prompt (CLIP reads 75 tokens; the rest does not change the image).
 */
export function PromptNotes({ cut, frame }: PromptNotesProps) {
  const words = frame === null ? undefined : wordsRead(frame.prompt, frame.promptTokens);
  if (cut === null && words === undefined) return null;
  return (
    <div className="prompt-notes">
      {cut !== null && (
        <p className="prompt-note prompt-cut" role="status">
          The prompt holds {MAX_PROMPT_CHARS.toLocaleString('en')} characters: the last {cut.chars.toLocaleString('en')}{' '}
          {cut.chars === 1 ? 'character' : 'characters'} you added did not fit and were cut.{' '}
          <CopyButton text={cut.text} label="Copy the cut text" />
        </p>
      )}
      {words !== undefined && frame?.promptTokens !== undefined && (
        <p className="prompt-note prompt-reach">
          The model reads only the first {frame.promptTokens.limit.toLocaleString('en')} of this prompt&rsquo;s{' '}
          {frame.promptTokens.total.toLocaleString('en')} tokens (about the first {words.toLocaleString('en')} {words === 1 ? 'word' : 'words'}); the
          rest does not change the image.
        </p>
      )}
    </div>
  );
}
