import { papersInBox, type BallotBox, type BallotSpec } from '../../../shared/domain/ballots/kinds';
import { RECORD_COUNTS, withoutPaper, withPaper } from '../../../shared/domain/ballots/box-papers';
import { registerVerdict } from '../../../shared/domain/register-rule';
import { compareCodeUnits, sortedRecord } from '../../../shared/domain/ballots/paper-key';
import { gateChanges } from '../../../shared/domain/gate';
import type { MeetingEvent, RegisterEntry } from '../../../shared/domain/meeting';
import { paperBytesFor } from '../../secrecy/ballot-keys';
import type { CastRequest, VoteRecords } from '../types';
import { boxProblem } from './box-snapshots';
import { EventTexts } from './event-texts';
import { registerEntriesOf, type JournalRecord } from './journal-records';
import { isSafeId } from './layout';

interface Gate {
  deadline: number | null;
  named: boolean;
  /** pressRule last_counts (named ballots only): a later paper of a seat replaces its earlier one. */
  lastCounts: boolean;
  shut: boolean;
  /** Secret ballots: the plain-text size every sealed paper is padded to; null for named ones. */
  paperBytes: number | null;
}

/** A box as `[choiceKey, count]` pairs in code-unit order of the key: no insertion order survives. */
export type SortedCounts = Array<[string, number]>;

export function sortedCounts(box: BallotBox): SortedCounts {
  return Object.entries(box)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => compareCodeUnits(a, b));
}

export function boxOfCounts(counts: SortedCounts): BallotBox {
  return sortedRecord(counts);
}

export type StoreCastCheck =
  /** `replaces`: the seat's earlier paper, on a last_counts ballot. `paperBytes`: see Gate. */
  | { kind: 'accept'; named: boolean; replaces: RegisterEntry | null; paperBytes: number | null }
  /** The seat's entry, durable or still in its batch: the journal answers once all it has queued is durable. */
  | { kind: 'duplicate'; entry: RegisterEntry }
  | { kind: 'rejected'; code: 'BALLOT_NOT_OPEN' | 'ALREADY_VOTED'; message: string };

/** What one sealed batch makes durable: the state right after its last item. */
export interface DurablePoint {
  version: number;
  /** The batch's register entries, in the order it writes them. */
  entries: RegisterEntry[];
  /** The box of every ballot whose gate the batch shuts, as it writes them. */
  shut: Array<{ ballotId: string; counts: SortedCounts }>;
}

/** Sealed papers as a journal holds them: a run of `papers` (`xs`), or one (`x`, older journals). */
export interface SealedPapers {
  sealed: string;
  papers: number | 'one';
}

/** What a replay found besides events and register: see journal-records.ts (`xs`, `x`, `t`). */
export interface ReplayedBoxes {
  /** Open secret ballots: their sealed papers, to be opened with the ballot's key. */
  sealed: Map<string, SealedPapers[]>;
  /** Shut ballots: the counts written in the batch that shut them. */
  counts: Map<string, BallotBox>;
}

function sameCounts(a: BallotBox, b: BallotBox): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

/** The register as read: one entry per seat and ballot, the latest (a last_counts ballot may have replaced papers). */
function latestPerSeat(entries: readonly RegisterEntry[]): RegisterEntry[] {
  const latest = new Map<string, number>();
  entries.forEach((p, i) => latest.set(`${p.ballotId}\n${p.seatId}`, i));
  return entries.filter((p, i) => latest.get(`${p.ballotId}\n${p.seatId}`) === i).map((p) => ({ ...p }));
}

function sizable(spec: BallotSpec): boolean {
  try {
    return Number.isSafeInteger(paperBytesFor(spec));
  } catch {
    return false;
  }
}

/** Why a cast request cannot be recorded at all (a caller's bug, not a voter's mistake), or null. */
export function castRequestProblem(request: CastRequest): string | null {
  for (const field of ['ballotId', 'seatId', 'idempotencyKey', 'receiptId', 'choiceKey'] as const) {
    const value: unknown = request[field];
    if (typeof value !== 'string' || value.length === 0) return `cast request ${field} must be a non-empty string`;
  }
  return null;
}

