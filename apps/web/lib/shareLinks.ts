/** The link that opens a room, e.g. `https://jam.example/r/violet-otter-42`. */
export function roomLink(origin: string, roomId: string): string {
  return `${origin.replace(/\/+$/, '')}/r/${encodeURIComponent(roomId)}`;
}

/** The link of a room's read-only viewer. */
export function embedLink(origin: string, roomId: string): string {
  return `${origin.replace(/\/+$/, '')}/embed/${encodeURIComponent(roomId)}`;
}

/** Default size of the embed snippet's iframe, in CSS pixels. */
export const EMBED_WIDTH_PX = 512;
export const EMBED_HEIGHT_PX = 576;

/** An `<iframe>` snippet that embeds the room's live image on another page. */
export function embedSnippet(origin: string, roomId: string): string {
  const src = embedLink(origin, roomId);
  return `<iframe src="${src}" width="${EMBED_WIDTH_PX}" height="${EMBED_HEIGHT_PX}" style="border:0" title="promptjam: ${roomId}" loading="lazy"></iframe>`;
}
