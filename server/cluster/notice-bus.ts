import type { Logger } from '../logger';
import { isMeetingNotice, NOTICE_CHANNEL, parseNotice, type Notice } from './notices';
import { isSentinelClient } from '../store/redis/node-redis-client';
import { clientUp, closeClient, clusterClient, type RedisClient } from './redis-clients';

export interface NoticeBusHandlers {
  /** A notice from another node (this node's own are skipped). */
  onNotice(notice: Notice): void;
  /** The subscription came back after a loss: notices may have been missed meanwhile. */
  onResubscribed(): void;
}

/**
 * The notice channel: one client publishes, a second one subscribes (a subscribed connection
 * can do nothing else). node-redis re-subscribes by itself after a reconnect, and through
 * Sentinel moves the subscription to a promoted replica; we then tell the node to resync,
 * because Redis pub/sub does not keep what was sent while we were away.
 */
export class NoticeBus {
  private constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly send: OrderedPublish,
    private readonly logger: Logger,
  ) {}

  static async open(url: string, nodeId: string, handlers: NoticeBusHandlers, logger: Logger): Promise<NoticeBus> {
    // Through Sentinel, a second connection to the primary: the notices' own (inOrder).
    const publisher = clusterClient(url, 'notice-pub', logger, undefined, { writeConnection: true });
    const subscriber = clusterClient(url, 'notice-sub', logger, (again) => {
      if (again) handlers.onResubscribed();
    });
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const send = await inOrder(publisher);
    await subscriber.subscribe(NOTICE_CHANNEL, (message: string) => {
      const notice = parseNotice(message);
      if (!notice) return logger.warn('ignored a malformed cluster notice', { bytes: message.length });
      if (notice.from !== nodeId) handlers.onNotice(notice);
    });
    return new NoticeBus(publisher, subscriber, send, logger);
  }

  /** Whether both connections are up, for the health check. */
  get ready(): boolean {
    return clientUp(this.publisher) && clientUp(this.subscriber);
  }

  /** The publishing client, shared with the Socket.IO adapter (it only ever publishes). */
  get publishingClient(): RedisClient {
    return this.publisher;
  }

  /** Meeting notices this node has tried to publish (its heartbeats tell the others: peer-watch.ts). */
  private sent = 0;

  /**
   * Fire and forget: a notice lost to an outage is made up for by the receivers' resync (they
   * see the gap in this node's next heartbeat, or resubscribe).
   */
  publish(notice: Notice): void {
    if (isMeetingNotice(notice)) this.sent++;
    this.send(NOTICE_CHANNEL, JSON.stringify(notice)).catch((error: unknown) => {
      this.logger.warn('could not publish a cluster notice', { t: notice.t, meetingId: 'meetingId' in notice ? notice.meetingId : undefined, error });
    });
  }

  /**
   * Publishes on any channel through the notices' ordered connection (inOrder): the Socket.IO
   * adapter's broadcasts, so a node's seat-map deltas and disconnects reach the others in the
   * order it sent them, and after the notices sent before them.
   */
  get publishInOrder(): OrderedPublish {
    return this.send;
  }

  /** The heartbeat: this node is alive and has published `sent` meeting notices before it. */
  heartbeat(nodeId: string): void {
    this.publish({ t: 'alive', from: nodeId, sent: this.sent });
  }

  async close(): Promise<void> {
    await Promise.all([closeClient(this.subscriber), closeClient(this.publisher)]);
  }
}

/**
 * How the notices are published, in the order `publish` is called. A heartbeat counts the
 * notices before it (peer-watch.ts), so one that overtakes them makes every peer resync every
 * meeting it holds (~150 ms of a peer's main thread at 3,000 seats, in the middle of a close).
 * A plain client keeps its commands' order. node-redis' Sentinel client does not: a command
 * that waits for the pool's connection is sent after one issued later that finds it leased
 * (three publishes in a burst arrived 0, 2, 1; tests/cluster/notice-order.test.ts). So through
 * Sentinel the notices go through a lease of their own, held for good, which the client moves
 * to a promoted replica itself (as the store's write batches: store/redis/connection.ts); the
 * shared state and the accounts keep the pool's other connection; the Socket.IO adapter
 * publishes through this one too (publishInOrder).
 */
async function inOrder(client: RedisClient): Promise<OrderedPublish> {
  if (!isSentinelClient(client)) return (channel, message) => client.publish(channel, message);
  const lease = await client.acquire();
  return async (channel, message) => Number(await lease.sendCommand(false, ['PUBLISH', channel, message]));
}

/** PUBLISH, answered with the number of subscribers that got the message. */
export type OrderedPublish = (channel: string, message: string | Buffer) => Promise<number>;
