import { presentCount, turnout } from '../../shared/domain/evolve';
import type { MeetingEvent, MeetingState } from '../../shared/domain/meeting';
import { consoleView, publicView } from '../../shared/domain/views';
import { SERVER_EVENTS, type TurnoutUpdate } from '../../shared/protocol/socket';
import type { Logger } from '../logger';
import type { ChangeNotice, DeviceReplacedNotice, MeetingService, VoteNotice } from '../meeting-service';
import type { GatewayServer } from './connection';
import { KeyedThrottle } from './keyed-throttle';
import { isSpeakingEvent } from '../../shared/domain/speaking';
import { PacedRoomSend } from './paced-room-send';
import type { Presence } from './presence';
import { rooms } from './rooms';
import { pushMarks, tabletPush } from '../../shared/protocol/tablet-view';
import { seatView, tabletSharedPart } from './tablet-views';
import { withEpoch } from './audience-view';
import { consolePush, type PushedSeats } from './console-push';

/** ≤ 10 view pushes and ≤ 10 turnout updates per meeting per second (invariant 5). */
const PUSH_INTERVAL_MS = 100;
/**
 * The console view is the largest: whole, it lists every seat (300 KB at 3,000 seats, ~30 ms to
 * render and send), which at 10 a second was a tenth of the server or more while the hall signed
 * in. Its window is stretched to this many times what the last one cost, so it never takes more
 * than about 1/20 of the server, however big the hall or the console view. A push now carries
 * only the seats that changed (console-push.ts), and the list is rendered from the seats changed
 * since the last one (seat-lineage.ts): under 1 ms at 3,000 seats signing in, so the console
 * updates the full 10 times a second (it was 1–2 with whole lists); ballot steps still reach it
 * at once.
 */
const STAFF_COST_FACTOR = 20;

/** Events that change what every tablet shows (the shared part of its view). */
const SHARED_EVENTS: ReadonlySet<MeetingEvent['type']> = new Set([
  'MeetingCreated',
  'SessionOpened',
  'ItemStarted',
  'BallotOpened',
  'BallotClosed',
  'ResultPublished',
  'BallotVoided',
  'ManualCountEntered',
  'SessionClosed',
  // A sitting's sign-in window and opening (sittings.ts); SittingStarted resets every seat, so it
  // stays an event that sends tablets everything.
  'SignInOpened',
  'SignInClosed',
  'SittingOpened',
  'SittingClosed',
  // The countdown's deadline or pause (countdown.ts).
  'CountdownExtended',
  'CountdownPaused',
  'CountdownResumed',
]);
/**
 * A ballot's steps, which the hall waits on: pushed at once rather than at the end of the
 * throttle window (a few per ballot, so the ≤ 10 pushes a second of invariant 5 still hold for
 * what comes in bursts: sign-ins, attendance, turnout).
 */
const BALLOT_STEP_EVENTS: ReadonlySet<MeetingEvent['type']> = new Set([
  'BallotOpened',
  'BallotClosed',
  'ResultPublished',
  'BallotVoided',
  // A countdown extended, paused or resumed must reach the hall at once (countdown.ts).
  'CountdownExtended',
  'CountdownPaused',
  'CountdownResumed',
]);
/** Events only the console shows (pairing): no tablet needs to hear of them. */
const STAFF_ONLY_EVENTS: ReadonlySet<MeetingEvent['type']> = new Set([
  'PairingCodeIssued',
  'DevicePaired',
  'PairingCodeRevoked',
  // A request to void a published result waits on the console (void-confirmation.ts); the void itself is BallotVoided.
  'VoidRequested',
  'VoidRequestDecided',
]);

/**
 * What a push to an audience left out, valid only for the copy it was rendered from: a copy of
 * another epoch (a reload: replica.ts) is not what the clients were last sent, so its first push
 * is whole (docs/PROTOCOL.md §5).
 */
interface LastPush<T> {
  epoch: string | undefined;
  marks: T;
}

/** What tablets need after the changes since the last push of a meeting. */
interface TabletsDue {
  shared: boolean;
  /** Seats whose own part changed, or every seat. */
  seats: Set<string> | 'all';
}

/**
 * Sends each audience its own view after changes, turnout aggregates to the wall and console
 * only, and evicts tablets whose seat was paired elsewhere. Views are computed when a throttle
 * window flushes, from the service's latest state, so a burst of sign-ins costs one push.
 *
 * Tablets get their view in two parts (invariant 5, O(N) per change): the shared part, rendered
 * once and sent to the meeting's tablet room, only after changes every tablet sees (a sign-in
 * or a vote is not one); and each seat's own part, only to that seat, when it changed. A vote
 * reaches the voter through its ack alone. So a ballot costs each tablet its opening, closing
 * and result, and a sign-in costs one message to the signing tablet.
 *
 * Every emit goes to this node's own sockets (`io.local`). In cluster mode each node hears of
 * every change (its own, and the others' through the notice channel: server/cluster/) and
 * renders the views for the clients it holds, so a client gets each push once whichever node
 * it is on, and the throttles hold per client however many nodes there are.
 */
