import { randomUUID } from 'node:crypto';
import type { GatewayServer } from '../gateway/connection';
import type { SharedState } from '../http/shared-state';
import { RedisAccountStore } from '../accounts/redis-store';
import type { AccountStore } from '../accounts/types';
import type { Logger } from '../logger';
import type { MeetingService } from '../meeting-service';
import type { RedisConnectionOptions } from '../store/redis/connection';
import { ballotKeyringFor } from '../store/redis/keyring-config';
import { RedisStore } from '../store/redis/redis-store';
import type { StoreObserver } from '../store/observer';
import type { MeetingStore } from '../store/types';
import { NoticeBus } from './notice-bus';
import type { Notice } from './notices';
import { NotifyingStore } from './notifying-store';
import { redisSharedState } from './redis-shared-state';
import { attachSocketAdapter } from './socket-adapter';

/** Wait before trying a failed resync again (Redis may still be coming up). */
const RESYNC_RETRY_MS = 1000;

/** What a node needs besides Redis' URL (main.ts passes its Config). */
export interface ClusterOptions {
  /** BALLOT_KEY, the same on every node (see store/redis/keyring-config.ts). */
  ballotKey: string | null;
  production: boolean;
  store?: RedisConnectionOptions;
  /** Script round trips and replica waits for the metrics (server/metrics.ts). */
  observer?: StoreObserver;
}

/** The parts of a created app the cluster wires into. */
export interface ClusterApp {
  io: GatewayServer;
  service: MeetingService;
}

export interface Cluster {
  /** This process's id on the notice channel (also in its log lines). */
  nodeId: string;
  /** The Redis store, publishing a notice after each durable change. Give it to createApp. */
  store: MeetingStore;
  /** Wires a created (not yet listening) app: Socket.IO adapter, and notices → its service. */
  attach(app: ClusterApp): Promise<void>;
  /** Whether every Redis connection is up: the health check answers 503 otherwise. */
  ready(): boolean;
  /** Attempt limits and one-time values in Redis, shared by every node. Give it to createApp. */
  shared: SharedState;
  /** Staff accounts and sessions in Redis, shared by every node (revocation reaches all). Give it to createApp. */
  accounts: AccountStore;
  close(): Promise<void>;
}

/**
 * Cluster mode (REDIS_URL set): this node is one of several stateless nodes. Redis holds the
 * log and the register (the store); a notice channel tells the other nodes "meeting M is at
 * version V" and "ballot B has turnout N (seat S voted)" after every durable change, and each
 * node reads what it has not seen from the store. Nothing on a node is a source of truth: a
 * node can die at any moment, and its clients reconnect to another one.
 */
export async function openCluster(url: string, logger: Logger, options: ClusterOptions): Promise<Cluster> {
  const nodeId = randomUUID();
  const log = logger.child({ part: 'cluster', nodeId });
  let service: MeetingService | null = null;
  let closed = false;
  let resyncTimer: NodeJS.Timeout | undefined;

  const follow = (notice: Notice) => {
    if (!service) return; // not started yet: the start reads everything from the store anyway
    const done =
      notice.t === 'moved'
        ? service.followVersion(notice.meetingId, notice.version)
        : service.followCast(notice.meetingId, { ...notice.participation, choiceKey: null }, notice.voted);
    done.catch((err: unknown) => log.warn('could not follow a cluster notice; the next read catches up', { t: notice.t, err }));
  };
  const resync = () => {
    clearTimeout(resyncTimer);
    if (!service || closed) return;
    service.resyncAll().then(
      () => log.info('resynced with the store after the notice channel came back'),
      (err: unknown) => {
        log.warn('resync failed; trying again', { err });
        if (!closed) resyncTimer = setTimeout(resync, RESYNC_RETRY_MS);
      },
    );
  };

  const keyring = ballotKeyringFor(options, log);
  const redisStore = await RedisStore.connect(url, { ...options.store, logger, keyring, ...(options.observer ? { observer: options.observer } : {}) });
  let bus: NoticeBus;
  try {
    bus = await NoticeBus.open(url, nodeId, { onNotice: follow, onResubscribed: resync }, log);
  } catch (err) {
    await redisStore.close();
    throw err;
  }
  let adapter: Awaited<ReturnType<typeof attachSocketAdapter>> | null = null;

  return {
    nodeId,
    store: new NotifyingStore(redisStore, (notice) => bus.publish(notice), nodeId),
    async attach(app) {
      adapter = await attachSocketAdapter(app.io, url, bus.publishingClient, log);
      service = app.service;
      log.info('cluster node attached');
    },
    ready: () => redisStore.connected && bus.ready && (adapter?.ready() ?? false),
    shared: redisSharedState(bus.publishingClient),
    accounts: RedisAccountStore.over(bus.publishingClient),
    async close() {
      closed = true;
      clearTimeout(resyncTimer);
      service = null;
      await adapter?.close();
      await bus.close();
      await redisStore.close();
    },
  };
}
