import { presentCount, turnout } from '../../shared/domain/evolve';
import { consoleView, delegateView, publicView } from '../../shared/domain/views';
import { SERVER_EVENTS, type TurnoutUpdate } from '../../shared/protocol/socket';
import type { Logger } from '../logger';
import type { DeviceReplacedNotice, MeetingService, VoteNotice } from '../meeting-service';
import type { GatewayServer } from './connection';
import { KeyedThrottle } from './keyed-throttle';
import { rooms } from './rooms';

/** ≤ 10 view pushes and ≤ 10 turnout updates per meeting per second (invariant 5). */
const PUSH_INTERVAL_MS = 100;

/**
 * Sends each audience its own view after changes, turnout aggregates to the wall and console
 * only, and evicts tablets whose seat was paired elsewhere. Views are computed when a throttle
 * window flushes, from the service's latest state, so a burst of sign-ins costs one push.
 *
 * Every emit goes to this node's own sockets (`io.local`). In cluster mode each node hears of
 * every change (its own, and the others' through the notice channel: server/cluster/) and
 * renders the views for the clients it holds, so a client gets each push once whichever node
 * it is on, and the throttles hold per client however many nodes there are.
 */
export class FanOut {
  private readonly views: KeyedThrottle;
  private readonly turnouts: KeyedThrottle;
  /** Per meeting, the latest ballot voted on and the highest turnout the store reported for it. */
  private readonly latestVote = new Map<string, VoteNotice>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly io: GatewayServer,
    private readonly service: MeetingService,
    private readonly logger: Logger,
  ) {
    this.views = new KeyedThrottle(PUSH_INTERVAL_MS, (meetingId) => this.pushViews(meetingId));
    this.turnouts = new KeyedThrottle(PUSH_INTERVAL_MS, (meetingId) => this.pushTurnout(meetingId));
    this.unsubscribe = [
      service.changed.add(({ meetingId }) => this.views.trigger(meetingId)),
      service.voted.add((notice) => this.onVote(notice)),
      service.deviceReplaced.add((notice) => void this.evict(notice)),
    ];
  }

  close(): void {
    for (const off of this.unsubscribe) off();
    this.views.clear();
    this.turnouts.clear();
  }

  private onVote(notice: VoteNotice): void {
    // Notices from several nodes arrive out of order: the wall never goes backwards.
    const previous = this.latestVote.get(notice.meetingId);
    const voted = previous?.ballotId === notice.ballotId ? Math.max(previous.voted, notice.voted) : notice.voted;
    this.latestVote.set(notice.meetingId, { ...notice, voted });
    this.turnouts.trigger(notice.meetingId);
    // The voter's own tablet learns its receipt is on record; nobody else learns anything.
    // In a cluster the tablet is usually on the node that took the cast: skip the view elsewhere.
    if (!this.io.sockets.adapter.rooms.has(rooms.seat(notice.meetingId, notice.seatId))) return;
    const state = this.service.cachedState(notice.meetingId);
    const view = state && delegateView(state, notice.seatId);
    if (view) this.io.local.to(rooms.seat(notice.meetingId, notice.seatId)).emit(SERVER_EVENTS.view, view);
  }

  private pushViews(meetingId: string): void {
    const state = this.service.cachedState(meetingId);
    if (!state) return;
    const present = this.io.sockets.adapter.rooms;
    if (present.has(rooms.wall(meetingId))) this.io.local.to(rooms.wall(meetingId)).emit(SERVER_EVENTS.view, publicView(state));
    if (present.has(rooms.staff(meetingId))) this.io.local.to(rooms.staff(meetingId)).emit(SERVER_EVENTS.view, consoleView(state));
    // Only seats with a connected tablet on this node get a view computed.
    for (const seatId of state.seats.keys()) {
      const room = rooms.seat(meetingId, seatId);
      if (present.has(room)) this.io.local.to(room).emit(SERVER_EVENTS.view, delegateView(state, seatId));
    }
  }

  private pushTurnout(meetingId: string): void {
    const vote = this.latestVote.get(meetingId);
    const state = this.service.cachedState(meetingId);
    if (!vote || !state) return;
    // The store's number; the cached register can only lag behind it.
    const voted = Math.max(vote.voted, turnout(state, vote.ballotId));
    const update: TurnoutUpdate = { ballotId: vote.ballotId, voted, present: presentCount(state) };
    this.io.local.to([rooms.wall(meetingId), rooms.staff(meetingId)]).emit(SERVER_EVENTS.turnout, update);
  }

  private async evict({ meetingId, seatId, deviceId, at }: DeviceReplacedNotice): Promise<void> {
    try {
      // Every node reads the DevicePaired event and evicts the stale tablets it holds.
      const sockets = await this.io.local.in(rooms.seat(meetingId, seatId)).fetchSockets();
      const stale = sockets.filter(({ data: { principal } }) => principal.role === 'delegate' && principal.deviceId !== deviceId);
      for (const socket of stale) {
        socket.emit(SERVER_EVENTS.replaced, { reason: 'paired_on_another_device', at });
        socket.disconnect(true);
      }
      this.logger.info('seat paired on another device', { meetingId, seatId, evicted: stale.length });
    } catch (err) {
      this.logger.error('could not evict replaced device', { meetingId, seatId, err });
    }
  }
}
