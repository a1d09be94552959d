import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { StaffLoginSchema } from '../../shared/protocol/http';
import { parseWith } from '../validation';
import type { ApiDeps } from './api-deps';
import { attemptGuard } from './attempt-guard';
import { sendError, sendErrorCode } from './respond';

/**
 * Ten wrong passwords per address per ten minutes: plenty for a person who mistypes, and about
 * 1 500 guesses a day for a script, hopeless against a long STAFF_PASSWORD.
 */
export const STAFF_LOGIN_LIMIT = { maxFailures: 10, windowMs: 10 * 60_000 };

/** Compares digests so the time taken says nothing about the password. */
function samePassword(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function staffRoutes({ config, auth, shared, logger }: ApiDeps): Router {
  const router = Router();
  const guard = attemptGuard('staff login', STAFF_LOGIN_LIMIT, { shared, logger });

  router.post('/auth/staff', async (req, res) => {
    // Checked before the password: while locked out, the right password is refused too.
    const client = await guard.admit(req, res);
    if (client === null) return;
    const parsed = parseWith(StaffLoginSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const { role, name, password } = parsed.data;
    if (!samePassword(password, config.staffPassword)) {
      await guard.fail(client);
      logger.warn('staff login refused', { role, name, client });
      return sendErrorCode(res, 'UNAUTHORIZED', 'wrong password');
    }
    const { token, expiresAt } = auth.sign({ role, name });
    logger.info('staff login', { role, name });
    res.json({ ok: true, token, expiresAt, role, name });
  });

  return router;
}
