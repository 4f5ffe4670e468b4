import { PARAMS_MAP_NAME, PROMPT_TEXT_NAME, normalizeParams } from '@promptjam/protocol';
import type * as Y from 'yjs';
import type { RenderInput } from '../render/renderTypes.js';

/**
 * Reads what a room renders from its document: `getText('prompt')` and `getMap('params')`, normalised (the room
 * adds its rasterised canvas, see `CanvasRaster`). Both come from untrusted clients: out-of-range params are
 * clamped, and a root a client defined with another type reads as empty (Yjs throws when a name is taken by a
 * different type) instead of failing the render.
 */
export function readRenderInput(doc: Y.Doc): RenderInput {
  return { prompt: readPrompt(doc), params: normalizeParams(readParams(doc)).params };
}

function readPrompt(doc: Y.Doc): string {
  try {
    return doc.getText(PROMPT_TEXT_NAME).toString();
  } catch {
    return '';
  }
}

function readParams(doc: Y.Doc): Record<string, unknown> {
  try {
    return doc.getMap(PARAMS_MAP_NAME).toJSON();
  } catch {
    return {};
  }
}
