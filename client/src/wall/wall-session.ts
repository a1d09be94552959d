import { readJson, removeKey, writeJson } from '../lib/storage';

/**
 * The wall display's pairing, kept in the projector browser's own storage: the wall pairs like
 * a tablet, with a one-time code from the console, and the token never appears in a URL (a
 * bookmarked link with a token would outlive the meeting in the browser history).
 */
export interface WallSession {
  token: string;
  meetingId: string;
  /** Epoch ms; an expired session is dropped and the wall asks for a new code. */
  expiresAt: number;
}

const SESSION_KEY = 'biaojue.wall.session';

function isSession(v: unknown): v is WallSession {
  const s = v as Partial<WallSession> | null;
  return typeof s?.token === 'string' && typeof s.meetingId === 'string' && typeof s.expiresAt === 'number';
}

export function loadWallSession(now = Date.now()): WallSession | null {
  const session = readJson(SESSION_KEY, isSession);
  if (session && session.expiresAt > now) return session;
  if (session) removeKey(SESSION_KEY);
  return null;
}

export function saveWallSession(session: WallSession): void {
  writeJson(SESSION_KEY, session);
}

export function forgetWallSession(): void {
  removeKey(SESSION_KEY);
}

/**
 * Reads ?pair=CODE once and removes it from the address bar, so a reload or a shared URL does
 * not replay it. An old wall link's token parameter is removed too, unread: tokens don't ride in URLs.
 */
export function takeWallCodeFromUrl(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('pair');
  if (code === null && !url.searchParams.has('token')) return null;
  url.searchParams.delete('pair');
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return code?.trim() || null;
}

export type WallPairOutcome = { ok: true; session: WallSession } | { ok: false; code: string; message: string; details?: Record<string, unknown> };

/** POST /api/wall/pair: redeem the one-time wall code shown on the console. */
export async function pairWall(code: string): Promise<WallPairOutcome> {
  try {
    const res = await fetch('/api/wall/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
    });
    const body = (await res.json()) as Partial<WallSession> & { ok?: boolean; code?: string; message?: string; details?: Record<string, unknown> };
    if (body.ok && isSession(body)) return { ok: true, session: { token: body.token, meetingId: body.meetingId, expiresAt: body.expiresAt } };
    return { ok: false, code: body.code ?? 'INTERNAL', message: body.message ?? `HTTP ${res.status}`, details: body.details };
  } catch (err) {
    return { ok: false, code: 'OFFLINE', message: String(err) };
  }
}
