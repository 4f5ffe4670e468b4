/** Longest capability token we pass on, in characters (a signed token is well under this). */
export const MAX_TOKEN_CHARS = 2048;

/**
 * The capability token of a private room from the page's query string (`/r/<room>?token=…`), or null.
 * Only URL-safe token characters are accepted, so nothing odd is forwarded to the server.
 */
export function readPageToken(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  if (token === null || token.length === 0 || token.length > MAX_TOKEN_CHARS) return null;
  return /^[A-Za-z0-9._~-]+$/.test(token) ? token : null;
}

/**
 * The link that opens a room, e.g. `https://jam.example/r/violet-otter-42`. With the token this page was
 * opened with (a private room), the link carries it, so whoever it is shared with can join too.
 */
export function roomLink(origin: string, roomId: string, token: string | null = null): string {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${origin.replace(/\/+$/, '')}/r/${encodeURIComponent(roomId)}${query}`;
}

/** The link of a room's read-only viewer, with a private room's (viewer) token when given. */
export function embedLink(origin: string, roomId: string, token: string | null = null): string {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${origin.replace(/\/+$/, '')}/embed/${encodeURIComponent(roomId)}${query}`;
}

/** The link of a room's projector view (`/show/<room>`), with the page's token of a private room if any. */
export function showLink(origin: string, roomId: string, token: string | null = null): string {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${origin.replace(/\/+$/, '')}/show/${encodeURIComponent(roomId)}${query}`;
}

/** A link as people type it from a screen: without the scheme and without a trailing slash. */
export function shortLink(link: string): string {
  return link.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/**
 * A short link split where a reader expects a line break: the host, then the path (`['jam.example',
 * '/r/teal-owl-17']`); one line when there is no path. The projector view shows each on its own line, so the link
 * never wraps in the middle of a word.
 */
export function shortLinkLines(short: string): string[] {
  const slash = short.indexOf('/');
  return slash <= 0 ? [short] : [short.slice(0, slash), short.slice(slash)];
}

/** Default size of the embed snippet's iframe, in CSS pixels. */
export const EMBED_WIDTH_PX = 512;
export const EMBED_HEIGHT_PX = 576;

/**
 * An `<iframe>` snippet that embeds the room's live image on another page; a private room's snippet must carry a
 * token (its viewer token: the snippet ends up in other people's page source), else the embed is refused (4401).
 */
export function embedSnippet(origin: string, roomId: string, token: string | null = null): string {
  const src = embedLink(origin, roomId, token);
  return `<iframe src="${src}" width="${EMBED_WIDTH_PX}" height="${EMBED_HEIGHT_PX}" style="border:0" title="promptjam: ${roomId}" loading="lazy"></iframe>`;
}
