import type { MeetingCommand } from '../../shared/domain/decide';
import type { Actor, MeetingEvent, MeetingSpec, MeetingState } from '../../shared/domain/meeting';
import { meetingSpecProblems } from '../../shared/domain/roster';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MeetingStore } from '../store/types';
import { backOffAfterConflict } from './conflict-backoff';
import { decideAll } from './decide-all';
import { KeyedQueue } from './keyed-queue';
import type { MeetingReplica } from './replica';
import { storeCall } from './store-call';

export type CommandOutcome = { ok: true; state: MeetingState; events: MeetingEvent[] } | ErrorAck;

/**
 * Runs commands: decide on the replica's copy → conditional append → fold, one at a time per
 * meeting on this node. Another node's append makes ours conflict: we catch up and decide
 * again. A refusal is answered only if it still holds at the store's latest version: the copy
 * may lag (cluster mode), and QUORUM_NOT_MET or WRONG_PHASE from a stale copy would tell the
 * presidium something final that is not true.
 */
export class CommandService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly replica: MeetingReplica,
    private readonly store: MeetingStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Conditional appends tried before answering BUSY_RETRY. */
    private readonly maxAppendAttempts = 12,
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

  /** Runs commands as one unit: decide → conditional append → fold → notify. */
  execute(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    return this.queue.run(meetingId, () => this.executeNow(meetingId, commands, actor));
  }

  private async executeNow(meetingId: string, commands: readonly MeetingCommand[], actor: Actor): Promise<CommandOutcome> {
    if (!(await this.replica.stateOf(meetingId))) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
    let recheckedRefusal = false;
    for (let attempt = 1; ; attempt++) {
      // Re-read the copy each attempt: casts and catch-ups may have moved it meanwhile.
      const state = this.replica.cached(meetingId);
      if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
      const decision = decideAll(state, commands, { actor, now: this.clock.now() });
      if (!decision.ok) {
        // Refuse only at the store's latest version: read once what other nodes appended
        // (decisions are functions of the log; the register matters only once a ballot is shut,
        // and a shut ballot's register is read whole when its close is folded in).
        if (recheckedRefusal) return errorAck(decision.code, decision.message, decision.details);
        recheckedRefusal = true;
        const latest = await this.replica.catchUp(meetingId);
        if (latest && latest.version !== state.version) continue;
        return errorAck(decision.code, decision.message, decision.details);
      }
      if (decision.events.length === 0) return { ok: true, state, events: [] };

      const appended = await storeCall(this.logger, 'append', () => this.store.append(meetingId, state.version, decision.events), meetingId);
      if (appended.ok) {
        const next = await this.replica.advance(meetingId, state.version, decision.events);
        return { ok: true, state: next, events: decision.events };
      }
      if (attempt >= this.maxAppendAttempts) {
        this.logger.warn('append kept conflicting', { meetingId, attempts: attempt });
        return errorAck('BUSY_RETRY', 'the meeting is changing quickly; try again');
      }
      // Another node appended first: let it finish, take its events and decide again.
      await backOffAfterConflict(attempt);
      await this.replica.catchUp(meetingId);
    }
  }
}
