import type { MeetingEvent } from '../../../shared/domain/meeting';
import type { Logger } from '../../logger';
import { shuffled } from '../../secrecy/shuffled';
import { paperBytesFor, SealError, type BallotKey, type BallotKeyring } from '../../secrecy/ballot-keys';
import { InvalidStoreInputError } from '../errors';
import type { AofCompaction } from './aof-compaction';
import type { RedisConnection } from './connection';
import { meetingKeys } from './keys';
import type { ScriptRunner } from './script-runner';
import { SCRIPTS } from './scripts/index';

/**
 * How a node sends a cast's paper to the cast script (see scripts/cast.ts): a named ballot's in
 * plain form; a secret ballot's sealed with `key` when its batch is sent (cast-batches.ts: one run
 * for the batch, or a paper each), or, with no key known, as an empty sealed paper.
 */
export type PaperForm = { form: 'named'; paper: string } | { form: 'sealed'; key: BallotKey | null };

/** What a node knows of a ballot's gate for sealing: named (plain papers), or its key. */
type Known = 'named' | BallotKey;

/** Tries of a tally whose papers changed between reading and writing (cannot happen once shut; a bound all the same). */
const TALLY_ATTEMPTS = 3;

/** The order boxes are written in: UTF-16 code units, as every store sorts paper keys. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Secret ballots in Redis (invariant 4, docs/SECURITY.md "Redis store"): the node side of sealed
 * papers. Redis never sees a secret ballot's plain paper; it holds the ballot's key wrapped by
 * BALLOT_KEY (which only the nodes have), the sealed papers in a set, and after close only the
 * counts.
 *
 * - open: the node makes the ballot key and the append script stores its wrapped form in the gate,
 *   atomically with the open;
 * - cast: any node unwraps the key from the gate on first use (then keeps it); the papers of one
 *   cast script go sealed as one run (cast-batches.ts), or, when the script refuses the run, a
 *   sealed paper each, joined into one run after they are recorded (joinIntoRun);
 * - close: any node, after the shut or on the next readVotes, opens the papers and runs the tally
 *   script, which writes the sorted counts and destroys the papers and the wrapped key, once.
 */
export class SealedBallots {
  /** `meetingId\nballotId` → what this node knows of that ballot's gate. */
  private readonly known = new Map<string, Known>();
  /**
   * Gate reads under way, so the casts that reach this node together for a ballot it has not
   * seen yet share one HMGET and one unwrap (a burst of 1,500 sent 1,500 of each).
   */
  private readonly reading = new Map<string, Promise<Known | null>>();
  /** Tallies this node is running, so concurrent readVotes share one. */
  private readonly tallying = new Map<string, Promise<void>>();

  constructor(
    private readonly connection: RedisConnection,
    private readonly scripts: ScriptRunner,
    private readonly keyring: BallotKeyring,
    private readonly compaction: AofCompaction,
    private readonly logger: Logger,
  ) {}

  /**
   * New keys for the secret ballots `events` open: ballotId → the gate's sealing argument
   * (`wrapped\npaperBytes`) for the append script. Call commit() once the append is written.
   */
  newKeys(meetingId: string, events: readonly MeetingEvent[]): { sealing: Map<string, string>; commit: () => void } {
    const sealing = new Map<string, string>();
    const keys: BallotKey[] = [];
    for (const event of events) {
      if (event.type !== 'BallotOpened' || event.spec.secrecy === 'named') continue;
      const { key, stored } = this.keyring.newBallotKey(meetingId, event.spec.ballotId, paperBytesFor(event.spec));
      sealing.set(event.spec.ballotId, `${stored.wrapped}\n${stored.paperBytes}`);
      keys.push(key);
    }
    return { sealing, commit: () => keys.forEach((key) => this.known.set(cacheId(meetingId, key.ballotId), key)) };
  }

