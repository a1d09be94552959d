import { checkCast } from '../../shared/domain/decide';
import { acceptsReplacement, registerEntryOf } from '../../shared/domain/evolve';
import { registerVerdict } from '../../shared/domain/register-rule';
import { ballotIn } from '../../shared/domain/vote-lookups';
import type { MeetingState, RegisterEntry } from '../../shared/domain/meeting';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import type { CastReceipt } from '../../shared/protocol/socket';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { answerLater, failLater, promiseOf, replyWhenSettled, type Reply } from '../reply';
import { castThrough, type CastWaiter } from '../store/cast-waiter';
import type { MeetingStore, StoredCast } from '../store/types';
import { drawReceiptIdsAhead, newReceiptId } from './receipt-ids';
import type { CastOrigin } from './notices';
import type { MeetingReplica } from './replica';
import { unavailable } from './store-call';

/** The client's ack to ballot:cast. */
export type CastAnswer = { ok: true; receipt: CastReceipt; duplicate: boolean } | ErrorAck;

export interface CastInput {
  ballotId: string;
  idempotencyKey: string;
  choice: unknown;
}

/**
 * Refusals no later event can lift: a vote on record is never taken back, and a paper that does
 * not fit its ballot (or a ballot counted by hand) stays so. Every other refusal from the copy is
 * checked again after reading the log (another node may have signed the seat in or opened the
 * ballot).
 */
const SETTLED_BY_THE_COPY: ReadonlySet<string> = new Set(['ALREADY_VOTED', 'INVALID_CHOICE', 'MANUAL_BALLOT']);

/**
 * What the replica's copy says about a cast: answer now, or send this paper to the store (with the
 * ballot's own id string from the copy, which checkCast gives: the register entry keeps it).
 */
type Accepted = { choiceKey: string; ballotId: string };
type Judgement = { answer: CastAnswer } | Accepted;

/**
 * The vote path (O(1) per cast): judged on the replica's copy, then one atomic, durable store
 * operation (the store's cast script holds the same rules and has the last word). The copy
 * may lag behind the store in cluster mode, so a refusal from it is re-judged after reading
 * the log once, and a store refusal the copy did not foresee (the seat voted through a node
 * that died before announcing it) makes the replica re-read that ballot's register, so the
 * tablet's view shows the vote that is on record.
 */
export class CastService {
  constructor(
    private readonly replica: MeetingReplica,
    private readonly store: MeetingStore,
    private readonly clock: Clock,
    readonly logger: Logger,
  ) {
    // A receipt id per seat, drawn after the opening's own turn (its views go out first), while
    // the hall reads the ballot: the burst that follows only takes them (receipt-ids.ts).
    replica.advanced.add(({ after, events }) => {
      if (events.some((event) => event.type === 'BallotOpened')) setImmediate(() => drawReceiptIdsAhead(after.spec.delegates.length));
    });
  }

  /** A cast as a promise (the demo, tests); the gateway's vote path is castInto. */
  cast(meetingId: string, seatId: string, input: CastInput, origin?: CastOrigin): Promise<CastAnswer> {
    return promiseOf((reply) => this.castInto(meetingId, seatId, input, origin, reply));
  }

