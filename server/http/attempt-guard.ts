import type { Request, Response } from 'express';
import { errorAck } from '../../shared/protocol/errors';
import type { Logger } from '../logger';
import type { AttemptCounter, AttemptLimitRule } from './attempt-limit';
import { clientAddressKey } from './client-address';
import { sendError } from './respond';
import type { SharedState } from './shared-state';

/** An endpoint's attempt limit, wired to express: one per endpoint per app. */
export interface AttemptGuard {
  /**
   * The key the attempt counts under when it may try; null after answering 429
   * TOO_MANY_ATTEMPTS. `subject` narrows the key to what is being guessed at (e.g. a staff
   * account's name): the key becomes (subject, client address), so one hall's shared NAT
   * address guessing at one account does not lock out everyone else behind it.
   */
  admit(req: Request, res: Response, subject?: string): Promise<string | null>;
  /** Counts a failed attempt (a wrong password, an unknown code) against the key admit gave. */
  fail(key: string): Promise<void>;
}

export interface AttemptGuardOptions {
  /** Counts and lockouts, per node or across the cluster. */
  shared: SharedState;
  logger: Logger;
  /**
   * A limit on the failures of all clients together: it bounds guessing from many addresses
   * (a botnet, or forged addresses behind a careless proxy) at the cost of refusing everyone
   * once reached, so it sits far above what a real hall gets wrong.
   */
  globalCap?: AttemptLimitRule;
}

const GLOBAL_KEY = '*';

function refuse(res: Response, retryAfterSec: number, global: boolean): void {
  res.set('Retry-After', String(retryAfterSec));
  const who = global ? 'too many failed attempts from all clients' : 'too many failed attempts from this address';
  sendError(res, errorAck('TOO_MANY_ATTEMPTS', `${who}; try again in ${retryAfterSec} s`, { retryAfterSec }));
}

/** `endpoint` names the counts (log lines, Redis keys): one name per guarded endpoint. */
export function attemptGuard(endpoint: string, rule: AttemptLimitRule, { shared, logger, globalCap }: AttemptGuardOptions): AttemptGuard {
  const name = endpoint.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const perClient: AttemptCounter = shared.attemptCounter(name, rule);
  const global: AttemptCounter | null = globalCap ? shared.attemptCounter(`${name}-all`, globalCap) : null;
  return {
    async admit(req, res, subject) {
      const address = clientAddressKey(req);
      const key = subject === undefined ? address : `${encodeURIComponent(subject)}@${address}`;
      const verdict = await perClient.check(key);
      if (!verdict.allowed) {
        refuse(res, verdict.retryAfterSec, false);
        return null;
      }
      const overall = global ? await global.check(GLOBAL_KEY) : { allowed: true as const };
      if (!overall.allowed) {
        refuse(res, overall.retryAfterSec, true);
        return null;
      }
      return key;
    },
    async fail(key) {
      if (await perClient.recordFailure(key)) {
        logger.warn('too many failed attempts: locked out', { endpoint, client: key, ...rule });
      }
      if (global && (await global.recordFailure(GLOBAL_KEY))) {
        logger.error('too many failed attempts from all clients: endpoint locked for everyone', { endpoint, ...globalCap });
      }
    },
  };
}
