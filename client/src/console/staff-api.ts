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

export function wallLink(token: string, meetingId: string): Promise<Answer<{ url: string }>> {
  return call(`/api/meetings/${encodeURIComponent(meetingId)}/wall-link`, { token });
}

/** Printable seat cards are a page of their own; the token rides in the query because it opens in a new tab. */
export function seatCardsUrl(token: string, meetingId: string): string {
  return `/api/meetings/${encodeURIComponent(meetingId)}/seat-cards?token=${encodeURIComponent(token)}`;
}

/** The printable A4 result sheet of a published or voided ballot, opened in a new tab. */
export function resultSheetUrl(token: string, meetingId: string, ballotId: string): string {
  return `/api/meetings/${encodeURIComponent(meetingId)}/ballots/${encodeURIComponent(ballotId)}/result-sheet?token=${encodeURIComponent(token)}`;
}

/** Every published or voided ballot's totals, as a download. */
export function resultsExportUrl(token: string, meetingId: string, format: 'csv' | 'json'): string {
  return `/api/meetings/${encodeURIComponent(meetingId)}/results.${format}?token=${encodeURIComponent(token)}`;
}
