import { papersInBox, type BallotBox } from '../../../shared/domain/ballots/kinds';
import { gateChanges } from '../../../shared/domain/gate';
import type { MeetingEvent, Participation } from '../../../shared/domain/meeting';
import type { CastRequest, VoteRecords } from '../types';
import { boxProblem, type BoxSnapshot } from './box-snapshots';
import type { JournalRecord } from './journal-records';
import { isSafeId } from './layout';

interface Gate {
  deadline: number | null;
  named: boolean;
  /** pressRule last_counts (named ballots only): a later paper of a seat replaces its earlier one. */
  lastCounts: boolean;
  shut: boolean;
}

export interface RegisterEntry {
  participation: Participation;
  /** Settles when the batch that holds this entry is durable. */
  durable: Promise<void>;
}

const ALREADY_DURABLE: Promise<void> = Promise.resolve();

export type CastCheck =
  /** `replaces`: the seat's earlier paper, on a last_counts ballot. */
  | { kind: 'accept'; named: boolean; replaces: RegisterEntry | null }
  | { kind: 'duplicate'; entry: RegisterEntry }
  | { kind: 'rejected'; code: 'BALLOT_NOT_OPEN' | 'ALREADY_VOTED'; message: string };

/** What one sealed batch makes durable: the state right after its last item. */
export interface DurablePoint {
  version: number;
  participations: number;
  /** Counts of every ballot the batch voted on, copied at the seal. */
  boxes: BoxSnapshot[];
}

function sameCounts(a: BallotBox, b: BallotBox): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

function takeOut(box: BallotBox, choiceKey: string): void {
  const left = (box[choiceKey] ?? 0) - 1;
  if (left > 0) box[choiceKey] = left;
  else delete box[choiceKey];
}

/** The register as read: one entry per seat and ballot, the latest (a last_counts ballot may have replaced papers). */
function latestPerSeat(participations: readonly Participation[]): Participation[] {
  const latest = new Map<string, number>();
  participations.forEach((p, i) => latest.set(`${p.ballotId}\n${p.seatId}`, i));
  return participations.filter((p, i) => latest.get(`${p.ballotId}\n${p.seatId}`) === i).map((p) => ({ ...p }));
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
 * participation count, boxes as last written) are what reads return, so nobody reads a state
 * that a crash could still take back.
 */
export class MeetingIndex {
  private readonly events: MeetingEvent[] = [];
  private readonly gates = new Map<string, Gate>();
  private readonly register = new Map<string, Map<string, RegisterEntry>>();
  /** last_counts ballots: every idempotency key a seat has used (`seat\nkey`), so a late retry of a replaced paper is a duplicate, never a new vote. */
  private readonly usedKeys = new Map<string, Set<string>>();
  private readonly participations: Participation[] = [];
  private readonly boxes = new Map<string, BallotBox>();
  private durableVersion = 0;
  private durableParticipations = 0;
  private readonly durableBoxes = new Map<string, BallotBox>();

  /** Accepted version (durable or in a batch being written). */
  get version(): number {
    return this.events.length;
  }

  get committedVersion(): number {
    return this.durableVersion;
  }

