import type { MeetingPhase } from '../../../shared/domain/meeting';
import type { AccountView, StaffAccountRole } from '../../../shared/protocol/http';
import type { Refusal } from '../lib/protocol';

/** Account roles (shared/protocol/http.ts STAFF_ACCOUNT_ROLES). */
export type StaffRole = StaffAccountRole;
export const STAFF_ROLES: readonly StaffRole[] = ['secretariat', 'chair', 'presidium', 'teller', 'observer', 'administrator'];

/** The person logged in, as the server answered the login. */
export interface StaffLogin {
  token: string;
  accountId: string;
  login: string;
  /** The person's name, as the log prints it. */
  name: string;
  roles: StaffRole[];
}

export const runsSitting = (l: StaffLogin) => l.roles.includes('chair') || l.roles.includes('presidium');
export const isChair = (l: StaffLogin) => l.roles.includes('chair');
export const isSecretariat = (l: StaffLogin) => l.roles.includes('secretariat');
export const isAdministrator = (l: StaffLogin) => l.roles.includes('administrator');

export interface MeetingSummary {
  meetingId: string;
  title: string;
  phase: MeetingPhase;
}

export type Answer<T> = ({ ok: true } & T) | Refusal;

/** fetch that always resolves to an ack-shaped answer, like the socket requests do. */
export async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<Answer<T>> {
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

interface AccountAnswer {
  token: string;
  account: { accountId: string; login: string; name: string; roles: StaffRole[] };
}

export async function login(loginName: string, password: string): Promise<Answer<{ login: StaffLogin }>> {
  const answer = await call<AccountAnswer>('/api/auth/staff', { method: 'POST', body: JSON.stringify({ login: loginName, password }) });
  if (!answer.ok) return answer;
  return { ok: true, login: { token: answer.token, ...answer.account } };
}

/** Ends this login on the server (its token stops working everywhere). */
export function logout(token: string): Promise<Answer<object>> {
  return call('/api/auth/logout', { method: 'POST', token, body: '{}' });
}

export type { AccountView };

export interface AccountInput {
  login: string;
  displayName: string;
  roles: StaffRole[];
  meetings: string[];
  allMeetings: boolean;
  password?: string;
}

export function listAccounts(token: string): Promise<Answer<{ accounts: AccountView[] }>> {
  return call('/api/accounts', { token });
}

export function createAccount(token: string, input: AccountInput): Promise<Answer<{ account: AccountView; password: string }>> {
  return call('/api/accounts', { method: 'POST', token, body: JSON.stringify(input) });
}

export function updateAccount(
  token: string,
  accountId: string,
  patch: Partial<Pick<AccountView, 'displayName' | 'roles' | 'meetings' | 'allMeetings' | 'disabled'>>,
): Promise<Answer<{ account: AccountView }>> {
  return call(`/api/accounts/${encodeURIComponent(accountId)}`, { method: 'PATCH', token, body: JSON.stringify(patch) });
}

export function resetPassword(token: string, accountId: string): Promise<Answer<{ password: string }>> {
  return call(`/api/accounts/${encodeURIComponent(accountId)}/password`, { method: 'POST', token, body: '{}' });
}

export function revokeSessions(token: string, accountId: string): Promise<Answer<{ revoked: number }>> {
  return call(`/api/accounts/${encodeURIComponent(accountId)}/revoke-sessions`, { method: 'POST', token, body: '{}' });
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
  | { purpose: 'results-csv' | 'results-json' }
  /** The meeting's minutes (会议记录): the A4 page, CSV, JSON (server/http/record-routes.ts). */
  | { purpose: 'minutes-sheet' | 'minutes-csv' | 'minutes-json' }
  /** seatIds: the cards to issue anew (补发); absent: every seat. Minting it is the confirmed issue. */
  | { purpose: 'seat-cards'; seatIds?: string[] }
  | { purpose: 'result-sheet' | 'named-sheet' | 'named-csv' | 'named-json'; ballotId: string };

/** Voids one seat's printed card (its unused code); a paired tablet stays paired. */
export function revokeSeatCard(token: string, meetingId: string, seatId: string): Promise<Answer<{ revoked: boolean }>> {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/seats/${encodeURIComponent(seatId)}/revoke-card`;
  return call(path, { method: 'POST', token, body: '{}' });
}

export interface NamedRecordRow {
  seatId: string;
  seatNo: string;
  name: string;
  group: string;
  status: 'voted' | 'not_voted' | 'not_present';
  choice: string;
  at: number | null;
}

/** A published named (记名) ballot's per-delegate record (server/results/named-sheet.ts). */
export function namedRecord(token: string, meetingId: string, ballotId: string): Promise<Answer<{ title: string; records: NamedRecordRow[] }>> {
  return call(`/api/meetings/${encodeURIComponent(meetingId)}/ballots/${encodeURIComponent(ballotId)}/named.json`, { token });
}

/**
 * A one-time, 60-second link to one page or download. Pages open in a new tab and downloads
 * start by themselves, so they cannot send the Authorization header: the ticket stands in for
 * the token, which never goes into a URL (history, printed footers).
 */
export function linkTicket(token: string, meetingId: string, request: LinkRequest): Promise<Answer<{ url: string }>> {
  return call(`/api/meetings/${encodeURIComponent(meetingId)}/link-tickets`, { method: 'POST', token, body: JSON.stringify(request) });
}
