import { TurnBatches } from '../../turn-batches';
import { castKeysOf } from './keys';
import type { SealedCast } from './sealed-ballots';
import type { ScriptRunner } from './script-runner';
import { CASTS_PER_SCRIPT } from './scripts/cast';
import { SCRIPTS } from './scripts/index';

/** One cast's five arguments to the cast script: seatId, idempotencyKey, receiptId, form, paper. */
export type CastArgs = readonly [string, string, string, string, string];

/** One cast's answer from the script: [status, detail, extra] (scripts/cast.ts). */
export type CastReply = [string, string, string | number];

interface QueuedCast {
  meetingId: string;
  ballotId: string;
  args: CastArgs;
  /** A secret paper's choice, sealed in args: kept for the run that replaces the batch's papers. */
  sealedChoice: string | null;
  resolve: (reply: CastReply) => void;
  reject: (error: unknown) => void;
}

/**
 * The casts of one ballot this node has in hand, sent as ONE cast script per turn of the loop
 * (or per CASTS_PER_SCRIPT casts) instead of one script each: in a 3,000-vote burst a script
 * per cast was, on the node, a command with its own timeout, abort listener, encoding and
 * reply (a fifth of the node's allocations), and in Redis an EVALSHA each (docs/BENCHMARKS.md).
 * Each cast keeps its own answer; a failure of the script (Redis gone, no replica in time)
 * fails every cast in it with that error, and their tablets retry with the same keys.
 *
 * A meeting's pending casts are sent before its next append (flushMeeting), so a cast this
 * node took before a close reaches Redis before that close, as it did when each went alone.
 */
export class CastBatches {
  /** By `meetingId\nballotId` (ids hold no line break: input-checks.ts). */
  private readonly batches: TurnBatches<QueuedCast>;

  constructor(
    private readonly scripts: ScriptRunner,
    /** Told of the secret papers each script recorded (sealed-ballots.ts joins them into one run). */
    private readonly sealedRecorded: (meetingId: string, ballotId: string, casts: SealedCast[]) => void = () => {},
  ) {
    this.batches = new TurnBatches(CASTS_PER_SCRIPT, (_key, casts) => this.send(casts));
  }

  cast(meetingId: string, ballotId: string, args: CastArgs, sealedChoice: string | null = null): Promise<CastReply> {
    return new Promise((resolve, reject) => {
      this.batches.add(`${meetingId}\n${ballotId}`, { meetingId, ballotId, args, sealedChoice, resolve, reject });
    });
  }

  /** Sends the meeting's pending casts now: an append to it follows. */
  flushMeeting(meetingId: string): void {
    const prefix = `${meetingId}\n`;
    this.batches.flushWhere((key) => key.startsWith(prefix));
  }

  /** Sends every pending cast now (the turn's end, or the store closing). */
  sendAll(): void {
    this.batches.flushAll();
  }

  /** One script for the casts of one ballot (the batch's key). */
  private send(casts: QueuedCast[]): void {
    const first = casts[0];
    if (!first) return;
    const { meetingId, ballotId } = first;
    const args: string[] = [String(casts.length)];
    for (const cast of casts) args.push(...cast.args);
    this.scripts.run(SCRIPTS.cast, castKeysOf(meetingId, ballotId), args).then(
      (reply) => {
        const flat = reply as unknown[];
        if (!Array.isArray(flat) || flat.length !== 3 * casts.length) {
          const error = new Error(`the cast script answered ${Array.isArray(flat) ? flat.length : typeof flat} elements for ${casts.length} casts`);
          for (const cast of casts) cast.reject(error);
          return;
        }
        const sealed: SealedCast[] = [];
        casts.forEach((cast, i) => {
          const reply = flat.slice(3 * i, 3 * i + 3) as CastReply;
          if (reply[0] === 'recorded' && cast.sealedChoice !== null) sealed.push({ paper: cast.args[4], choiceKey: cast.sealedChoice });
          cast.resolve(reply);
        });
        if (sealed.length > 0) this.sealedRecorded(meetingId, ballotId, sealed);
      },
      (error: unknown) => {
        for (const cast of casts) cast.reject(error);
      },
    );
  }
}
