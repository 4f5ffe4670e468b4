import { NextResponse, type NextRequest } from 'next/server';
import { judgeRoomPath } from '@/lib/roomPath';

/** Where malformed room paths are rewritten: a path no page serves, so the app's not-found page answers 404. */
const NOT_FOUND_PATH = '/_not-found';

/**
 * Runs before routing, on the raw path: a malformed percent-escape gets the not-found page (Next.js would
 * otherwise throw while decoding the route's params and answer 500), and another spelling of a room name is
 * redirected (308) to its canonical path with the query string kept (tokens). See `lib/roomPath.ts`.
 */
export function proxy(request: NextRequest): NextResponse {
  const url = new URL(request.url);
  const verdict = judgeRoomPath(url.pathname);
  if (verdict.action === 'redirect') {
    url.pathname = verdict.pathname;
    return NextResponse.redirect(url, 308);
  }
  if (verdict.action === 'not-found') {
    return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { status: 404 });
  }
  return NextResponse.next();
}

export const config = {
  // Every page path; not the build's static files, which never name a room.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