  /**
   * The paper as the cast script takes it. A plain choice is sent only for a gate this node has
   * read as named; a secret ballot's goes sealed with its key (checked to fit now, sealed with its
   * batch). Without a gate, or without a key (the ballot is shut and tallied), an empty sealed
   * paper goes: the script answers a retry as a duplicate or refuses the cast, and never stores it.
   */
  paperFor(meetingId: string, ballotId: string, choiceKey: string): PaperForm | Promise<PaperForm> {
    // At once when this node knows the gate, as it does for every cast of a ballot after its first here.
    const known = this.know(meetingId, ballotId);
    return known instanceof Promise ? known.then((read) => paperForm(read, choiceKey)) : paperForm(known, choiceKey);
  }

  /**
   * Forgets a ballot's key on this node (its gate shut: no more papers to seal); with `named`,
   * also what it knew of a named gate (the gate was not what this node thought).
   */
  forget(meetingId: string, ballotId: string, options: { named?: boolean } = {}): void {
    const id = cacheId(meetingId, ballotId);
    if (options.named || this.known.get(id) !== 'named') this.known.delete(id);
    // A read begun before this may answer what is being forgotten: the next cast reads afresh.
    this.reading.delete(id);
  }

  /**
   * After a cast script recorded several papers of an open secret ballot: replace them in Redis
   * by one sealed run of the same choices, shuffled (scripts/join-papers.ts), so the tally
   * opens one run instead of each paper. Best effort and off the ack's path: a failure leaves the
   * single papers, which the tally opens as before.
   */
  joinIntoRun(meetingId: string, ballotId: string, recorded: readonly SealedCast[]): void {
    if (recorded.length < 2) return;
    const key = this.known.get(cacheId(meetingId, ballotId));
    if (!key || key === 'named') return;
    const keys = meetingKeys(meetingId);
    let run: string;
    try {
      run = sealedRun(key, recorded.map((cast) => cast.choiceKey));
    } catch (error) {
      // Unreachable (each paper was sealed alone a moment ago), and never a reason to fail a vote.
      this.logger.error('could not seal a run of recorded papers; the tally opens them one by one', { meetingId, ballotId, error });
      return;
    }
    this.scripts.run(SCRIPTS.joinPapers, [keys.gate(ballotId), keys.papers(ballotId)], [run, ...recorded.map((cast) => cast.paper)]).then(
      (reply) => {
        const [status] = reply as [string];
        if (status === 'malformed') this.logger.error('a run of sealed papers was refused', { meetingId, ballotId, reply });
      },
      (error: unknown) => this.logger.debug('sealed papers not joined into a run; the tally opens them one by one', { meetingId, ballotId, error }),
    );
  }

  /**
   * Turns a shut secret ballot's sealed papers into its counts, if no node has yet. Safe to call
   * from any node, any number of times, at once: the script writes only once.
   */
  tally(meetingId: string, ballotId: string): Promise<void> {
    const id = cacheId(meetingId, ballotId);
    let running = this.tallying.get(id);
    if (!running) {
      running = this.tallyOnce(meetingId, ballotId).finally(() => this.tallying.delete(id));
      this.tallying.set(id, running);
    }
    return running;
  }

  private async tallyOnce(meetingId: string, ballotId: string): Promise<void> {
    const keys = meetingKeys(meetingId);
    for (let attempt = 1; ; attempt++) {
      const [wrapped, paperBytes] = (await this.connection.send(['HMGET', keys.gate(ballotId), 'wkey', 'paper'])) as [
        string | null,
        string | null,
      ];
      if (!wrapped || !paperBytes) {
        this.forget(meetingId, ballotId);
        return; // tallied already (the key goes with the papers)
      }
      const key = this.keyring.unwrap(meetingId, ballotId, { wrapped, paperBytes: Number(paperBytes) });
      const sealed = (await this.connection.send(['SMEMBERS', keys.papers(ballotId)])) as string[];
      const counts = new Map<string, number>();
      const count = (choiceKey: string) => counts.set(choiceKey, (counts.get(choiceKey) ?? 0) + 1);
      for (const member of sealed) {
        const run = parseRun(member);
        if (run) key.openPapers(run.sealed, run.papers).forEach(count);
        else count(key.open(member));
      }
      const sorted = [...counts].sort(([a], [b]) => byCodeUnits(a, b));
      const reply = (await this.scripts.run(
        SCRIPTS.tally,
        [keys.gate(ballotId), keys.papers(ballotId), keys.box(ballotId)],
        [String(sealed.length), ...sorted.flatMap(([choiceKey, count]) => [choiceKey, String(count)])],
      )) as [string, number?];
      const [status] = reply;
      if (status === 'tallied' || status === 'done') {
        this.forget(meetingId, ballotId);
        // The AOF still lists the casts' sealed papers and the wrapped key: a rewrite drops them.
        if (status === 'tallied') this.compaction.request();
        return;
      }
      if (status === 'open') throw new Error(`tally of ballot ${ballotId} in meeting ${meetingId} asked while its gate is open`);
      if (attempt >= TALLY_ATTEMPTS) throw new Error(`papers of ballot ${ballotId} in meeting ${meetingId} kept changing during the tally`);
      this.logger.warn('sealed papers changed during a tally; reading them again', { meetingId, ballotId, reply });
    }
  }