/**
 * One meeting in memory: its events, ballot gates, register and boxes.
 *
 * Two layers share the same arrays. The live layer holds everything accepted, durable or not:
 * it is what the atomic checks of `append` and `cast` see, so a second vote by the same seat is
 * refused even while the first is still in its batch. The durable watermarks (version,
 * register entries, boxes as last written) are what reads return, so nobody reads a state
 * that a crash could still take back.
 */
export class MeetingIndex {
  /**
   * The log, one JSON text per event: what the journal holds and every read gives back. A text is
   * about half the memory of the object it stands for (3 events per tablet at sign-in, ~1 KB
   * per tablet as objects), and all but the newest are kept deflated (event-texts.ts): reads are
   * rare (a node's load, an export) and mostly of the newest.
   */
  private readonly events = new EventTexts();
  private readonly gates = new Map<string, Gate>();
  private readonly register = new Map<string, Map<string, RegisterEntry>>();
  /** last_counts ballots: every idempotency key a seat has used (`seat\nkey`), so a late retry of a replaced paper is a duplicate, never a new vote. */
  private readonly usedKeys = new Map<string, Set<string>>();
  /** Entries a replay added, in the journal's order, until markAllDurable makes them the durable register. */
  private replayedEntries: RegisterEntry[] = [];
  private readonly boxes = new Map<string, BallotBox>();
  private durableVersion = 0;
  /** The register as written: batch by batch, in each batch's order on disk. */
  private readonly durableRegister: RegisterEntry[] = [];
  /** The same entries by ballot, in the same order: a close reads its ballot's, not the meeting's. */
  private readonly durableRegisterByBallot = new Map<string, RegisterEntry[]>();
  /**
   * last_counts ballots only: seats with a durable vote (the turnout a duplicate reports). Every
   * other ballot has one entry per seat (checkCast, registerEntryProblem), so its turnout is its
   * entries' count: no set of seat ids per ballot grown vote by vote.
   */
  private readonly durableVotersOfLastCounts = new Map<string, Set<string>>();
  /** Boxes of ballots whose gate is durably shut: the only boxes that ever leave the store. */
  private readonly durableBoxes = new Map<string, BallotBox>();
  private readonly replayed: ReplayedBoxes = { sealed: new Map(), counts: new Map() };

  /** Accepted version (durable or in a batch being written). */
  get version(): number {
    return this.events.length;
  }

  get committedVersion(): number {
    return this.durableVersion;
  }

  /** Ballots whose gate is still open. */
  openBallots(): string[] {
    return [...this.gates].filter(([, gate]) => !gate.shut).map(([ballotId]) => ballotId);
  }

  /** Open secret ballots and the size of their sealed papers. */
  openSecretBallots(): Array<{ ballotId: string; paperBytes: number }> {
    const open: Array<{ ballotId: string; paperBytes: number }> = [];
    for (const [ballotId, gate] of this.gates) if (!gate.shut && gate.paperBytes !== null) open.push({ ballotId, paperBytes: gate.paperBytes });
    return open;
  }

  /** The gate as the live layer sees it, or undefined for a ballot never opened. */
  gateOf(ballotId: string): Readonly<Gate> | undefined {
    return this.gates.get(ballotId);
  }

  /** The live box of a ballot in sorted order (what a shutting batch writes). */
  liveCounts(ballotId: string): SortedCounts {
    return sortedCounts(this.boxes.get(ballotId) ?? {});
  }

  // ---- the live layer: checks and changes, all synchronous so each one is atomic ----

  /** Why `events` may not follow the current log, or null. */
  eventsProblem(events: readonly MeetingEvent[]): string | null {
    let version = this.version;
    for (const event of events) {
      version++;
      // Replay recognises an event by its type; one without would read back as damage.
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return `event ${version} has no type`;
      if (version === 1 && event.type !== 'MeetingCreated') return 'a meeting log must start with MeetingCreated';
      if (version > 1 && event.type === 'MeetingCreated') return 'MeetingCreated may only start a log';
      // Ballot ids name key files.
      if (event.type === 'BallotOpened' && !isSafeId(event.spec.ballotId)) {
        return `ballot id ${JSON.stringify(event.spec.ballotId)} is not a valid id`;
      }
      // A secret ballot's papers are sealed to one size computed from its spec; a spec that
      // cannot be sized could never take a vote, and must not be half-applied.
      if (event.type === 'BallotOpened' && event.spec?.secrecy !== 'named' && !sizable(event.spec)) {
        return `ballot ${JSON.stringify(event.spec?.ballotId)} has a spec its papers cannot be sized from`;
      }
    }
    return null;
  }

