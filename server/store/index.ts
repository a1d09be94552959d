import type { Config } from '../config';
import type { Logger } from '../logger';
import { BallotKeyring } from '../secrecy/ballot-keys';
import { FileStore } from './file/file-store';
import type { StoreObserver } from './observer';
import type { MeetingStore } from './types';

/**
 * The embedded file journal by default; the Redis store (cluster mode) when REDIS_URL is set.
 * Redis is loaded only when asked for, so embedded mode never touches its client.
 * A server node in cluster mode opens the store through server/cluster/ instead, which adds the
 * notices to the other nodes; this plain store is for tools such as the import command.
 */
export async function openStore(config: Config, logger: Logger, observer: StoreObserver = {}): Promise<MeetingStore> {
  if (config.redisUrl) {
    const { RedisStore } = await import('./redis/redis-store');
    const { ballotKeyringFor } = await import('./redis/keyring-config');
    return RedisStore.connect(config.redisUrl, { logger, keyring: ballotKeyringFor(config, logger), observer });
  }
  return FileStore.open(config.dataDir, { logger, observer, ...fileStoreKeyring(config) });
}

/**
 * The master key for the file store from BALLOT_KEY. Without it (development only: production
 * refuses to start, server/config.ts) the file store keeps a generated one and says so.
 */
export function fileStoreKeyring(config: Pick<Config, 'ballotKey'>): { keyring?: BallotKeyring } {
  return config.ballotKey ? { keyring: BallotKeyring.fromSecret(config.ballotKey) } : {};
}
