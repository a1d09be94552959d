import type { MeetingCommand } from '../shared/domain/decide';
import type { Actor, MeetingEvent, MeetingSpec, MeetingState } from '../shared/domain/meeting';
import type { ErrorAck } from '../shared/protocol/errors';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { BallotCountdowns } from './service/ballot-countdowns';
import { CastService, type CastAnswer, type CastInput, type CastReply } from './service/cast-service';
import { CommandService, type CommandOutcome } from './service/command-service';
import { exportMeeting } from './service/meeting-export';
import type { CastOrigin, ChangeNotice, DeviceReplacedNotice, VoteNotice } from './service/notices';
import type { QuarantinedMeeting } from './service/quarantine';
import { MeetingReplica, type FollowedCast, type MeetingSummary } from './service/replica';
import { SeatPairing } from './service/seat-pairing';
import type { Signal } from './service/signal';
import type { MeetingArchive, MeetingStore } from './store/types';

export type { CastAnswer, CastInput, CommandOutcome, MeetingSummary, ChangeNotice, VoteNotice, DeviceReplacedNotice };
export { COUNTDOWN_ACTOR } from './service/ballot-countdowns';

export interface MeetingServiceOptions {
  store: MeetingStore;
  clock: Clock;
  logger: Logger;
  /** Conditional appends tried before answering BUSY_RETRY. */
  maxAppendAttempts?: number;
}

/**
 * What the gateway and the HTTP API use: one object over the parts of the core, each in
 * server/service/ —
 *   replica.ts          the copy of each meeting's log (load, catch-up, the cluster's hooks)
 *   command-service.ts  decide → conditional append → fold
 *   cast-service.ts     the vote path
 *   seat-pairing.ts     seat cards and devices
 *   ballot-countdowns.ts closing ballots at their deadline
 * It owns no sockets and no HTTP. server/cluster/ talks to `replica` only.
 */
export class MeetingService {
  readonly replica: MeetingReplica;
  readonly changed: Signal<ChangeNotice>;
  readonly voted: Signal<VoteNotice>;
  readonly deviceReplaced: Signal<DeviceReplacedNotice>;

  private readonly store: MeetingStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly commands: CommandService;
  private readonly casts: CastService;
  private readonly pairing: SeatPairing;
  private readonly countdowns: BallotCountdowns;

  constructor({ store, clock, logger, maxAppendAttempts }: MeetingServiceOptions) {
    this.store = store;
    this.clock = clock;
    this.logger = logger;
    this.replica = new MeetingReplica({ store, clock, logger });
    this.changed = this.replica.changed;
    this.voted = this.replica.voted;
    this.deviceReplaced = this.replica.deviceReplaced;
    this.commands = new CommandService(this.replica, store, clock, logger, maxAppendAttempts);
    this.casts = new CastService(this.replica, store, clock, logger);
    // Listeners of the replica run in this order: the pairing index and the timers are up to
    // date before the gateway (which subscribes later) hears of a change.
    this.pairing = new SeatPairing(this.replica, this.commands);
    this.countdowns = new BallotCountdowns(this.replica, this.commands, clock, logger);
  }

  now(): number {
    return this.clock.now();
  }

  /** Loads every meeting (which arms countdowns and the pairing index) and closes overdue ballots. */
  async start(): Promise<void> {
    // One bad meeting never stops the others (invariant 6): a log that does not fold is
    // quarantined by the load; one the store could not read is tried again on first use.
    for (const meetingId of await this.replica.listMeetingIds()) {
      try {
        await this.replica.stateOf(meetingId);
      } catch (err) {
        if (!this.replica.isQuarantined(meetingId)) this.logger.error('meeting could not be loaded at start; will retry on first use', { meetingId, err });
      }
    }
    await this.countdowns.closeOverdueBallots();
  }

  stop(): void {
    this.countdowns.stop();
  }

  quarantinedMeetings(): QuarantinedMeeting[] {
    return this.replica.quarantinedMeetings();
  }

  /** The meeting's state, at least as new as what the store had acknowledged (see MeetingReplica.current); null if there is none. */
  stateOf(meetingId: string): Promise<MeetingState | null> {
    return this.replica.current(meetingId);
  }

