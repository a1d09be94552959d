import type { Socket } from 'socket.io-client';
import type { DelegateView } from '../../shared/domain/views';
import { retryPauseMs } from '../../shared/protocol/retry-pause';
import { connect, emitAck, ViewLog, type Ack } from '../support/sockets';

/** Codes after which a client sends the same cast again, with the same key (PROTOCOL.md §7). */
const RETRY_CODES = new Set(['STORE_UNAVAILABLE', 'BUSY_RETRY']);
/** Between rounds of connection attempts over every node. */
const RECONNECT_PAUSE_MS = 200;
/**
 * Gives up only to end a hung test; never an assertion about speed. Room for the slowest
 * recovery the tests make, on a loaded CI machine: one replica, whose promoted primary acks
 * nothing until the old primary is back as its replica (sentinel-failover.test.ts).
 */
const GIVE_UP_MS = 120_000;

interface Paired {
  seatId: string;
  deviceId: string;
  token: string;
}

/**
 * A tablet as the real client behaves in a cluster: it talks to one node; when that node goes
 * away it connects to the next one it knows (the proxy's job in production), re-reads its view
 * with meeting:sync, and sends any cast not yet acknowledged again with the same idempotency key.
 */
export class RoamingTablet {
  readonly views = new ViewLog<DelegateView>();
  socket: Socket | null = null;
  /** How many times it had to move to another node. */
  failovers = 0;
  private node: number;

  constructor(
    private readonly nodes: readonly string[],
    readonly paired: Paired,
    firstNode: number,
  ) {
    this.node = firstNode % nodes.length;
  }

  get seatId(): string {
    return this.paired.seatId;
  }

  /** Connects to the current node, or the next ones in turn until one accepts. */
  async connect(): Promise<Socket> {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      const url = this.nodes[this.node]!;
      try {
        const socket = await connect(url, { token: this.paired.token }, this.views);
        this.socket = socket;
        return socket;
      } catch (err) {
        if (Date.now() > giveUpAt) throw err;
        this.node = (this.node + 1) % this.nodes.length;
        if (attempt % this.nodes.length === this.nodes.length - 1) await pause(RECONNECT_PAUSE_MS);
      }
    }
  }

  /** Sends the cast until it is acknowledged or finally refused; the same key every time. */
  async castUntilAnswered(payload: { ballotId: string; idempotencyKey: string; choice: unknown }): Promise<Ack> {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (;;) {
      if (Date.now() > giveUpAt) throw new Error(`cast of ${this.seatId} never answered`);
      const socket = this.socket?.connected ? this.socket : await this.reconnect();
      const answer = await Promise.race([
        emitAck(socket, 'ballot:cast', payload).catch(() => 'lost' as const),
        new Promise<'lost'>((resolve) => socket.once('disconnect', () => resolve('lost'))),
      ]);
      if (answer === 'lost') continue;
      if (answer.ok || !RETRY_CODES.has(answer.code)) return answer;
      // As the shipped tablet waits: a hall that retried five times a second would be a load of
      // its own on a store that is failing over.
      await pause(retryPauseMs());
    }
  }

  /** After a lost connection: another node, and the view re-read from it. */
  private async reconnect(): Promise<Socket> {
    this.socket?.close();
    this.failovers++;
    const socket = await this.connect();
    const sync = await emitAck(socket, 'meeting:sync', {});
    if (sync.ok) this.views.latest = sync.view as DelegateView;
    return socket;
  }

  close(): void {
    this.socket?.close();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
