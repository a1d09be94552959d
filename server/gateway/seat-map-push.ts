import { SEATMAP_DELTA_EVENT, SEATMAP_PUSH_INTERVAL_MS, type SeatMapDelta, type SeatMapSnapshot } from '../../shared/protocol/seat-map';
import { latestBallotId } from '../../shared/domain/views';
import type { Logger } from '../logger';
import type { MeetingService, VoteNotice } from '../meeting-service';
import type { GatewayServer, GatewaySocket } from './connection';
import { KeyedThrottle } from './keyed-throttle';
import { Presence } from './presence';
import { rooms } from './rooms';

interface Pending {
  online: Set<string>;
  offline: Map<string, number>;
  ballotId: string | null;
  /**
   * Seats whose vote was noticed since the last delta, in order; a seat twice only if its vote was
   * noticed twice (a retry's duplicate), which the console takes once anyway. A list, not a set:
   * a push per vote, not a hash of its seat id into a set that grows through the burst.
   */
  voted: string[];
}

/**
 * The seat map's live part for consoles: tablets coming and going, and who voted on the open
 * ballot. Each connect, disconnect and cast costs O(1) here; consoles get one throttled delta
 * per meeting at most every SEATMAP_PUSH_INTERVAL_MS (invariant 5), and the whole picture only
 * when they ask (`console:seatMap`, after each connect).
 *
 * Who voted is the register, public for every ballot kind; no choice is ever here (invariant 4).
 * Votes reach every node as notices, so vote deltas go to this node's consoles only; presence
 * changes are known only to the node holding the tablet, so they go to every node's consoles.
 */
export class SeatMapPush {
  readonly presence = new Presence();
  private readonly presenceDue = new Map<string, Pending>();
  private readonly votesDue = new Map<string, Pending>();
  private readonly presenceThrottle: KeyedThrottle;
  private readonly votesThrottle: KeyedThrottle;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly io: GatewayServer,
    private readonly service: MeetingService,
    private readonly logger: Logger,
    /** Cluster mode: the adapter spans nodes, so presence is read and sent across them. */
    private readonly clustered: boolean,
  ) {
    this.presenceThrottle = new KeyedThrottle(SEATMAP_PUSH_INTERVAL_MS, (meetingId) => this.flush(meetingId, this.presenceDue, false));
    this.votesThrottle = new KeyedThrottle(SEATMAP_PUSH_INTERVAL_MS, (meetingId) => this.flush(meetingId, this.votesDue, true));
    this.unsubscribe = service.voted.add((notice) => this.onVote(notice));
  }

  close(): void {
    this.unsubscribe();
    this.presenceThrottle.clear();
    this.votesThrottle.clear();
  }

  /** Counts a tablet connection until it ends (the gateway calls untrack() at its 'disconnect'). */
  track(socket: GatewaySocket): void {
    const { meetingId, principal } = socket.data;
    if (principal.role !== 'delegate') return;
    const { seatId } = principal;
    if (this.presence.connected(meetingId, seatId, this.service.now())) {
      const due = this.due(this.presenceDue, meetingId);
      due.offline.delete(seatId);
      due.online.add(seatId);
      this.presenceThrottle.trigger(meetingId);
    }
  }

  /** A tablet connection tracked here ended. */
  untrack(socket: GatewaySocket): void {
    const { meetingId, principal } = socket.data;
    if (principal.role !== 'delegate') return;
    const { seatId } = principal;
    const now = this.service.now();
    if (!this.presence.disconnected(meetingId, seatId, now)) return;
    const due = this.due(this.presenceDue, meetingId);
    due.online.delete(seatId);
    due.offline.set(seatId, now);
    this.presenceThrottle.trigger(meetingId);
  }

  /** The whole picture for one console: O(N), once per console connect. */
  async snapshot(meetingId: string): Promise<SeatMapSnapshot> {
    const { online, offline } = this.presence.snapshot(meetingId);
    let onlineSeats = online;
    let offlineSeats = offline;
    if (this.clustered) {
      // Tablets held by other nodes: one fetch across the cluster per console connect.
      const sockets = await this.io.in(rooms.tablets(meetingId)).fetchSockets();
      const everywhere = new Set(online);
      for (const s of sockets) {
        const principal = s.data.principal;
        if (principal.role === 'delegate') everywhere.add(principal.seatId);
      }
      onlineSeats = [...everywhere];
      offlineSeats = offline.filter((o) => !everywhere.has(o.seatId));
    }
    const state = this.service.cachedState(meetingId) ?? (await this.service.stateOf(meetingId));
    const ballotId = state ? latestBallotId(state) : null;
    const register = ballotId && state ? state.registers.get(ballotId) : undefined;
    return {
      online: onlineSeats,
      offline: offlineSeats,
      voted: ballotId && register ? { ballotId, seatIds: [...register.keys()] } : null,
    };
  }

  private onVote({ meetingId, ballotId, seatId }: VoteNotice): void {
    const due = this.due(this.votesDue, meetingId);
    // A new ballot starts a new register: the seats of the one before are no longer news.
    if (due.ballotId !== ballotId) {
      due.ballotId = ballotId;
      due.voted = [];
    }
    due.voted.push(seatId);
    this.votesThrottle.trigger(meetingId);
  }

  private due(map: Map<string, Pending>, meetingId: string): Pending {
    let due = map.get(meetingId);
    if (!due) map.set(meetingId, (due = { online: new Set(), offline: new Map(), ballotId: null, voted: [] }));
    return due;
  }

  private flush(meetingId: string, map: Map<string, Pending>, votes: boolean): void {
    const due = map.get(meetingId);
    map.delete(meetingId);
    if (!due) return;
    const delta: SeatMapDelta = {
      online: [...due.online],
      offline: [...due.offline].map(([seatId, lastSeen]) => ({ seatId, lastSeen })),
      voted: due.ballotId !== null && due.voted.length > 0 ? { ballotId: due.ballotId, seatIds: due.voted } : null,
    };
    if (delta.online.length === 0 && delta.offline.length === 0 && delta.voted === null) return;
    try {
      const room = rooms.staff(meetingId);
      if (votes || !this.clustered) this.io.local.to(room).emit(SEATMAP_DELTA_EVENT, delta);
      else this.io.to(room).emit(SEATMAP_DELTA_EVENT, delta);
    } catch (err) {
      this.logger.warn('seat map delta not sent', { meetingId, err });
    }
  }
}
