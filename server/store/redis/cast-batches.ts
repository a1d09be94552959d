import type { BallotKey } from '../../secrecy/ballot-keys';
import { TurnBatches } from '../../turn-batches';
import { castKeysOf } from './keys';
import { sealedRun, type SealedCast } from './sealed-ballots';
import type { ScriptRunner } from './script-runner';
import { CASTS_PER_SCRIPT } from './scripts/cast';
import { SCRIPTS } from './scripts/index';

/** One cast's five arguments to the cast script: seatId, idempotencyKey, receiptId, form, paper. */
export type CastArgs = readonly [string, string, string, string, string];

/** One cast's answer from the script: [status, detail, extra] (scripts/cast.ts). */
export type CastReply = [string, string, string | number];

/** A secret paper to seal when its batch is sent: its choice and the ballot's key. */
export interface PaperToSeal {
  key: BallotKey;
  choiceKey: string;
}

/**
 * Who hears one cast's answer from its script: `replied` with the cast's three elements of the
 * reply (no array made per cast), or `failed` with why there is none (the script's failure, or a
 * paper that could not be sealed). One object per vote instead of a promise and its closures
 * (server/reply.ts); never called from inside the `castInto` call that was given it, and never throws.
 */
export interface CastScriptWaiter {
  replied(status: string, detail: string, extra: string | number): void;
  failed(error: unknown): void;
}

interface QueuedCast {
  meetingId: string;
  ballotId: string;
  /** With form 'sealed' and a paper to seal, the paper ('') is filled in when the batch is sent. */
  args: CastArgs;
  toSeal: PaperToSeal | null;
  waiter: CastScriptWaiter;
}

/**
 * The casts of one ballot this node has in hand, sent as ONE cast script per turn of the loop
 * (or per CASTS_PER_SCRIPT casts) instead of one script each: in a 3,000-vote burst a script
 * per cast was, on the node, a command with its own timeout, abort listener, encoding and
 * reply (a fifth of the node's allocations), and in Redis an EVALSHA each (docs/BENCHMARKS.md).
 * Each cast keeps its own answer; a failure of the script (Redis gone, no replica in time)
 * fails every cast in it with that error, and their tablets retry with the same keys.
 *
 * A secret ballot's batch goes with its papers sealed as ONE run (one AES-GCM seal per turn, not
 * ~9 µs per vote); the script takes the run all or nothing, and when it cannot (a retry or a
 * refusal among the casts) the same casts go again with a sealed paper each, joined into a run
 * afterwards (sealed-ballots.ts joinIntoRun).
 *
 * A meeting's pending casts are sent before its next append (flushMeeting), so a cast this
 * node took before a close reaches Redis before that close, as it did when each went alone;
 * the append also waits for the answer to any run of the meeting in flight, whose casts may
 * have to go again paper by paper.
 */
export class CastBatches {
  /** By `meetingId\nballotId` (ids hold no line break: input-checks.ts). */
  private readonly batches: TurnBatches<QueuedCast>;
  /** Per meeting, the scripts with a run not answered yet. */
  private readonly runsInFlight = new Map<string, Set<Promise<void>>>();

  constructor(
    private readonly scripts: ScriptRunner,
    /** Told of the secret papers a script recorded one by one (sealed-ballots.ts joins them into one run). */
    private readonly sealedRecorded: (meetingId: string, ballotId: string, casts: SealedCast[]) => void = () => {},
  ) {
    this.batches = new TurnBatches(CASTS_PER_SCRIPT, (_key, casts) => this.send(casts));
  }

  /** A cast's answer as a promise (tests); the vote path is castInto. */
  cast(meetingId: string, ballotId: string, args: CastArgs, toSeal: PaperToSeal | null = null): Promise<CastReply> {
    return new Promise((resolve, reject) => {
      this.castInto(meetingId, ballotId, args, toSeal, { replied: (status, detail, extra) => resolve([status, detail, extra]), failed: reject });
    });
  }

  /** Queues a cast for its ballot's next script; `waiter` hears its answer once the script is answered. */
  castInto(meetingId: string, ballotId: string, args: CastArgs, toSeal: PaperToSeal | null, waiter: CastScriptWaiter): void {
    this.batches.add(`${meetingId}\n${ballotId}`, { meetingId, ballotId, args, toSeal, waiter });
  }

  /**
   * Sends the meeting's pending casts now, and resolves once every run of the meeting in flight
   * has been answered (and its casts sent again if it was refused): an append to it follows.
   */
  flushMeeting(meetingId: string): Promise<void> {
    const prefix = `${meetingId}\n`;
    this.batches.flushWhere((key) => key.startsWith(prefix));
    const runs = this.runsInFlight.get(meetingId);
    return runs ? Promise.allSettled(runs).then(() => undefined) : Promise.resolve();
  }

