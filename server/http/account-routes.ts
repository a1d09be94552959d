import { Router, type Response } from 'express';
import { AccountCreateSchema, AccountUpdateSchema, PasswordResetSchema } from '../../shared/protocol/http';
import { IdSchema } from '../../shared/protocol/meeting';
import { errorAck } from '../../shared/protocol/errors';
import { generatePassword } from '../accounts/password';
import { parseWith } from '../validation';
import type { ApiDeps } from './api-deps';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

function idParam(name: string, value: unknown, res: Response): string | null {
  const parsed = parseWith(IdSchema, value);
  if (parsed.ok) return parsed.data;
  sendError(res, { ...parsed, message: `${name}: ${parsed.message}` });
  return null;
}
const accountIdParam = (value: unknown, res: Response) => idParam('accountId', value, res);

const notFound = (accountId: string) => errorAck('BAD_REQUEST', `no account ${accountId}`, { accountId });

/**
 * Staff accounts, for administrators only: create (a person, roles, meetings), change roles and
 * meetings, disable, reset a password, revoke sessions. Passwords are never shown again after
 * the answer that sets them; hashes are never shown at all.
 */
export function accountRoutes({ auth, accounts, logger }: ApiDeps): Router {
  const router = Router();
  const admin = requireRole(auth, ['administrator']);
  const by = (res: Response) => {
    const p = principalOf(res);
    return p.role === 'staff' ? { byAccount: p.accountId, byName: p.name } : {};
  };

  router.get('/accounts', admin, async (_req, res) => {
    res.json({ ok: true, accounts: await accounts.list() });
  });

  router.post('/accounts', admin, async (req, res) => {
    const parsed = parseWith(AccountCreateSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const { password, ...input } = parsed.data;
    const chosen = password ?? generatePassword();
    const created = await accounts.create(input, chosen);
    if (!created.ok) return sendError(res, errorAck('BAD_REQUEST', `login ${input.login} is taken`, { exists: true }), 409);
    logger.info('account created by administrator', { accountId: created.account.accountId, ...by(res) });
    // The password is shown this once (generated ones must be handed to the person).
    res.status(201).json({ ok: true, account: created.account, password: chosen });
  });

  router.patch('/accounts/:accountId', admin, async (req, res) => {
    const accountId = accountIdParam(req.params['accountId'], res);
    if (!accountId) return;
    const parsed = parseWith(AccountUpdateSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const self = principalOf(res);
    // An administrator cannot lock themself out of account management by mistake.
    if (self.role === 'staff' && self.accountId === accountId && (parsed.data.disabled || (parsed.data.roles && !parsed.data.roles.includes('administrator')))) {
      return sendErrorCode(res, 'FORBIDDEN', 'you cannot disable yourself or drop your own administrator role');
    }
    const account = await accounts.update(accountId, parsed.data);
    if (!account) return sendError(res, notFound(accountId), 404);
    logger.info('account changed by administrator', { accountId, ...by(res) });
    res.json({ ok: true, account });
  });

  router.post('/accounts/:accountId/password', admin, async (req, res) => {
    const accountId = accountIdParam(req.params['accountId'], res);
    if (!accountId) return;
    const parsed = parseWith(PasswordResetSchema, req.body ?? {});
    if (!parsed.ok) return sendError(res, parsed);
    const reset = await accounts.resetPassword(accountId, parsed.data.password);
    if (!reset) return sendError(res, notFound(accountId), 404);
    logger.info('password reset by administrator', { accountId, ...by(res) });
    res.json({ ok: true, password: reset.password });
  });

  /** Ends every session of the account (a lost laptop): its sockets are disconnected at once. */
  router.post('/accounts/:accountId/revoke-sessions', admin, async (req, res) => {
    const accountId = accountIdParam(req.params['accountId'], res);
    if (!accountId) return;
    if (!(await accounts.get(accountId))) return sendError(res, notFound(accountId), 404);
    const revoked = await accounts.revokeAll(accountId);
    logger.info('sessions revoked by administrator', { accountId, revoked, ...by(res) });
    res.json({ ok: true, revoked });
  });

  /** Ends one session. */
  router.delete('/sessions/:sessionId', admin, async (req, res) => {
    const sessionId = idParam('sessionId', req.params['sessionId'], res);
    if (!sessionId) return;
    const revoked = await accounts.revokeSession(sessionId);
    res.json({ ok: true, revoked: revoked ? 1 : 0 });
  });

  return router;
}
