import { randomId } from '../lib/random';
import { readJson, removeKey, writeJson } from '../lib/storage';

/** What this tablet keeps between reloads. The token is the delegate's; the deviceId is the tablet's. */
export interface TabletSession {
  token: string;
  meetingId: string;
  seatId: string;
}

const DEVICE_KEY = 'biaojue.tablet.deviceId';
const SESSION_KEY = 'biaojue.tablet.session';

const isString = (v: unknown): v is string => typeof v === 'string' && v.length >= 8;

/** Made once per tablet and kept, so the server can tell a re-pair of this tablet from a takeover. */
export function deviceId(): string {
  const existing = readJson(DEVICE_KEY, isString);
  if (existing) return existing;
  const made = randomId();
  writeJson(DEVICE_KEY, made);
  return made;
}

function isSession(v: unknown): v is TabletSession {
  const s = v as Partial<TabletSession> | null;
  return typeof s?.token === 'string' && typeof s.meetingId === 'string' && typeof s.seatId === 'string';
}

export function loadSession(): TabletSession | null {
  return readJson(SESSION_KEY, isSession);
}

export function saveSession(session: TabletSession): void {
  writeJson(SESSION_KEY, session);
}

export function forgetSession(): void {
  removeKey(SESSION_KEY);
}

export type PairOutcome =
  | { ok: true; session: TabletSession }
  | { ok: false; code: string; message: string; details?: Record<string, unknown> };

/** POST /api/pair: redeem the one-time code from the seat card. */
export async function pairDevice(code: string): Promise<PairOutcome> {
  try {
    const res = await fetch('/api/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim(), deviceId: deviceId() }),
    });
    const body = (await res.json()) as Partial<TabletSession> & {
      ok?: boolean;
      code?: string;
      message?: string;
      details?: Record<string, unknown>;
    };
    if (body.ok && isSession(body)) return { ok: true, session: { token: body.token, meetingId: body.meetingId, seatId: body.seatId } };
    // details carries e.g. retryAfterSec of TOO_MANY_ATTEMPTS, so the tablet can say how long to wait.
    return { ok: false, code: body.code ?? 'INTERNAL', message: body.message ?? `HTTP ${res.status}`, details: body.details };
  } catch (err) {
    return { ok: false, code: 'OFFLINE', message: String(err) };
  }
}

/** Reads ?pair=CODE once and removes it from the address bar, so a reload or a shared URL does not replay it. */
export function takePairCodeFromUrl(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('pair');
  if (code === null) return null;
  url.searchParams.delete('pair');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return code.trim() || null;
}