  /** Sends every pending cast now (the turn's end, or the store closing). */
  sendAll(): void {
    this.batches.flushAll();
  }

  /** One script for the casts of one ballot (the batch's key): their papers as one run when it can. */
  private send(casts: QueuedCast[]): void {
    const run = runOf(casts);
    if (run === null) {
      this.sendPapers(casts);
      return;
    }
    const { meetingId, ballotId } = run;
    const args: string[] = [String(casts.length)];
    for (const cast of casts) args.push(cast.args[0], cast.args[1], cast.args[2], 'run', '');
    let sealed: string;
    try {
      sealed = sealedRun(run.key, casts.map((cast) => (cast.toSeal as PaperToSeal).choiceKey));
    } catch {
      // Unreachable (each paper was checked to fit); one paper each still seals or refuses alone.
      this.sendPapers(casts);
      return;
    }
    args.push(sealed);
    const answered = this.scripts.run(SCRIPTS.cast, castKeysOf(meetingId, ballotId), args).then(
      (reply) => {
        if (Array.isArray(reply) && reply.length === 1 && reply[0] === 'unsealed') this.sendPapers(casts);
        else this.answer(casts, reply, false);
      },
      (error: unknown) => rejectAll(casts, error),
    );
    this.track(meetingId, answered);
  }

  /** One script for the casts, each secret paper sealed alone. */
  private sendPapers(queued: QueuedCast[]): void {
    const casts: QueuedCast[] = [];
    for (const cast of queued) {
      if (!cast.toSeal) {
        casts.push(cast);
        continue;
      }
      try {
        const paper = cast.toSeal.key.seal(cast.toSeal.choiceKey);
        casts.push({ ...cast, args: [cast.args[0], cast.args[1], cast.args[2], cast.args[3], paper] });
      } catch (error) {
        // Never inside the castInto that queued it (a full batch is sent from there).
        const { waiter } = cast;
        queueMicrotask(() => waiter.failed(error));
      }
    }
    const first = casts[0];
    if (!first) return;
    const args: string[] = [String(casts.length)];
    for (const cast of casts) args.push(...cast.args);
    this.scripts.run(SCRIPTS.cast, castKeysOf(first.meetingId, first.ballotId), args).then(
      (reply) => this.answer(casts, reply, true),
      (error: unknown) => rejectAll(casts, error),
    );
  }

  /** Each cast's three elements of the script's reply; the single papers it recorded, to be joined. */
  private answer(casts: QueuedCast[], reply: unknown, singlePapers: boolean): void {
    const flat = reply as unknown[];
    if (!Array.isArray(flat) || flat.length !== 3 * casts.length) {
      rejectAll(casts, new Error(`the cast script answered ${Array.isArray(flat) ? flat.length : typeof flat} elements for ${casts.length} casts`));
      return;
    }
    const sealed: SealedCast[] = [];
    casts.forEach((cast, i) => {
      const status = String(flat[3 * i]);
      if (singlePapers && status === 'recorded' && cast.toSeal) sealed.push({ paper: cast.args[4], choiceKey: cast.toSeal.choiceKey });
      cast.waiter.replied(status, String(flat[3 * i + 1]), flat[3 * i + 2] as string | number);
    });
    const first = casts[0];
    if (first && sealed.length > 0) this.sealedRecorded(first.meetingId, first.ballotId, sealed);
  }

  private track(meetingId: string, answered: Promise<void>): void {
    let runs = this.runsInFlight.get(meetingId);
    if (!runs) this.runsInFlight.set(meetingId, (runs = new Set()));
    runs.add(answered);
    const settled = () => {
      runs.delete(answered);
      if (runs.size === 0 && this.runsInFlight.get(meetingId) === runs) this.runsInFlight.delete(meetingId);
    };
    answered.then(settled, settled);
  }
}

/** A script's failure is each of its casts' (their tablets retry with the same keys). */
function rejectAll(casts: readonly QueuedCast[], error: unknown): void {
  for (const cast of casts) cast.waiter.failed(error);
}

/** The ballot's key when every cast of the batch (two or more) has a paper to seal with it. */
function runOf(casts: readonly QueuedCast[]): { meetingId: string; ballotId: string; key: BallotKey } | null {
  const first = casts[0];
  const key = first?.toSeal?.key;
  if (!first || !key || casts.length < 2) return null;
  for (const cast of casts) if (cast.toSeal?.key !== key) return null;
  return { meetingId: first.meetingId, ballotId: first.ballotId, key };
}