export class FanOut {
  /** Wall and tablets. */
  private readonly views: KeyedThrottle;
  /** The console, whose window follows its cost (STAFF_COST_FACTOR). */
  private readonly staffViews: KeyedThrottle;
  private readonly turnouts: KeyedThrottle;
  /** What the last console view of a meeting cost to render and send, in ms. */
  private readonly staffCostMs = new Map<string, number>();
  /** The tablets' shared part, sent a slice of the room per turn (paced-room-send.ts). */
  private readonly tabletSend: PacedRoomSend;
  /** Per meeting, the latest ballot voted on and the highest turnout the store reported for it (updated in place: every vote passes here). */
  private readonly latestVote = new Map<string, { ballotId: string; voted: number }>();
  /** Per meeting, the agenda key and ballot of the last push to its tablets (issue 9: sent again only when they change). */
  private readonly lastTabletPush = new Map<string, LastPush<{ agendaKey: string; ballotId: string | null }>>();
  /** The seat list of the last push to each meeting's consoles (the next push carries only what changed since). */
  private readonly lastStaffSeats = new Map<string, LastPush<PushedSeats>>();
  /** Per meeting, what tablets are owed at the next flush. */
  private readonly tabletsDue = new Map<string, TabletsDue>();
  private readonly unsubscribe: (() => void)[];
  private closed = false;

  constructor(
    private readonly io: GatewayServer,
    private readonly service: MeetingService,
    private readonly logger: Logger,
    /** This node's tablets per seat (seat-map-push.ts keeps it). */
    private readonly presence: Pick<Presence, 'aloneOnNode'>,
  ) {
    this.views = new KeyedThrottle(PUSH_INTERVAL_MS, (meetingId) => this.pushViews(meetingId));
    this.staffViews = new KeyedThrottle(
      (meetingId) => Math.max(PUSH_INTERVAL_MS, STAFF_COST_FACTOR * (this.staffCostMs.get(meetingId) ?? 0)),
      (meetingId) => this.pushStaff(meetingId),
    );
    this.tabletSend = new PacedRoomSend(io);
    this.turnouts = new KeyedThrottle(PUSH_INTERVAL_MS, (meetingId) => this.pushTurnout(meetingId));
    this.unsubscribe = [
      service.changed.add((notice) => this.onChange(notice)),
      service.voted.add((notice) => this.onVote(notice)),
      service.deviceReplaced.add((notice) => void this.evict(notice)),
    ];
  }

  close(): void {
    this.closed = true;
    for (const off of this.unsubscribe) off();
    this.views.clear();
    this.staffViews.clear();
    this.tabletSend.close();
    this.turnouts.clear();
    this.tabletsDue.clear();
    this.lastTabletPush.clear();
    this.lastStaffSeats.clear();
  }

  private onChange({ meetingId, events }: ChangeNotice): void {
    let due = this.tabletsDue.get(meetingId);
    if (!due) this.tabletsDue.set(meetingId, (due = { shared: false, seats: new Set() }));
    // No events: the state was re-read (a resync), anything may have changed, turnout included
    // (it may be lower than the last notice said: entries a failover lost were dropped).
    if (events.length === 0) {
      due.seats = 'all';
      this.latestVote.delete(meetingId);
      // A push still being paced out was rendered from the copy before this re-read: a tablet
      // answered from the new copy meanwhile (a sync) must not get it after that answer. The
      // push below then goes whole to every tablet, since some never got the one cancelled.
      if (this.tabletSend.cancel(rooms.tablets(meetingId))) this.lastTabletPush.delete(meetingId);
    }
    for (const event of events) {
      if (SHARED_EVENTS.has(event.type)) due.shared = true;
      else if (event.type === 'AttendanceRecorded') {
        if (due.seats !== 'all') due.seats.add(event.seatId);
      } else if (isSpeakingEvent(event)) {
        // A speaking request concerns its own seat's tablet; the console and the wall get their views anyway.
        if (due.seats !== 'all') due.seats.add(event.seatId);
      } else if (event.type === 'WallModeSet') {
        // The wall's mode (wall-mode.ts): the walls and the console get their views below; no tablet shows it.
      } else if (!STAFF_ONLY_EVENTS.has(event.type)) {
        // An event this fan-out does not know: send tablets everything rather than miss it.
        due.shared = true;
        due.seats = 'all';
      }
    }
    if (due.seats === 'all') due.shared = true;
    if (!events.some((event) => BALLOT_STEP_EVENTS.has(event.type))) {
      this.views.trigger(meetingId);
      this.staffViews.trigger(meetingId);
      return;
    }
    // The last turnout of a closing ballot goes out before its closing view, never after it.
    const voting = this.latestVote.get(meetingId)?.ballotId;
    if (events.some((event) => event.type === 'BallotClosed' && event.ballotId === voting)) this.turnouts.flushNow(meetingId);
    // The wall first: the hall looks there. The console view (every seat: tens of ms at 3,000)
    // goes in the next turn, after the command's ack, so the presidium's next step (the publish
    // after a close) is not kept waiting behind it, nor the wall behind that (close→wall).
    this.views.flushNow(meetingId);
    setImmediate(() => {
      if (!this.closed) this.staffViews.flushNow(meetingId);
    });
  }

