import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { StaffLoginSchema } from '../../shared/protocol/http';
import { parseWith } from '../validation';
import type { ApiDeps } from './api-deps';
import { sendError, sendErrorCode } from './respond';

/** Compares digests so the time taken says nothing about the password. */
function samePassword(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function staffRoutes({ config, auth, logger }: ApiDeps): Router {
  const router = Router();

  router.post('/auth/staff', (req, res) => {
    const parsed = parseWith(StaffLoginSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const { role, name, password } = parsed.data;
    if (!samePassword(password, config.staffPassword)) {
      logger.warn('staff login refused', { role, name });
      return sendErrorCode(res, 'UNAUTHORIZED', 'wrong password');
    }
    const { token, expiresAt } = auth.sign({ role, name });
    logger.info('staff login', { role, name });
    res.json({ ok: true, token, expiresAt, role, name });
  });

  return router;
}