  /** Ballots still open on which a seat may change its vote (pressRule last_counts). */
  openLastCountsBallots(): string[] {
    return [...this.gates].filter(([, gate]) => gate.lastCounts && !gate.shut).map(([ballotId]) => ballotId);
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
      // Ballot ids name box snapshot files.
      if (event.type === 'BallotOpened' && !isSafeId(event.spec.ballotId)) {
        return `ballot id ${JSON.stringify(event.spec.ballotId)} is not a valid id`;
      }
    }
    return null;
  }

  acceptEvents(events: readonly MeetingEvent[]): void {
    this.events.push(...events);
    for (const change of gateChanges(events)) {
      if (change.type === 'open') {
        this.gates.set(change.ballotId, {
          deadline: change.deadline,
          named: change.named,
          lastCounts: change.lastCounts === true,
          shut: false,
        });
        if (!this.register.has(change.ballotId)) this.register.set(change.ballotId, new Map());
        if (!this.boxes.has(change.ballotId)) this.boxes.set(change.ballotId, {});
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
  checkCast(request: CastRequest, now: number): CastCheck {
    const entry = this.register.get(request.ballotId)?.get(request.seatId);
    if (entry && entry.participation.idempotencyKey === request.idempotencyKey) return { kind: 'duplicate', entry };
    // A retry of a paper that a later one replaced: answered with the seat's current paper.
    if (entry && this.usedKeys.get(request.ballotId)?.has(`${request.seatId}\n${request.idempotencyKey}`)) {
      return { kind: 'duplicate', entry };
    }
    const gate = this.gates.get(request.ballotId);
    if (!gate) return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: `ballot ${request.ballotId} is not open` };
    if (gate.shut) return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the ballot is closed' };
    if (gate.deadline !== null && now >= gate.deadline) {
      return { kind: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the countdown has ended' };
    }
    if (entry && !gate.lastCounts) {
      return { kind: 'rejected', code: 'ALREADY_VOTED', message: 'this seat has already voted on this ballot' };
    }
    return { kind: 'accept', named: gate.named, replaces: entry ?? null };
  }

  /** Records an accepted cast (replacing the seat's earlier paper on a last_counts ballot); returns the ballot's turnout after it. */
  recordCast(participation: Participation, choiceKey: string, durable: Promise<void>): number {
    const box = this.boxes.get(participation.ballotId);
    const earlier = this.addToRegister(participation, durable);
    if (box && earlier?.choiceKey) takeOut(box, earlier.choiceKey);
    if (box) box[choiceKey] = (box[choiceKey] ?? 0) + 1;
    return this.register.get(participation.ballotId)?.size ?? 0;
  }

  /** Returns the participation this one replaced, if any. */
  private addToRegister(participation: Participation, durable: Promise<void>): Participation | null {
    const register = this.register.get(participation.ballotId);
    const earlier = register?.get(participation.seatId)?.participation ?? null;
    register?.set(participation.seatId, { participation, durable });
    this.participations.push(participation);
    if (this.gates.get(participation.ballotId)?.lastCounts) {
      let keys = this.usedKeys.get(participation.ballotId);
      if (!keys) this.usedKeys.set(participation.ballotId, (keys = new Set()));
      keys.add(`${participation.seatId}\n${participation.idempotencyKey}`);
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
      } else if (record.k === 'p') {
        const problem = this.participationProblem(record.p);
        if (problem) return problem;
        this.addToRegister(record.p, ALREADY_DURABLE);
      } else {
        return 'a commit marker inside a batch';
      }
    }
    return null;
  }

  private participationProblem(p: Participation): string | null {
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
      if (this.gates.get(ballotId)?.named) {
        const recorded: BallotBox = {};
        for (const { participation } of voters.values()) {
          const key = participation.choiceKey ?? '';
          recorded[key] = (recorded[key] ?? 0) + 1;
        }
        if (!sameCounts(recorded, box)) return `named ballot ${ballotId}: the box differs from the recorded choices`;
      }
    }
    for (const ballotId of this.gates.keys()) this.boxes.set(ballotId, { ...(boxes.get(ballotId) ?? {}) });
    return null;
  }

  /** After recovery: everything replayed is on disk. */
  markAllDurable(): void {
    this.durableVersion = this.version;
    this.durableParticipations = this.participations.length;
    for (const [ballotId, box] of this.boxes) this.durableBoxes.set(ballotId, { ...box });
  }

  // ---- group commit ----

  /** The state a batch sealed now makes durable; `voted` = ballots its casts touched. */
  sealPoint(voted: ReadonlySet<string>): DurablePoint {
    return {
      version: this.version,
      participations: this.participations.length,
      boxes: [...voted].map((ballotId) => ({ ballotId, counts: { ...(this.boxes.get(ballotId) ?? {}) } })),
    };
  }

  commit(point: DurablePoint): void {
    for (const change of gateChanges(this.events.slice(this.durableVersion, point.version))) {
      if (change.type === 'open' && !this.durableBoxes.has(change.ballotId)) this.durableBoxes.set(change.ballotId, {});
    }
    this.durableVersion = point.version;
    this.durableParticipations = point.participations;
    for (const { ballotId, counts } of point.boxes) this.durableBoxes.set(ballotId, counts);
  }

  // ---- durable reads (copies: callers cannot reach into the index) ----

  durableEvents(afterVersion: number): MeetingEvent[] {
    return structuredClone(this.events.slice(afterVersion, this.durableVersion));
  }

  durableVotes(): VoteRecords {
    const boxes: Record<string, BallotBox> = {};
    for (const [ballotId, box] of this.durableBoxes) boxes[ballotId] = { ...box };
    return { participations: latestPerSeat(this.participations.slice(0, this.durableParticipations)), boxes };
  }

  durableTurnout(ballotId: string): number {
    return papersInBox(this.durableBoxes.get(ballotId) ?? {});
  }
}