  private onVote(notice: VoteNotice): void {
    // Notices from several nodes arrive out of order: the wall never goes backwards.
    const latest = this.latestVote.get(notice.meetingId);
    if (latest?.ballotId === notice.ballotId) latest.voted = Math.max(latest.voted, notice.voted);
    else this.latestVote.set(notice.meetingId, { ballotId: notice.ballotId, voted: notice.voted });
    this.turnouts.trigger(notice.meetingId);
    // The voter's connection (the notice's origin) has its receipt in the ack; the seat's other
    // connections (a reloaded page, or this node when the cast was taken by another) get the
    // seat's part. Nobody else learns anything.
    const { origin } = notice;
    // Usually the voter's connection is the seat's only one here: nothing to render or send.
    if (origin !== undefined && this.presence.aloneOnNode(origin, notice.meetingId, notice.seatId)) return;
    const room = rooms.seat(notice.meetingId, notice.seatId);
    const held = this.io.sockets.adapter.rooms.get(room);
    if (!held || (held.size === 1 && origin !== undefined && held.has(origin.id))) return;
    const state = this.service.cachedState(notice.meetingId);
    const own = state && seatView(state, notice.seatId, this.service.epochOf(notice.meetingId));
    if (!own) return;
    const seat = this.io.local.to(room);
    (origin === undefined ? seat : seat.except(origin.id)).emit(SERVER_EVENTS.seat, own);
  }

  private pushViews(meetingId: string): void {
    const state = this.service.cachedState(meetingId);
    if (!state) return;
    // Read with the state, in the same step: a reload swaps both (replica.ts).
    const epoch = this.service.epochOf(meetingId);
    const present = this.io.sockets.adapter.rooms;
    if (present.has(rooms.wall(meetingId))) this.io.local.to(rooms.wall(meetingId)).emit(SERVER_EVENTS.view, withEpoch(publicView(state), epoch));
    this.pushTablets(meetingId, state, epoch);
  }

  private pushStaff(meetingId: string): void {
    const state = this.service.cachedState(meetingId);
    if (!state) return;
    if (!this.io.sockets.adapter.rooms.has(rooms.staff(meetingId))) {
      // Whoever connects next gets the whole view, and the push after it the seats again.
      this.lastStaffSeats.delete(meetingId);
      return;
    }
    const started = performance.now();
    const epoch = this.service.epochOf(meetingId);
    const view = withEpoch(consoleView(state), epoch);
    // Every console here had the previous push or connected since (a whole view, as new): the
    // seats it has are those of the previous push or later ones of the same epoch (docs/PROTOCOL.md §5).
    const last = this.lastStaffSeats.get(meetingId);
    const push = consolePush(view, last !== undefined && last.epoch === epoch ? last.marks : null);
    this.lastStaffSeats.set(meetingId, { epoch, marks: { key: view.seatsKey, version: view.version, rows: view.seats } });
    this.io.local.to(rooms.staff(meetingId)).emit(SERVER_EVENTS.view, push);
    this.staffCostMs.set(meetingId, performance.now() - started);
  }

  private pushTablets(meetingId: string, state: MeetingState, epoch: string | undefined): void {
    const due = this.tabletsDue.get(meetingId);
    this.tabletsDue.delete(meetingId);
    if (!due) return;
    const present = this.io.sockets.adapter.rooms;
    const tablets = rooms.tablets(meetingId);
    if (!present.has(tablets)) {
      // Whoever connects next gets the whole view, and the push after it everything again.
      this.lastTabletPush.delete(meetingId);
      return;
    }
    // Rendered once; written to the room a slice per turn, so the next command is not kept
    // waiting. The agenda and the ballot spec only when they changed since the last push (a
    // tablet that missed it resyncs: tablet-view.ts); `whole` for a tablet the paced send skips.
    if (due.shared) {
      const shared = tabletSharedPart(state, epoch);
      const last = this.lastTabletPush.get(meetingId);
      const push = tabletPush(shared, last !== undefined && last.epoch === epoch ? last.marks : null);
      this.tabletSend.send(tablets, SERVER_EVENTS.view, push, tabletPush(shared, null));
      this.lastTabletPush.set(meetingId, { epoch, marks: pushMarks(push) });
    }
    // Only seats with a connected tablet on this node get their part rendered.
    const seats = due.seats === 'all' ? state.seats.keys() : due.seats;
    for (const seatId of seats) {
      const room = rooms.seat(meetingId, seatId);
      if (!present.has(room)) continue;
      const own = seatView(state, seatId, epoch);
      if (own) this.io.local.to(room).emit(SERVER_EVENTS.seat, own);
    }
  }

  private pushTurnout(meetingId: string): void {
    const vote = this.latestVote.get(meetingId);
    // Without folding the votes pending in the copy: several times a second in a burst, and the
    // copy's register is only a floor under the store's number here.
    const state = this.service.cachedSeatsAndBallots(meetingId);
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