  acceptEvents(events: readonly MeetingEvent[]): void {
    for (const event of events) this.events.push(JSON.stringify(event));
    const specs = new Map<string, BallotSpec>();
    for (const event of events) if (event.type === 'BallotOpened') specs.set(event.spec.ballotId, event.spec);
    for (const change of gateChanges(events)) {
      if (change.type === 'open') {
        const spec = specs.get(change.ballotId);
        this.gates.set(change.ballotId, {
          deadline: change.deadline,
          named: change.named,
          lastCounts: change.lastCounts === true,
          shut: false,
          paperBytes: change.named || !spec ? null : paperBytesFor(spec),
        });
        if (!this.register.has(change.ballotId)) this.register.set(change.ballotId, new Map());
        if (!this.boxes.has(change.ballotId)) this.boxes.set(change.ballotId, {});
      } else if (change.type === 'deadline') {
        // Countdown extended, paused or resumed (countdown.ts): casts are judged by the new deadline.
        const gate = this.gates.get(change.ballotId);
        if (gate && !gate.shut) gate.deadline = change.deadline;
      } else {
        const gate = this.gates.get(change.ballotId);
        if (gate) gate.shut = true;
      }
    }
  }

  /**
   * The cast rules, in this order: a retry with the first idempotency key gets the first
   * receipt whatever has happened since (even if the ballot has closed, the vote was counted);
   * then the gate and the deadline; then one vote per seat.
   */
  checkCast(request: CastRequest, now: number): StoreCastCheck {
    const entry = this.register.get(request.ballotId)?.get(request.seatId);
    const gate = this.gates.get(request.ballotId);
    // One vote per seat: the one rule (shared/domain/register-rule.ts). A retry of a paper that
    // a later one replaced is answered with the seat's current paper.
    const verdict = registerVerdict(entry, request.idempotencyKey, {
      keyUsedBefore: this.usedKeys.get(request.ballotId)?.has(`${request.seatId}\n${request.idempotencyKey}`) ?? false,
      replaceable: gate?.lastCounts === true,
    });
    if (verdict === 'retry' && entry) return { kind: 'duplicate', entry };
    if (!gate) return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: `ballot ${request.ballotId} is not open` };
    if (gate.shut) return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the ballot is closed' };
    if (gate.deadline !== null && now >= gate.deadline) {
      return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the countdown has ended' };
    }
    if (verdict === 'voted') {
      return { kind: 'rejected', code: 'ALREADY_VOTED', message: 'this seat has already voted on this ballot' };
    }
    return { kind: 'accept', named: gate.named, replaces: entry ?? null, paperBytes: gate.paperBytes };
  }

  /** Records an accepted cast (replacing the seat's earlier paper on a last_counts ballot); returns the ballot's turnout after it. */
  recordCast(entry: RegisterEntry, choiceKey: string): number {
    const box = this.boxes.get(entry.ballotId);
    const earlier = this.addToRegister(entry);
    // The one box rule (shared/domain/ballots/box-papers.ts), as the fold and the Lua script.
    if (box && earlier?.choiceKey) withoutPaper(RECORD_COUNTS, box, earlier.choiceKey);
    if (box) withPaper(RECORD_COUNTS, box, choiceKey);
    return this.register.get(entry.ballotId)?.size ?? 0;
  }

  /**
   * Returns the entry this one replaced, if any. Every entry, cast or replayed, is frozen
   * here: the journal hands the entry itself to the caller (a cast's or a duplicate's answer),
   * who may keep it (the replica's copy does) instead of a copy per vote (docs/BENCHMARKS.md).
   */
  private addToRegister(entry: RegisterEntry): RegisterEntry | null {
    Object.freeze(entry);
    const register = this.register.get(entry.ballotId);
    const earlier = register?.get(entry.seatId) ?? null;
    register?.set(entry.seatId, entry);
    if (this.gates.get(entry.ballotId)?.lastCounts) {
      let keys = this.usedKeys.get(entry.ballotId);
      if (!keys) this.usedKeys.set(entry.ballotId, (keys = new Set()));
      keys.add(`${entry.seatId}\n${entry.idempotencyKey}`);
    }
    return earlier;
  }

  // ---- replay: rebuilding from the journal (recovery) or from an archive (import) ----

  /** Applies one committed batch; returns why it cannot be applied, or null. */
  replayBatch(records: readonly JournalRecord[]): string | null {
    for (const record of records) {
      if (record.k === 'e') {
        if (record.v !== this.version + 1) return `event version ${record.v} where ${this.version + 1} was expected`;
        const problem = this.eventsProblem([record.e]);
        if (problem) return problem;
        this.acceptEvents([record.e]);
      } else if (record.k === 'pr' || record.k === 'ps' || record.k === 'p') {
        for (const entry of registerEntriesOf(record)) {
          const problem = this.registerEntryProblem(entry);
          if (problem) return problem;
          this.addToRegister(entry);
          this.replayedEntries.push(entry);
        }
      } else if (record.k === 'xs' || record.k === 'x') {
        const gate = this.gates.get(record.b);
        if (!gate || gate.paperBytes === null) return `a sealed paper for ballot ${record.b}, which is not an opened secret ballot`;
        const sealed = this.replayed.sealed.get(record.b) ?? [];
        sealed.push({ sealed: record.x, papers: record.k === 'xs' ? record.n : 'one' });
        this.replayed.sealed.set(record.b, sealed);
      } else if (record.k === 't') {
        if (!this.gates.get(record.b)?.shut) return `counts for ballot ${record.b}, whose gate is not shut`;
        const counts: BallotBox = {};
        for (const [key, count] of record.t) counts[key] = count;
        this.replayed.counts.set(record.b, counts);
        // Papers sealed before the close are unreadable from now on (their key is destroyed).
        this.replayed.sealed.delete(record.b);
      } else {
        return 'a commit marker inside a batch';
      }
    }
    return null;
  }

  /** Sealed papers of open ballots and counts of shut ones, as the replay found them. */
  replayedBoxes(): ReplayedBoxes {
    return this.replayed;
  }

  private registerEntryProblem(p: RegisterEntry): string | null {
    const gate = this.gates.get(p.ballotId);
    if (!gate) return `a vote on ballot ${p.ballotId}, which was never opened`;
    if (this.register.get(p.ballotId)?.has(p.seatId) && !gate.lastCounts) return `seat ${p.seatId} voted twice on ballot ${p.ballotId}`;
    // Invariant 4: the register of a secret ballot never holds a choice.
    if (!gate.named && p.choiceKey !== null) return `the register of anonymous ballot ${p.ballotId} holds a choice`;
    if (gate.named && p.choiceKey === null) return `the register of named ballot ${p.ballotId} lacks a choice`;
    return null;
  }

  /**
   * Installs the boxes after a replay, checking them against the register: every ballot's box
   * holds exactly as many papers as the register has voters (and, for a named ballot, exactly
   * the recorded choices). A mismatch is reported, never repaired.
   */
  restoreBoxes(boxes: ReadonlyMap<string, BallotBox>): string | null {
    for (const [ballotId, box] of boxes) {
      if (!this.gates.has(ballotId)) return `a box for ballot ${ballotId}, which was never opened`;
      const problem = boxProblem(box);
      if (problem) return `ballot ${ballotId}: ${problem}`;
    }
    for (const [ballotId, voters] of this.register) {
      const box = boxes.get(ballotId) ?? {};
      if (papersInBox(box) !== voters.size) {
        return `ballot ${ballotId}: the register has ${voters.size} voters but the box has ${papersInBox(box)} papers`;
      }
      if (this.gates.get(ballotId)?.named && !sameCounts(this.registeredChoices(ballotId), box)) {
        return `named ballot ${ballotId}: the box differs from the recorded choices`;
      }
    }
    for (const ballotId of this.gates.keys()) this.boxes.set(ballotId, { ...(boxes.get(ballotId) ?? {}) });
    return null;
  }

  /** A named ballot's box as its register tells it (each seat's current choice). */
  registeredChoices(ballotId: string): BallotBox {
    const recorded: BallotBox = {};
    for (const entry of this.register.get(ballotId)?.values() ?? []) {
      const key = entry.choiceKey ?? '';
      recorded[key] = (recorded[key] ?? 0) + 1;
    }
    return recorded;
  }

  /** How many seats have voted on a ballot (live layer). */
  turnout(ballotId: string): number {
    return this.register.get(ballotId)?.size ?? 0;
  }

  /** After recovery: everything replayed is on disk. */
  markAllDurable(): void {
    this.durableVersion = this.version;
    for (const entry of this.replayedEntries) this.addDurable(entry);
    this.replayedEntries = [];
    for (const [ballotId, gate] of this.gates) {
      if (gate.shut) this.durableBoxes.set(ballotId, boxOfCounts(sortedCounts(this.boxes.get(ballotId) ?? {})));
    }
  }

  // ---- group commit ----

  /**
   * The state a batch sealed now makes durable: `entries` in the order the batch writes
   * them, and the boxes of the ballots its events shut (from the live layer, which is final for
   * them: the gate refused every cast after the close).
   */
  sealPoint(entries: RegisterEntry[], shutBallots: readonly string[]): DurablePoint {
    return {
      version: this.version,
      entries,
      shut: shutBallots.map((ballotId) => ({ ballotId, counts: this.liveCounts(ballotId) })),
    };
  }

  commit(point: DurablePoint): void {
    this.durableVersion = point.version;
    for (const entry of point.entries) this.addDurable(entry);
    for (const { ballotId, counts } of point.shut) this.durableBoxes.set(ballotId, boxOfCounts(counts));
  }

  private addDurable(entry: RegisterEntry): void {
    this.durableRegister.push(entry);
    const ofBallot = this.durableRegisterByBallot.get(entry.ballotId);
    if (ofBallot) ofBallot.push(entry);
    else this.durableRegisterByBallot.set(entry.ballotId, [entry]);
    if (!this.gates.get(entry.ballotId)?.lastCounts) return;
    let voters = this.durableVotersOfLastCounts.get(entry.ballotId);
    if (!voters) this.durableVotersOfLastCounts.set(entry.ballotId, (voters = new Set()));
    voters.add(entry.seatId);
  }

  // ---- durable reads (copies: callers cannot reach into the index) ----

  durableEvents(afterVersion: number): MeetingEvent[] {
    return this.events.slice(afterVersion, this.durableVersion).map((text) => JSON.parse(text) as MeetingEvent);
  }

  /**
   * The durable register, and the boxes of shut ballots only: an open box never leaves the
   * store (invariant 4), for a secret ballot because counts read between two casts would tell
   * what the later voter chose.
   */
  /** Every ballot's durable register and shut boxes, or only those of `ballotIds`. */
  durableVotes(ballotIds?: readonly string[]): VoteRecords {
    const only = ballotIds ? new Set(ballotIds) : null;
    const boxes: Record<string, BallotBox> = {};
    for (const [ballotId, box] of this.durableBoxes) if (!only || only.has(ballotId)) boxes[ballotId] = { ...box };
    return { register: latestPerSeat(this.durableRegisterOf(only)), boxes };
  }

  /** The durable register entries of `only` (all if null) in the order written: O(their entries) for one ballot. */
  private durableRegisterOf(only: ReadonlySet<string> | null): readonly RegisterEntry[] {
    if (!only) return this.durableRegister;
    if (only.size === 1) return this.durableRegisterByBallot.get(only.values().next().value as string) ?? [];
    return this.durableRegister.filter((p) => only.has(p.ballotId));
  }

  durableTurnout(ballotId: string): number {
    return this.durableVotersOfLastCounts.get(ballotId)?.size ?? this.durableRegisterByBallot.get(ballotId)?.length ?? 0;
  }
}