  /**
   * The vote path, answered through `reply` (never from inside this call): a vote the copy can
   * judge, the usual case, goes to the store with one small object to wait on its answer and no
   * promise (server/store/cast-waiter.ts; every vote of a burst passes here, docs/BENCHMARKS.md).
   */
  castInto(meetingId: string, seatId: string, input: CastInput, origin: CastOrigin | undefined, reply: CastReply): void {
    try {
      // Its ballots and seats, which is all an accepted paper is judged on; a refusal is judged
      // again on the whole copy (follow).
      const state = this.replica.copyWithoutPendingVotes(meetingId);
      if (state) return this.follow(meetingId, seatId, input, origin, state, reply, false);
      // The first vote of a meeting this node has not loaded yet.
      this.replica.stateOf(meetingId).then(
        (loaded) =>
          loaded ? this.follow(meetingId, seatId, input, origin, loaded, reply, false) : reply.answered(errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`)),
        (err: unknown) => reply.failed(err),
      );
    } catch (err) {
      failLater(reply, err);
    }
  }

  /**
   * What the copy's judgement leads to: the store, the copy's answer, or, for a refusal a newer
   * event could lift, one look at the log and the judgement again (`caughtUp`: that look was had).
   */
  private follow(meetingId: string, seatId: string, input: CastInput, origin: CastOrigin | undefined, state: MeetingState, reply: CastReply, caughtUp: boolean): void {
    try {
      const judged = this.judge(state, seatId, input);
      if ('choiceKey' in judged) return this.record(meetingId, seatId, input, origin, judged, reply);
      // A refusal may read the register (a retry's receipt, ALREADY_VOTED): judged on the copy
      // with this node's pending votes in it, if the one judged on lacked them.
      const whole = this.replica.cached(meetingId);
      if (whole && whole !== state) return this.follow(meetingId, seatId, input, origin, whole, reply, caughtUp);
      const { answer } = judged;
      if (caughtUp || answer.ok || SETTLED_BY_THE_COPY.has(answer.code)) return answerLater(reply, answer);
      // Another node may have signed this seat in or opened the ballot: look once before refusing.
      this.replica.catchUp(meetingId).then(
        (latest) => (latest && latest !== state ? this.follow(meetingId, seatId, input, origin, latest, reply, true) : reply.answered(answer)),
        (err: unknown) => reply.failed(err),
      );
    } catch (err) {
      failLater(reply, err);
    }
  }

  /** One atomic, durable store operation; its answer taken into the copy before the tablet's. */
  private record(meetingId: string, seatId: string, input: CastInput, origin: CastOrigin | undefined, { choiceKey, ballotId }: Accepted, reply: CastReply): void {
    const request = { ballotId, seatId, idempotencyKey: input.idempotencyKey, receiptId: newReceiptId(), choiceKey };
    castThrough(this.store, meetingId, request, new StoredCastAnswer(this, meetingId, seatId, ballotId, choiceKey, origin, reply));
  }

  /** The store's outcome as the tablet's answer (StoredCastAnswer): into the copy first. */
  answerStored(
    meetingId: string,
    seatId: string,
    ballotId: string,
    choiceKey: string,
    origin: CastOrigin | undefined,
    outcome: StoredCast,
  ): CastAnswer | Promise<CastAnswer> {
    switch (outcome.status) {
      case 'rejected': {
        const answer = errorAck(outcome.code === 'UNKNOWN_MEETING' ? 'MEETING_NOT_FOUND' : outcome.code, outcome.message);
        if (outcome.code === 'UNKNOWN_MEETING') return answer;
        // The store knew better than the copy: take what it knows before answering.
        // (A failed read is logged by the replica and changes nothing about this answer.)
        return this.replica.learnFromRefusal(meetingId).then(
          () => answer,
          () => answer,
        );
      }
      case 'recorded':
        // Into the copy, and told to the fan-out, before this answer reaches the tablet.
        this.replica.recordVote(meetingId, outcome.entry, choiceKey, outcome.replaced === true, {
          meetingId,
          ballotId,
          seatId,
          voted: outcome.voted,
          origin,
        });
        return { ok: true, receipt: receiptOf(outcome.entry), duplicate: false };
      case 'duplicate':
        // The paper's choice is not known here (the retry may differ); the box is re-read at close.
        // A retry of a cast another node recorded (and maybe died before announcing): tell this
        // node's walls, consoles and the seat's other tablets, as a peer's notice would have.
        if (this.replica.recordCast(meetingId, outcome.entry, null, false)) {
          this.replica.voted.emit({ meetingId, ballotId, seatId, voted: outcome.voted, origin });
        }
        return { ok: true, receipt: receiptOf(outcome.entry), duplicate: true };
    }
  }

  private judge(state: MeetingState, seatId: string, input: CastInput): Judgement {
    // A paper the copy accepts goes to the store without a look at the register first: the store
    // holds the same rule (shared/domain/register-rule.ts) over its own register and answers a
    // retry with the first receipt, a second paper with ALREADY_VOTED and a last_counts paper
    // with a replacement, as the copy would. So the first vote of every seat, all but a few of
    // a burst, reads the register once (in the store) instead of twice (docs/BENCHMARKS.md).
    const accepted = checkCast(state, input.ballotId, seatId, input.choice, this.clock.now());
    if (accepted.ok) return accepted;
    // Refused by the copy: one vote per seat decides first. A retry of a vote on record gets the
    // first answer, even after the ballot closed; on a last_counts ballot a new paper may
    // replace the seat's own (the store decides atomically). The copy knows no replaced keys.
    const earlier = registerEntryOf(state, input.ballotId, seatId);
    if (earlier && this.replica.sharesStore && ballotIn(state, input.ballotId)?.status === 'open') {
      // In cluster mode an entry of an open ballot may have been read from a Redis primary
      // before a replica had it, and lost with that primary in a failover: only the store's
      // own answer (after its replica wait) may ack a retry or refuse a second press. The
      // countdown is the store's clock's to judge here too. A shut ballot's register is the
      // store's, re-read at the close (replica.ts takeBoxes).
      const check = checkCast(state, input.ballotId, seatId, input.choice, null);
      if (check.ok) return check;
    }
    const verdict = registerVerdict(earlier, input.idempotencyKey, { keyUsedBefore: false, replaceable: acceptsReplacement(state, input.ballotId) });
    if (verdict === 'retry' && earlier) return { answer: { ok: true, receipt: receiptOf(earlier), duplicate: true } };
    if (verdict === 'voted') return { answer: errorAck('ALREADY_VOTED', 'this seat has already voted on this ballot') };
    return { answer: errorAck(accepted.code, accepted.message) };
  }
}

function receiptOf(p: RegisterEntry): CastReceipt {
  return { receiptId: p.receiptId, ballotId: p.ballotId, seatId: p.seatId, at: p.at };
}

/** Who hears a cast's answer (the gateway's event reply, server/reply.ts). */
export type CastReply = Reply<CastAnswer>;

/**
 * One vote waiting for the store (server/store/cast-waiter.ts): what its answer needs, in one
 * object instead of closures. A store failure is STORE_UNAVAILABLE (store-call.ts), a failure of
 * taking the outcome into the copy is the caller's (the gateway answers INTERNAL).
 */
class StoredCastAnswer implements CastWaiter {
  constructor(
    private readonly service: CastService,
    private readonly meetingId: string,
    private readonly seatId: string,
    private readonly ballotId: string,
    private readonly choiceKey: string,
    private readonly origin: CastOrigin | undefined,
    private readonly reply: CastReply,
  ) {}

  answered(outcome: StoredCast): void {
    let answer: CastAnswer | Promise<CastAnswer>;
    try {
      answer = this.service.answerStored(this.meetingId, this.seatId, this.ballotId, this.choiceKey, this.origin, outcome);
    } catch (err) {
      this.reply.failed(err);
      return;
    }
    if (answer instanceof Promise) replyWhenSettled(answer, this.reply);
    else this.reply.answered(answer);
  }

  failed(error: unknown): void {
    this.reply.failed(unavailable(this.service.logger, 'record the vote', this.meetingId, error));
  }
}
