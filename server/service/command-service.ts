import type { Decision, MeetingCommand } from '../../shared/domain/decide';
import type { Actor, MeetingEvent, MeetingSpec, MeetingState } from '../../shared/domain/meeting';
import { meetingSpecProblems } from '../../shared/domain/roster';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MeetingStore } from '../store/types';
import { backOffAfterConflict } from './conflict-backoff';
import { decideBatch, takeBatch, type QueuedCommands } from './command-batch';
import { KeyedQueue } from './keyed-queue';
import type { MeetingReplica } from './replica';
import { storeCall } from './store-call';

export type CommandOutcome = { ok: true; state: MeetingState; events: MeetingEvent[] } | ErrorAck;

/**
 * Runs commands: decide on the replica's copy → conditional append → fold, one batch at a time
 * per meeting on this node (a batch: the callers that queued up meanwhile, decided in arrival
 * order and appended in one durable append, so N sign-ins cost far fewer than N fsyncs). Another node's append makes ours conflict: we catch up and decide
 * again. A refusal is answered only if it still holds at the store's latest version: the copy
 * may lag (cluster mode), and QUORUM_NOT_MET or WRONG_PHASE from a stale copy would tell the
 * presidium something final that is not true.
 */
export class CommandService {
  private readonly queue = new KeyedQueue();
  /** Per meeting, the callers whose commands no run has taken yet, in arrival order. */
  private readonly waiting = new Map<string, WaitingCaller[]>();

  constructor(
    private readonly replica: MeetingReplica,
    private readonly store: MeetingStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Conditional appends tried before answering BUSY_RETRY. */
    private readonly maxAppendAttempts = 12,
    /** Commands decided and appended together at most (issue 9): bounds the wait of the callers after a batch. */
    private readonly maxBatchCommands = 256,
  ) {}

  async createMeeting(spec: MeetingSpec, actor: Actor): Promise<{ ok: true; state: MeetingState } | ErrorAck> {
    const meetingId = spec.meetingId;
    // Two seats or items under one id would make a roster the fold cannot hold (invariant 6).
    const problems = meetingSpecProblems(spec);
    if (problems.length > 0) return errorAck('BAD_REQUEST', problems.join('; '), { problems });
    return this.queue.run(meetingId, async () => {
      const created = { type: 'MeetingCreated', at: this.clock.now(), by: actor, spec } as const;
      const appended = await storeCall(this.logger, 'append', () => this.store.append(meetingId, 0, [created]), meetingId);
      if (!appended.ok) return errorAck('BAD_REQUEST', `a meeting with id ${meetingId} already exists`, { exists: true });
      return { ok: true as const, state: this.replica.created(created) };
    });
  }

  /**
   * Runs commands as one unit: decide → conditional append → fold → notify. Callers that queue
   * up behind one another on the same meeting are decided as one batch (command-batch.ts) and
   * appended together; each still gets its own answer.
   */
  execute(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    return new Promise<CommandOutcome>((resolve, reject) => {
      const caller: WaitingCaller = { commands, actor, resolve, reject };
      const line = this.waiting.get(meetingId);
      // A line exists only while one run for it is queued and not yet started: that run takes us.
      if (line) {
        line.push(caller);
        return;
      }
      this.waiting.set(meetingId, [caller]);
      void this.queue.run(meetingId, () => this.runWaiting(meetingId));
    });
  }

  /** Takes the next batch off the meeting's line (leaving a run queued for the rest) and answers it. */
  private async runWaiting(meetingId: string): Promise<void> {
    const line = this.waiting.get(meetingId) ?? [];
    const batch = takeBatch(line, this.maxBatchCommands);
    if (line.length === 0) this.waiting.delete(meetingId);
    else void this.queue.run(meetingId, () => this.runWaiting(meetingId));
    try {
      const outcomes = await this.executeBatch(meetingId, batch);
      batch.forEach((caller, i) => caller.resolve(outcomes[i]!));
    } catch (err) {
      // STORE_UNAVAILABLE or a quarantined meeting: nobody in the batch is on record.
      for (const caller of batch) caller.reject(err);
    }
  }

  private async executeBatch(meetingId: string, batch: readonly WaitingCaller[]): Promise<CommandOutcome[]> {
    if (!(await this.replica.stateOf(meetingId))) return batch.map(() => errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`));
    let recheckedRefusal = false;
    for (let attempt = 1; ; attempt++) {
      // Re-read the copy each attempt: casts and catch-ups may have moved it meanwhile.
      const state = await this.replica.settled(meetingId);
      if (!state) return batch.map(() => errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`));
      const { verdicts, events, after } = decideBatch(state, batch, this.clock.now());
      if (!recheckedRefusal && verdicts.some((verdict) => !verdict.ok)) {
        // Refuse only at the store's latest version: read once what other nodes appended
        // (decisions are functions of the log; the register matters only once a ballot is shut,
        // and a shut ballot's register is read whole when its close is folded in).
        recheckedRefusal = true;
        const latest = await this.replica.catchUp(meetingId);
        if (latest && latest.version !== state.version) continue;
      }
      // No event is appended for a refused caller; its refusal is answered once the others are durable.
      if (events.length === 0) return verdicts.map((verdict) => answer(verdict, state));

      const appended = await storeCall(this.logger, 'append', () => this.store.append(meetingId, state.version, events), meetingId);
      if (appended.ok) {
        const next = await this.replica.advance(meetingId, state.version, events, { from: state, to: after });
        return verdicts.map((verdict) => answer(verdict, next));
      }
      if (attempt >= this.maxAppendAttempts) {
        this.logger.warn('append kept conflicting', { meetingId, attempts: attempt, callers: batch.length });
        return batch.map(() => errorAck('BUSY_RETRY', 'the meeting is changing quickly; try again'));
      }
      // Another node appended first: let it finish, take its events and decide the batch again.
      await backOffAfterConflict(attempt);
      await this.replica.catchUp(meetingId);
    }
  }
}

interface WaitingCaller extends QueuedCommands {
  resolve(outcome: CommandOutcome): void;
  reject(err: unknown): void;
}

/** One caller's answer: its refusal, or its own events with the state after the whole batch. */
function answer(verdict: Decision, state: MeetingState): CommandOutcome {
  return verdict.ok ? { ok: true, state, events: verdict.events } : errorAck(verdict.code, verdict.message, verdict.details);
}
