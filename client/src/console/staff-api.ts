import type { MeetingPhase } from '../../../shared/domain/meeting';
import type { Refusal } from '../lib/protocol';

export type StaffRole = 'secretariat' | 'presidium';

export interface StaffLogin {
  token: string;
  role: StaffRole;
  name: string;
}

export interface MeetingSummary {
  meetingId: string;
  title: string;
  phase: MeetingPhase;
}

type Answer<T> = ({ ok: true } & T) | Refusal;

/** fetch that always resolves to an ack-shaped answer, like the socket requests do. */
async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<Answer<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  try {
    const res = await fetch(path, { ...init, headers });
    const body = (await res.json().catch(() => null)) as Answer<T> | null;
    if (body && typeof body.ok === 'boolean') return body;
    return { ok: false, code: 'INTERNAL', message: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, code: 'OFFLINE', message: String(err) };
  }
}

export function login(role: StaffRole, name: string, password: string): Promise<Answer<{ token: string }>> {
  return call('/api/auth/staff', { method: 'POST', body: JSON.stringify({ role, name, password }) });
}

export function listMeetings(token: string): Promise<Answer<{ meetings: MeetingSummary[] }>> {
  return call('/api/meetings', { token });
}

export interface WallCode {
  /** Typed on the wall by hand, e.g. "ABCDE-FGHJK". */
  code: string;
  /** wall.html?pair=CODE: what the QR code holds. */
  url: string;
  /** Inline <svg> of the QR code, made by the server. */
  qrSvg: string;
  expiresAt: number;
}

/** A one-time code that pairs the wall display (like a tablet's seat card); no token in any URL. */
export function wallCode(token: string, meetingId: string): Promise<Answer<WallCode>> {
  return call(`/api/meetings/${encodeURIComponent(meetingId)}/wall-code`, { method: 'POST', token, body: '{}' });
}

/** What a link opens: a printable page or a download (shared/protocol/http.ts LinkTicketSchema). */
export type LinkRequest =
  | { purpose: 'seat-cards' | 'results-csv' | 'results-json' }
  | { purpose: 'result-sheet'; ballotId: string };

/**
 * A one-time, 60-second link to one page or download. Pages open in a new tab and downloads
 * start by themselves, so they cannot send the Authorization header: the ticket stands in for
 * the token, which never goes into a URL (history, printed footers).
 */
export function linkTicket(token: string, meetingId: string, request: LinkRequest): Promise<Answer<{ url: string }>> {
  return call(`/api/meetings/${encodeURIComponent(meetingId)}/link-tickets`, { method: 'POST', token, body: JSON.stringify(request) });
}
