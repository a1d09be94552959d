import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { LINK_PURPOSES } from '../../shared/protocol/http';
import type { Role } from '../../shared/protocol/socket';
import { mayUse, type Auth, type Principal } from '../auth';
import { STAFF_ROLES } from './api-deps';
import type { OneTimeStore } from './one-time-store';
import { requireRole } from './require-role';
import { sendErrorCode } from './respond';

export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * A link ticket stands in for the staff token in a URL that a browser opens by itself (a new
 * tab to print, a download): such URLs end up in the history, in printed page footers and in
 * proxy logs. A ticket opens exactly one resource (purpose, meeting, ballot), once, within
 * LINK_TICKET_TTL_MS of being minted by an authenticated POST, and then it is worth nothing.
 */
export const LINK_TICKET_TTL_MS = 60_000;

interface TicketBinding {
  purpose: LinkPurpose;
  meetingId: string;
  ballotId: string | null;
  /** Seat cards: the seats to issue new codes for when the page opens (absent: every seat). */
  seatIds?: string[];
  /** Who minted it: the page acts as that person (e.g. "issued by" of new seat-card codes). */
  principal: Principal;
}

/** Who may open each kind of link: printing seat cards issues new pairing codes (secretariat only). */
export const LINK_ROLES: Record<LinkPurpose, readonly Role[]> = {
  'seat-cards': ['secretariat'],
  'result-sheet': STAFF_ROLES,
  'results-csv': STAFF_ROLES,
  'results-json': STAFF_ROLES,
  /** A named (记名) ballot's per-delegate record, once published (server/results/named-sheet.ts). */
  'named-sheet': STAFF_ROLES,
  'named-csv': STAFF_ROLES,
  'named-json': STAFF_ROLES,
  /** The meeting's minutes (server/http/record-routes.ts): counts only. */
  'minutes-sheet': STAFF_ROLES,
  'minutes-csv': STAFF_ROLES,
  'minutes-json': STAFF_ROLES,
};

const storeKey = (ticket: string) => `link-ticket:${ticket}`;

export interface MintedTicket {
  /** Relative to the server, e.g. /api/meetings/m1/results.csv?ticket=…; opened by the console. */
  url: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** The path a ticket opens, without the ticket. */
export function linkPath(purpose: LinkPurpose, meetingId: string, ballotId: string | null): string {
  const meeting = `/api/meetings/${encodeURIComponent(meetingId)}`;
  switch (purpose) {
    case 'seat-cards':
      return `${meeting}/seat-cards`;
    case 'result-sheet':
      return `${meeting}/ballots/${encodeURIComponent(ballotId ?? '')}/result-sheet`;
    case 'results-csv':
      return `${meeting}/results.csv`;
    case 'results-json':
      return `${meeting}/results.json`;
    case 'named-sheet':
      return `${meeting}/ballots/${encodeURIComponent(ballotId ?? '')}/named-sheet`;
    case 'named-csv':
      return `${meeting}/ballots/${encodeURIComponent(ballotId ?? '')}/named.csv`;
    case 'named-json':
      return `${meeting}/ballots/${encodeURIComponent(ballotId ?? '')}/named.json`;
    case 'minutes-sheet':
      return `${meeting}/minutes/print`;
    case 'minutes-csv':
      return `${meeting}/minutes.csv`;
    case 'minutes-json':
      return `${meeting}/minutes.json`;
  }
}

export async function mintLinkTicket(
  store: OneTimeStore,
  binding: TicketBinding,
  now: number,
): Promise<MintedTicket> {
  const ticket = randomBytes(24).toString('base64url');
  await store.put(storeKey(ticket), JSON.stringify(binding), LINK_TICKET_TTL_MS);
  const path = linkPath(binding.purpose, binding.meetingId, binding.ballotId);
  return { url: `${path}?ticket=${ticket}`, expiresAt: now + LINK_TICKET_TTL_MS };
}

/**
 * Admits a request by a `?ticket=` minted for exactly this purpose, meeting and ballot (taken on
 * first use, even when it does not match: a ticket is never tried twice), or else by a staff
 * token in the Authorization header, never in the query. The principal goes to
 * res.locals.principal, as requireRole does.
 */
export function ticketOrRole({ auth, oneTime }: { auth: Auth; oneTime: OneTimeStore }, purpose: LinkPurpose): RequestHandler {
  const roles = LINK_ROLES[purpose];
  const byHeader = requireRole(auth, roles);
  return (req: Request, res: Response, next) => {
    const ticket = req.query['ticket'];
    if (ticket === undefined) return byHeader(req, res, next);
    if (typeof ticket !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(ticket)) {
      return sendErrorCode(res, 'UNAUTHORIZED', 'malformed link ticket');
    }
    oneTime.take(storeKey(ticket)).then((stored) => {
      const binding = stored === null ? null : (JSON.parse(stored) as TicketBinding);
      const meetingId = req.params['meetingId'];
      const ballotId = req.params['ballotId'] ?? null;
      if (!binding || binding.purpose !== purpose || binding.meetingId !== meetingId || binding.ballotId !== ballotId) {
        return sendErrorCode(res, 'UNAUTHORIZED', 'this link has expired or was already used; open it again from the console');
      }
      if (!mayUse(binding.principal, roles)) {
        return sendErrorCode(res, 'FORBIDDEN', `this needs the ${roles.join(' or ')} role`);
      }
      res.locals['principal'] = binding.principal;
      // What the ticket was minted for beyond its resource (seat cards: the seats to issue).
      res.locals['linkTicket'] = binding;
      next();
    }, next);
  };
}
