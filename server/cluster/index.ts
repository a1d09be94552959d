import { randomUUID } from 'node:crypto';
import type { GatewayServer } from '../gateway/connection';
import type { SharedState } from '../http/shared-state';
import { RedisAccountStore } from '../accounts/redis-store';
import type { AccountStore } from '../accounts/types';
import type { Logger } from '../logger';
import type { ClusterReplica } from '../service/replica';
import { ballotKeyringFor } from '../store/redis/keyring-config';
import { RedisStore, type AckedWrite, type RedisStoreOptions } from '../store/redis/redis-store';
import type { StoreObserver } from '../store/observer';
import type { MeetingStore } from '../store/types';
import { NoticeBus } from './notice-bus';
import { isMeetingNotice, noticedCasts, type Notice } from './notices';
import { PEER_WATCH_TIMING, PeerWatch, type PeerTrouble, type PeerWatchTiming } from './peer-watch';
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
  /** The store's connection settings (tests shorten them). */
  store?: Omit<RedisStoreOptions, 'logger' | 'keyring' | 'observer'>;
  /** Script round trips and replica waits for the metrics (server/metrics.ts). */
  observer?: StoreObserver;
  /** Heartbeat and silence (default PEER_WATCH_TIMING); tests shorten them. */
  peerWatch?: PeerWatchTiming;
}

/** The parts of a created app the cluster wires into: the cluster talks to the service's replica only. */
export interface ClusterApp {
  io: GatewayServer;
  service: { readonly replica: ClusterReplica };
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
  let replica: ClusterReplica | null = null;
  let closed = false;
  let resyncTimer: NodeJS.Timeout | undefined;

  const timing = options.peerWatch ?? PEER_WATCH_TIMING;
  const follow = (notice: Notice) => {
    peers.heard(notice);
    if (!replica) return; // not started yet: the start reads everything from the store anyway
    if (!isMeetingNotice(notice)) return;
    const done =
      notice.t === 'moved'
        ? replica.followVersion(notice.meetingId, notice.version)
        : replica.followCasts(notice.meetingId, noticedCasts(notice));
    done.catch((err: unknown) => log.warn('could not follow a cluster notice; the next read catches up', { t: notice.t, err }));
  };
  const resync = (why: PeerTrouble | 'resubscribed' = 'resubscribed') => {
    clearTimeout(resyncTimer);
    if (!replica || closed) return;
    replica.resyncAll().then(
      () => log.info('resynced with the store', { why }),
      (err: unknown) => {
        log.warn('resync failed; trying again', { err });
        if (!closed) resyncTimer = setTimeout(() => resync(why), RESYNC_RETRY_MS);
      },
    );
  };

  // A peer that died, left or lost notices may have made changes durable this node never heard of.
  const peers = new PeerWatch(Date.now, timing, (trouble, peerId) => {
    // A graceful leave is routine (a rolling restart); the rest mean something went wrong.
    const say = trouble === 'peer_left' ? log.info.bind(log) : log.warn.bind(log);
    say('a peer may have changed the store unannounced; resyncing', { trouble, peerId });
    resync(trouble);
  });

  const keyring = ballotKeyringFor(options, log);
  const redisStore = await RedisStore.connect(url, { ...options.store, logger, keyring, ...(options.observer ? { observer: options.observer } : {}) });
  let bus: NoticeBus;
  try {
    bus = await NoticeBus.open(url, nodeId, { onNotice: follow, onResubscribed: () => resync('resubscribed') }, log);
  } catch (err) {
    await redisStore.close();
    throw err;
  }
  const notifying = new NotifyingStore(redisStore, (notice) => bus.publish(notice), nodeId);
  // Staff accounts and link tickets: written with the meetings' replica ack.
  const ackedWrite: AckedWrite = (script, keys, args) => redisStore.runWrite(script, keys, args);
  let adapter: Awaited<ReturnType<typeof attachSocketAdapter>> | null = null;
  const heartbeat = setInterval(() => {
    bus.heartbeat(nodeId);
    peers.sweep();
  }, timing.heartbeatMs);
  heartbeat.unref();

  return {
    nodeId,
    store: notifying,
    async attach(app) {
      adapter = await attachSocketAdapter(app.io, url, bus.publishingClient, bus.publishInOrder, log);
      replica = app.service.replica;
      // Other nodes write to the store too: answer reads only after catching up with it.
      replica.followPeers();
      log.info('cluster node attached');
    },
    ready: () => redisStore.connected && bus.ready && (adapter?.ready() ?? false),
    shared: redisSharedState(bus.publishingClient, ackedWrite),
    accounts: RedisAccountStore.over(bus.publishingClient, ackedWrite),
    async close() {
      closed = true;
      clearTimeout(resyncTimer);
      clearInterval(heartbeat);
      replica = null;
      // The others resync at once rather than after the silence (best effort: Redis may be down).
      notifying.flushNotices();
      bus.publish({ t: 'leaving', from: nodeId });
      await adapter?.close();
      await bus.close();
      await redisStore.close();
    },
  };
}
