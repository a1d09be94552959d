import type { Request, Response } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import type { Logger } from '../logger';
import { AttemptLimiter, type AttemptLimitRule } from './attempt-limit';
import { clientAddressKey } from './client-address';
import { sendError } from './respond';

/** An endpoint's attempt limit, wired to express: one per endpoint per app. */
export interface AttemptGuard {
  /** The client's key when it may try; null after answering 429 TOO_MANY_ATTEMPTS. */
  admit(req: Request, res: Response): string | null;
  /** Counts a failed attempt (a wrong password, an unknown code) against the key. */
  fail(key: string): void;
}

export function attemptGuard(
  endpoint: string,
  rule: AttemptLimitRule,
  { now, logger }: { now: () => number; logger: Logger },
): AttemptGuard {
  const limiter = new AttemptLimiter(rule, now);
  return {
    admit(req, res) {
      const key = clientAddressKey(req);
      const verdict = limiter.check(key);
      if (verdict.allowed) return key;
      res.set('Retry-After', String(verdict.retryAfterSec));
      sendError(
        res,
        errorAck('TOO_MANY_ATTEMPTS', `too many failed attempts from this address; try again in ${verdict.retryAfterSec} s`, {
          retryAfterSec: verdict.retryAfterSec,
        }),
      );
      return null;
    },
    fail(key) {
      if (limiter.recordFailure(key)) {
        logger.warn('too many failed attempts: address locked out', { endpoint, client: key, ...rule });
      }
    },
  };
}