  /** The copy only, for synchronous fan-out; undefined if not loaded. */
  cachedState(meetingId: string): MeetingState | undefined {
    return this.replica.cached(meetingId);
  }

  /** The copy's seats and ballots without folding this node's pending votes (MeetingReplica.copyWithoutPendingVotes): its turnout is a lower bound. */
  cachedSeatsAndBallots(meetingId: string): MeetingState | undefined {
    return this.replica.copyWithoutPendingVotes(meetingId);
  }

  /** The epoch of the meeting's copy (MeetingReplica.epochOf): every view rendered from cachedState carries it. */
  epochOf(meetingId: string): string | undefined {
    return this.replica.epochOf(meetingId);
  }

  /**
   * What stateOf answers, as a copy and its epoch read in one synchronous step once the read is
   * done: a reload while it ran swapped both, and a view must never pair one copy's state with
   * another's epoch. The copy then is at least as new as the state read; one dropped meanwhile
   * (a failed box read) still has its epoch, so the state read is answered with it.
   */
  async currentCopy(meetingId: string): Promise<{ state: MeetingState; epoch: string | undefined } | null> {
    const read = await this.replica.current(meetingId);
    if (!read) return null;
    return { state: this.replica.cached(meetingId) ?? read, epoch: this.replica.epochOf(meetingId) };
  }

  listMeetings(): Promise<MeetingSummary[]> {
    return this.replica.summaries();
  }

  createMeeting(spec: MeetingSpec, actor: Actor): Promise<{ ok: true; state: MeetingState } | ErrorAck> {
    return this.commands.createMeeting(spec, actor);
  }

  execute(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    return this.commands.execute(meetingId, commands, actor);
  }

  /** `origin`: the connection the cast came through, which its ack answers (VoteNotice.origin). */
  cast(meetingId: string, seatId: string, input: CastInput, origin?: CastOrigin): Promise<CastAnswer> {
    return this.casts.cast(meetingId, seatId, input, origin);
  }

  /** The gateway's vote path: `cast`, answered through `reply` (cast-service.ts). */
  castInto(meetingId: string, seatId: string, input: CastInput, origin: CastOrigin | undefined, reply: CastReply): void {
    this.casts.castInto(meetingId, seatId, input, origin, reply);
  }

  issuePairingCodes(meetingId: string, seatIds: readonly string[] | undefined, actor: Actor) {
    return this.pairing.issuePairingCodes(meetingId, seatIds, actor);
  }

  pairDevice(code: string, deviceId: string) {
    return this.pairing.pairDevice(code, deviceId);
  }

  isCurrentDevice(meetingId: string, seatId: string, deviceId: string): Promise<boolean> {
    return this.pairing.isCurrentDevice(meetingId, seatId, deviceId);
  }

  isCurrentDeviceCached(meetingId: string, seatId: string, deviceId: string): boolean {
    return this.pairing.isCurrentDeviceCached(meetingId, seatId, deviceId);
  }

  /** Changes whenever the copy's seat map does (SeatPairing.seatMapGeneration); undefined without a copy. */
  seatMapGeneration(meetingId: string): number | undefined {
    return this.pairing.seatMapGeneration(meetingId);
  }

  /** The meeting's command log from the start (no votes): for the minutes and the audit log (server/http/record-routes.ts). */
  eventsOf(meetingId: string): Promise<MeetingEvent[]> {
    return this.store.readEvents(meetingId, 0);
  }

  exportMeeting(meetingId: string): Promise<MeetingArchive | null> {
    return exportMeeting(this.store, this.logger, meetingId);
  }

  closeOverdueBallots(): Promise<void> {
    return this.countdowns.closeOverdueBallots();
  }

  /** Cluster hooks, kept here for callers that hold the service (the cluster itself uses `replica`). */
  followVersion(meetingId: string, version: number): Promise<void> {
    return this.replica.followVersion(meetingId, version);
  }

  followCasts(meetingId: string, casts: readonly FollowedCast[]): Promise<void> {
    return this.replica.followCasts(meetingId, casts);
  }

  resyncAll(): Promise<void> {
    return this.replica.resyncAll();
  }
}
