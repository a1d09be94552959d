import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { mayActOn, mayUse, type Auth, type Principal } from '../auth';
import type { Role } from '../../shared/protocol/socket';
import { sendErrorCode } from './respond';

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Admits a request whose token holds one of `roles`; the principal goes to res.locals.principal.
 * A staff token counts only while its session lives and the account is enabled (checked on
 * every request), and a route with a :meetingId only for meetings the account is assigned to.
 * The token comes in the Authorization header only: one in a URL ends up in the history, printed
 * page footers and proxy logs (pages and downloads use one-time link tickets, link-tickets.ts).
 */
export function requireRole(auth: Auth, roles: readonly Role[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const principal = await auth.authenticate(bearerToken(req));
    if (!principal) return sendErrorCode(res, 'UNAUTHORIZED', 'missing, invalid, expired or revoked token');
    if (!mayUse(principal, roles)) return sendErrorCode(res, 'FORBIDDEN', `this needs the ${roles.join(' or ')} role`);
    const meetingId = req.params['meetingId'];
    if (principal.role === 'staff' && typeof meetingId === 'string' && !mayActOn(principal, meetingId)) {
      return sendErrorCode(res, 'FORBIDDEN', 'this account is not assigned to this meeting');
    }
    res.locals['principal'] = principal;
    next();
  };
}

/** The principal admitted by requireRole. */
export function principalOf(res: Response): Principal {
  return res.locals['principal'] as Principal;
}
