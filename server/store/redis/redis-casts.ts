import { failLater } from '../../reply';
import type { CastWaiter } from '../cast-waiter';
import type { CastRequest, StoredCast } from '../types';
import type { CastBatches, CastScriptWaiter } from './cast-batches';
import { assertStoreId, assertToken } from './input-checks';
import { decodeRegisterEntry } from './register-entry-codec';
import type { PaperForm, SealedBallots } from './sealed-ballots';

/**
 * The Redis store's vote path: a cast checked, given its paper as its ballot's gate takes it
 * (sealed-ballots.ts), queued for its ballot's next cast script (cast-batches.ts), and its part of
 * the script's reply told to the store's waiter (cast-waiter.ts) as the store's outcome.
 *
 * Per vote that is one object waiting (ScriptCastAnswer) and no promise, as on the file store:
 * the promise form was five promises deep (the cluster's notice, the store's cast, the script
 * call, the paper, the batch), each with its reaction and closures held until the script's
 * replica wait was over (docs/BENCHMARKS.md, "The cluster's vote path without a promise per
 * vote"). Only the first cast of a ballot on this node waits for a promise: the gate's read.
 */
export class RedisCasts {
  constructor(
    private readonly sealed: SealedBallots,
    private readonly batches: CastBatches,
  ) {}

  castInto(meetingId: string, request: CastRequest, waiter: CastWaiter): void {
    try {
      assertCastRequest(meetingId, request);
      this.queue(meetingId, request, new ScriptCastAnswer(this, meetingId, request, waiter, false));
    } catch (error) {
      failLater(waiter, error);
    }
  }

  /**
   * Into the ballot's next script. A paper whose gate this node knows goes at once; the first
   * cast of a ballot here reads the gate first (casts that arrive meanwhile share the read).
   */
  queue(meetingId: string, request: CastRequest, answer: ScriptCastAnswer): void {
    const paper = this.sealed.paperFor(meetingId, request.ballotId, request.choiceKey);
    if (!(paper instanceof Promise)) {
      this.queueWithPaper(meetingId, request, paper, answer);
      return;
    }
    paper.then(
      (read) => {
        try {
          this.queueWithPaper(meetingId, request, read, answer);
        } catch (error) {
          answer.failed(error);
        }
      },
      (error: unknown) => answer.failed(error),
    );
  }

  /** This node's view of the gate was stale (the ballot opened as it was read): read it again. */
  forgetGate(meetingId: string, ballotId: string, options: { named?: boolean } = {}): void {
    this.sealed.forget(meetingId, ballotId, options);
  }

  private queueWithPaper(meetingId: string, request: CastRequest, paper: PaperForm, answer: ScriptCastAnswer): void {
    const { ballotId, seatId, idempotencyKey, receiptId } = request;
    if (paper.form === 'named') {
      this.batches.castInto(meetingId, ballotId, [seatId, idempotencyKey, receiptId, 'named', paper.paper], null, answer);
      return;
    }
    // Sealed with the batch it goes in (cast-batches.ts); with no key known, an empty paper.
    const toSeal = paper.key ? { key: paper.key, choiceKey: request.choiceKey } : null;
    this.batches.castInto(meetingId, ballotId, [seatId, idempotencyKey, receiptId, 'sealed', ''], toSeal, answer);
  }
}

function assertCastRequest(meetingId: string, request: CastRequest): void {
  assertStoreId('meetingId', meetingId);
  assertStoreId('ballotId', request.ballotId);
  assertStoreId('seatId', request.seatId);
  assertToken('idempotencyKey', request.idempotencyKey);
  assertToken('receiptId', request.receiptId);
  assertToken('choiceKey', request.choiceKey);
}

/** One cast waiting for its script: its reply as the store's outcome, told to the store's waiter. */
class ScriptCastAnswer implements CastScriptWaiter {
  constructor(
    private readonly casts: RedisCasts,
    private readonly meetingId: string,
    private readonly request: CastRequest,
    private readonly waiter: CastWaiter,
    /** The script refused this cast's paper once already (a stale gate), and it went again. */
    private readonly retried: boolean,
  ) {}

  replied(status: string, detail: string, extra: string | number): void {
    const { meetingId, request } = this;
    if (status === 'refused' && !this.retried) {
      // The gate was read as it opened, or as named when it was not: read it again, send again.
      this.casts.forgetGate(meetingId, request.ballotId, { named: true });
      try {
        this.casts.queue(meetingId, request, new ScriptCastAnswer(this.casts, meetingId, request, this.waiter, true));
      } catch (error) {
        // Never out of here: the script's other casts are being answered in the same loop.
        this.waiter.failed(error);
      }
      return;
    }
    if (status === 'rejected' && detail === 'BALLOT_NOT_OPEN') this.casts.forgetGate(meetingId, request.ballotId);
    let outcome: StoredCast;
    try {
      outcome = castOutcome(request, status, detail, extra);
    } catch (error) {
      this.waiter.failed(error);
      return;
    }
    this.waiter.answered(outcome);
  }

  failed(error: unknown): void {
    this.waiter.failed(error);
  }
}

/** The cast script's answer for one cast (scripts/cast.ts) as the store's outcome; throws for a paper it refused. */
function castOutcome(request: CastRequest, status: string, detail: string, extra: string | number): StoredCast {
  if (status === 'recorded' || status === 'duplicate') {
    const { entry } = decodeRegisterEntry(request.ballotId, request.seatId, detail);
    return { status, entry, voted: Number(extra) };
  }
  if (status === 'replaced') {
    const { entry } = decodeRegisterEntry(request.ballotId, request.seatId, detail);
    return { status: 'recorded', entry, voted: Number(extra), replaced: true };
  }
  if (status === 'rejected' && (detail === 'BALLOT_NOT_OPEN' || detail === 'ALREADY_VOTED' || detail === 'UNKNOWN_MEETING')) {
    return { status: 'rejected', code: detail, message: String(extra) };
  }
  if (status === 'refused') throw new Error(`the cast script refused the paper of ballot ${request.ballotId}: ${detail}`);
  throw new Error(`unexpected reply from the cast script: ${JSON.stringify([status, detail, extra])}`);
}
