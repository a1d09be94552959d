import type { Actor, MeetingState } from '../../shared/domain/meeting';
import { countdownChange } from '../../shared/domain/countdown';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { CommandService } from './command-service';
import { DeadlineTimers } from './deadline-timers';
import type { MeetingReplica } from './replica';

/** The countdown closes ballots in the log under this name. */
export const COUNTDOWN_ACTOR: Actor = { role: 'system', name: 'countdown' };
/** Retry a deadline close that failed on the store after this long. */
const DEADLINE_RETRY_MS = 1000;

/**
 * Closes ballots when their countdown ends, as a CloseBallot command. Every node arms a timer
 * for every open ballot with a deadline it knows of (from loads and folds of the replica); the
 * first close wins the conditional append and the others' are refused (BALLOT_NOT_OPEN), so a
 * ballot closes once however many nodes there are.
 */
export class BallotCountdowns {
  private readonly timers: DeadlineTimers;
  private stopped = false;

  constructor(
    private readonly replica: MeetingReplica,
    private readonly commands: CommandService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.timers = new DeadlineTimers(clock, (meetingId, ballotId) => void this.closeAtDeadline(meetingId, ballotId));
    // Loaded, or read again whole after a failover lost events (replica.ts reload): the timers of the copy as it is now.
    replica.loaded.add((state) => {
      this.timers.cancelMeeting(state.spec.meetingId);
      this.armAll(state);
    });
    replica.advanced.add(({ meetingId, events }) => {
      for (const event of events) {
        if (event.type === 'BallotOpened' && event.deadline !== null && !this.stopped) this.timers.schedule(meetingId, event.spec.ballotId, event.deadline);
        if (event.type === 'BallotClosed' || event.type === 'BallotVoided') this.timers.cancel(meetingId, event.ballotId);
        // Extended or resumed: re-arm at the new deadline; paused: no timer until resumed (countdown.ts).
        const change = countdownChange(event);
        if (change && change.deadline === null) this.timers.cancel(meetingId, change.ballotId);
        else if (change?.deadline != null && !this.stopped) this.timers.schedule(meetingId, change.ballotId, change.deadline);
      }
    });
    replica.withdrawn.add((meetingId) => this.timers.cancelMeeting(meetingId));
  }

  stop(): void {
    this.stopped = true;
    this.timers.clear();
  }

  /** Closes every open ballot whose countdown has ended (at startup, and after a missed timer). */
  async closeOverdueBallots(): Promise<void> {
    const now = this.clock.now();
    for (const state of this.replica.loadedMeetings()) {
      for (const ballotId of state.ballotOrder) {
        const ballot = state.ballots.get(ballotId);
        if (ballot?.status === 'open' && ballot.deadline !== null && ballot.deadline <= now) {
          await this.closeAtDeadline(state.spec.meetingId, ballotId);
        }
      }
    }
  }

  private armAll(state: MeetingState): void {
    if (this.stopped) return;
    for (const ballotId of state.ballotOrder) {
      const ballot = state.ballots.get(ballotId);
      if (ballot?.status === 'open' && ballot.deadline !== null) this.timers.schedule(state.spec.meetingId, ballotId, ballot.deadline);
    }
  }

  private async closeAtDeadline(meetingId: string, ballotId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const outcome = await this.commands.execute(meetingId, [{ type: 'CloseBallot', ballotId, reason: 'deadline' }], COUNTDOWN_ACTOR);
      if (outcome.ok) {
        this.logger.info('ballot closed at deadline', { meetingId, ballotId });
      } else if (outcome.code === 'DEADLINE_NOT_REACHED') {
        // The timer fired a moment early by this clock; wait for the real deadline.
        const deadline = this.replica.cached(meetingId)?.ballots.get(ballotId)?.deadline;
        if (deadline != null && !this.stopped) this.timers.schedule(meetingId, ballotId, deadline);
      } else if (outcome.code !== 'BALLOT_NOT_OPEN' && outcome.code !== 'UNKNOWN_BALLOT') {
        this.logger.warn('could not close ballot at deadline', { meetingId, ballotId, code: outcome.code });
      }
    } catch (err) {
      this.logger.error('closing at deadline failed; will retry', { meetingId, ballotId, err });
      if (!this.stopped) this.timers.schedule(meetingId, ballotId, this.clock.now() + DEADLINE_RETRY_MS);
    }
  }
}