  private know(meetingId: string, ballotId: string): Known | Promise<Known | null> {
    const id = cacheId(meetingId, ballotId);
    const cached = this.known.get(id);
    if (cached) return cached;
    const inFlight = this.reading.get(id);
    if (inFlight) return inFlight;
    const reading: Promise<Known | null> = this.readGate(meetingId, ballotId, id).finally(() => {
      if (this.reading.get(id) === reading) this.reading.delete(id);
    });
    this.reading.set(id, reading);
    return reading;
  }

  private async readGate(meetingId: string, ballotId: string, id: string): Promise<Known | null> {
    const [open, named, wrapped, paperBytes] = (await this.connection.send([
      'HMGET',
      meetingKeys(meetingId).gate(ballotId),
      'open',
      'named',
      'wkey',
      'paper',
    ])) as (string | null)[];
    // A gate's named flag never changes once written, so it may be kept; a key only while open.
    if (named === '1') {
      this.known.set(id, 'named');
      return 'named';
    }
    if (named !== '0' || !wrapped || !paperBytes) return null;
    const key = this.keyring.unwrap(meetingId, ballotId, { wrapped, paperBytes: Number(paperBytes) });
    if (open === '1') this.known.set(id, key);
    return key;
  }
}

/** A paper as the gate `known` takes it (see paperFor). */
function paperForm(known: Known | null, choiceKey: string): PaperForm {
  if (known === 'named') return { form: 'named', paper: choiceKey };
  if (known === null) return { form: 'sealed', key: null };
  try {
    known.assertFits(choiceKey);
    return { form: 'sealed', key: known };
  } catch (error) {
    // The service checked the paper against the spec, so only a bad caller gets here.
    if (error instanceof SealError) throw new InvalidStoreInputError(`invalid choiceKey: ${error.message}`);
    throw error;
  }
}

function cacheId(meetingId: string, ballotId: string): string {
  return `${meetingId}\n${ballotId}`;
}

/** A paper this node sealed and a cast script recorded, with the choice it sealed. */
export interface SealedCast {
  paper: string;
  choiceKey: string;
}

/** Between a run's paper count and its sealed text; base64 has no colon, so a single paper never parses as a run. */
const RUN_SEPARATOR = ':';

/** Papers as one member of a ballot's papers set: `<n>:<sealed run>`, shuffled first, so a position pairs nothing. */
export function sealedRun(key: BallotKey, choiceKeys: readonly string[]): string {
  return `${choiceKeys.length}${RUN_SEPARATOR}${key.sealPapers(shuffled(choiceKeys))}`;
}

function parseRun(member: string): { papers: number; sealed: string } | null {
  const at = member.indexOf(RUN_SEPARATOR);
  if (at <= 0) return null;
  const papers = Number(member.slice(0, at));
  if (!Number.isSafeInteger(papers) || papers < 2) throw new Error('a member of the papers set is neither a sealed paper nor a run');
  return { papers, sealed: member.slice(at + 1) };
}
