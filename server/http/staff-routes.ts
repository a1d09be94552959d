import { Router } from 'express';
import { OwnPasswordSchema, StaffLoginSchema } from '../../shared/protocol/http';
import { normalizeLogin } from '../accounts/account-service';
import { verifyPassword } from '../accounts/password';
import type { StaffPrincipal } from '../auth';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { attemptGuard } from './attempt-guard';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

/**
 * Ten wrong passwords per (account, address) per ten minutes: plenty for a person who mistypes,
 * and about 1 500 guesses a day against one account from one address, hopeless against a
 * 10-character password. Counted per account and address, not per address alone: a hall's
 * staff often share one NAT address, and one person's (or one guesser's) failures at account A
 * must not lock out everyone else behind it.
 */
export const STAFF_LOGIN_LIMIT = { maxFailures: 10, windowMs: 10 * 60_000 };

/** What the console needs to know about the person logged in. */
function me(principal: StaffPrincipal) {
  return {
    accountId: principal.accountId,
    login: principal.login,
    name: principal.name,
    roles: principal.roles,
    meetings: principal.meetings,
    allMeetings: principal.allMeetings,
  };
}

export function staffRoutes({ auth, accounts, shared, logger }: ApiDeps): Router {
  const router = Router();
  const guard = attemptGuard('staff login', STAFF_LOGIN_LIMIT, { shared, logger });
  const staff = requireRole(auth, STAFF_ROLES);

  router.post('/auth/staff', async (req, res) => {
    const parsed = parseWith(StaffLoginSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const login = normalizeLogin(parsed.data.login);
    // Checked before the password: while locked out, the right password is refused too.
    const client = await guard.admit(req, res, login);
    if (client === null) return;
    const outcome = await accounts.login(login, parsed.data.password);
    if (!outcome.ok) {
      await guard.fail(client);
      logger.warn('staff login refused', { login, client });
      // One answer for an unknown login, a disabled account and a wrong password.
      return sendErrorCode(res, 'UNAUTHORIZED', 'wrong login name or password');
    }
    const { account, session } = outcome;
    const { token, expiresAt } = auth.sign({ role: 'staff', accountId: account.accountId, sessionId: session.sessionId });
    logger.info('staff login', { accountId: account.accountId, login, sessionId: session.sessionId });
    const principal = await accounts.resolve({ role: 'staff', accountId: account.accountId, sessionId: session.sessionId });
    if (!principal) return sendErrorCode(res, 'UNAUTHORIZED', 'wrong login name or password');
    res.json({ ok: true, token, expiresAt, account: me(principal) });
  });

  /** Who this token belongs to (the console shows the name and offers what the roles allow). */
  router.get('/auth/me', staff, (_req, res) => {
    const principal = principalOf(res);
    if (principal.role !== 'staff') return sendErrorCode(res, 'FORBIDDEN', 'staff only');
    res.json({ ok: true, account: me(principal) });
  });

  /** Ends this session (logout): the token stops working on every node. */
  router.post('/auth/logout', staff, async (_req, res) => {
    const principal = principalOf(res);
    if (principal.role === 'staff') await accounts.revokeSession(principal.sessionId);
    res.json({ ok: true });
  });

  /** Changes one's own password; every session of the account ends, this one included. */
  router.post('/auth/password', staff, async (req, res) => {
    const principal = principalOf(res);
    if (principal.role !== 'staff') return sendErrorCode(res, 'FORBIDDEN', 'staff only');
    const parsed = parseWith(OwnPasswordSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const client = await guard.admit(req, res, principal.login);
    if (client === null) return;
    const stored = await accounts.passwordHashOf(principal.accountId);
    if (stored === null || !(await verifyPassword(parsed.data.current, stored))) {
      await guard.fail(client);
      return sendErrorCode(res, 'UNAUTHORIZED', 'wrong current password');
    }
    await accounts.resetPassword(principal.accountId, parsed.data.password);
    res.json({ ok: true });
  });

  return router;
}
