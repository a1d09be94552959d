import type { Logger } from '../../logger';
import { BallotKeyring } from '../../secrecy/ballot-keys';

/**
 * A fixed, public key for development clusters without BALLOT_KEY: every node (and every restart)
 * derives the same one, so any node can seal and tally any ballot. It protects nothing — anyone
 * can read it here — which is why production refuses to start without BALLOT_KEY (config.ts).
 */
const DEVELOPMENT_BALLOT_KEY = 'biaojue development ballot key: public, never for production use';

/** The keyring the Redis store needs, from BALLOT_KEY (config.ballotKey). */
export function ballotKeyringFor(config: { ballotKey: string | null; production: boolean }, logger: Logger): BallotKeyring {
  if (config.ballotKey) return BallotKeyring.fromSecret(config.ballotKey);
  if (config.production) throw new Error('BALLOT_KEY is required in production (it wraps the keys of secret ballots)');
  logger.warn(
    'BALLOT_KEY is not set: secret ballots are sealed with a fixed development key that anyone can read; set BALLOT_KEY (32+ random characters, the same on every node) before a real vote',
  );
  return BallotKeyring.fromSecret(DEVELOPMENT_BALLOT_KEY);
}
