import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Auth, Principal } from '../auth';
import type { Role } from '../../shared/protocol/socket';
import { sendErrorCode } from './respond';

interface RequireRoleOptions {
  /** Also accept `?token=`: a printed or pasted link cannot carry a header. */
  queryToken?: boolean;
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** Admits a request whose token has one of `roles`; the principal goes to res.locals.principal. */
export function requireRole(auth: Auth, roles: readonly Role[], options: RequireRoleOptions = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = options.queryToken && typeof req.query['token'] === 'string' ? req.query['token'] : undefined;
    const principal = auth.verify(bearerToken(req) ?? fromQuery);
    if (!principal) return sendErrorCode(res, 'UNAUTHORIZED', 'missing, invalid or expired token');
    if (!roles.includes(principal.role)) return sendErrorCode(res, 'FORBIDDEN', `this needs the ${roles.join(' or ')} role`);
    res.locals['principal'] = principal;
    next();
  };
}

/** The principal admitted by requireRole. */
export function principalOf(res: Response): Principal {
  return res.locals['principal'] as Principal;
}
