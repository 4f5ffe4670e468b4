import type { FrameMetadata } from '@promptjam/protocol';

/** Longest prompt slug in a download's file name, in characters. */
const MAX_SLUG_CHARS = 48;

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif' };

/** The prompt as a file-name-safe slug: lowercase ASCII words joined by dashes. */
export function promptSlug(prompt: string): string {
  const slug = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_CHARS)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : 'untitled';
}

/**
 * The file name for downloading a frame, carrying its prompt and seed so the image can be reproduced:
 * `promptjam-a-red-fox-seed42-4.jpg` (the last number is the room's frame sequence).
 */
export function frameFileName(metadata: Pick<FrameMetadata, 'prompt' | 'params' | 'seq' | 'mime'>): string {
  const extension = EXTENSIONS[metadata.mime] ?? 'img';
  return `promptjam-${promptSlug(metadata.prompt)}-seed${metadata.params.seed}-${metadata.seq}.${extension}`;
}
