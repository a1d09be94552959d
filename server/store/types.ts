import type { BallotBox } from '../../shared/domain/ballots/kinds';
import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import type { CastWaiter } from './cast-waiter';
import type { HeldRegister } from './register-digest';

/**
 * The one store interface. Two implementations pass one contract suite
 * (tests/store/contract.ts): the file journal (embedded mode) and Redis (cluster mode).
 * Nothing above this interface may assume a local file.
 *
 * Versions: a meeting's version is the number of command events in its log. The first event
 * (MeetingCreated) makes version 1. Votes live beside the command log and do not bump it, so
 * concurrent voters never conflict with each other or with the presidium.
 */

export type AppendResult = { ok: true; version: number } | { ok: false; reason: 'conflict'; version: number };

/** What the service asks the store to record for one cast. */
export interface CastRequest {
  ballotId: string;
  seatId: string;
  idempotencyKey: string;
  /** Made by the service; returned to the delegate as proof the vote is on record. */
  receiptId: string;
  /** Canonical box key of the ballot paper (see checkChoice). */
  choiceKey: string;
}

/** What the store says about one cast (the service turns it into the client's ack, CastAnswer). */
export type StoredCast =
  /**
   * Newly recorded and durable. `voted` is the ballot's turnout after it. `replaced`: on a
   * last_counts ballot this paper took the place of the seat's earlier one (turnout unchanged).
   */
  | { status: 'recorded'; entry: RegisterEntry; voted: number; replaced?: true }
  /**
   * The same idempotency key was recorded before: the first receipt, nothing counted again. On a
   * last_counts ballot a key whose paper was since replaced answers with the seat's current entry.
   */
  | { status: 'duplicate'; entry: RegisterEntry; voted: number }
  | { status: 'rejected'; code: 'BALLOT_NOT_OPEN' | 'ALREADY_VOTED' | 'UNKNOWN_MEETING'; message: string };

export interface VoteRecords {
  /** The register of who voted, in the order recorded. */
  register: RegisterEntry[];
  /**
   * The box of every ballot whose gate is shut (closed or voided), and of no other: an open box
   * never leaves the store (invariant 4; counts read between two casts would tell what the
   * later voter chose). Counts only, keys in code-unit order, nothing linked to a voter.
   */
  boxes: Record<string, BallotBox>;
  /**
   * Ballots whose register the reader said it holds (readVotes' `held`) and the store found the
   * same, by size and digest: their entries are left out of `register`, and the reader
   * keeps its own. Absent when the read had no `held`, or the store sends registers whole.
   */
  unchanged?: string[];
}

/**
 * A meeting's votes as an archive file holds them: the register under `participations`, the
 * field name archives have been written with since the first release (docs/PROTOCOL.md), kept so
 * that every archive ever exported still imports. Inside the server the same list is `register`.
 */
export interface ArchivedVotes {
  participations: RegisterEntry[];
  boxes: Record<string, BallotBox>;
}

/** A whole meeting, for archive export and embedded → cluster import. */
export interface MeetingArchive {
  meetingId: string;
  events: MeetingEvent[];
  votes: ArchivedVotes;
}

export interface MeetingStore {
  /** Ids of all meetings in the store. */
  listMeetings(): Promise<string[]>;

  /** Meetings the store keeps out of service (damaged on disk), if it has such a notion; shown in GET /api/health. */
  damaged?(): { meetingId: string; reason: string }[];

  /**
   * Appends `events` only if the log's version is `expectedVersion` (0 for a new meeting).
   * Durable before it resolves. The store applies gateChanges(events) atomically with the append.
   */
  append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult>;

  /** Events after `afterVersion` (0 = from the start), in order. */
  readEvents(meetingId: string, afterVersion: number): Promise<MeetingEvent[]>;

  /**
   * The vote path, one atomic operation: the ballot's gate is open and its deadline (server
   * time) not passed; the seat has not voted, or voted with this same idempotency key (or, on a
   * last_counts ballot, voted before: the new paper replaces the old one in the box); then the
   * register entry goes into the register and the paper into the box (the choice kept with the
   * voter only for a named ballot). Durable before it resolves.
   *
   * Secret ballots (docs/SECURITY.md): while the gate is open a store writes the paper only
   * sealed (server/secrecy/ballot-keys.ts), padded to the ballot's one size
   * (`paperBytesFor(spec)`), and no counts; a paper larger than that size is refused (thrown or
   * rejected), never written unsealed. The counts are written once, when the gate shuts.
   */
  cast(meetingId: string, request: CastRequest): Promise<StoredCast>;

  /**
   * The same operation as `cast`, its outcome told to `waiter` instead of a promise
   * (cast-waiter.ts): the vote path's form, with nothing allocated per vote to wait on. Optional:
   * the cast service asks `cast` of a store without it (castThrough).
   */
  castInto?(meetingId: string, request: CastRequest, waiter: CastWaiter): void;

  /**
   * The register and the boxes of shut ballots of a meeting (see VoteRecords). With `ballotIds`,
   * of those ballots only (an id the store does not know adds nothing): what a node reads when
   * it folds a close, O(that ballot's voters) instead of every ballot's register.
   * With `held` (ballot id → the size and digest of the register the reader holds,
   * register-digest.ts), the store may leave out a register that is the same and list it in
   * `unchanged` instead; a store may also ignore `held` and send every register.
   */
  readVotes(meetingId: string, ballotIds?: readonly string[], held?: ReadonlyMap<string, HeldRegister>): Promise<VoteRecords>;

  /**
   * Cheap reads for a node that shares the store with others (cluster mode), so it can tell
   * whether its copy lags behind what the store acknowledged without reading every register:
   * each ballot's turnout (the size of its register) now, in the order asked, 0 for a ballot
   * the store does not know. Optional: register-reads.ts falls back to readVotes.
   */
  readTurnout?(meetingId: string, ballotIds: readonly string[]): Promise<number[]>;

  /** One ballot's register (who voted, in recording order), without its box. Optional as readTurnout. */
  readRegister?(meetingId: string, ballotId: string): Promise<RegisterEntry[]>;

  /**
   * Writes a whole archived meeting into an empty slot; refuses if the meeting exists. Throws
   * (writing nothing) on an archive that is not consistent or has a ballot still open.
   */
  importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }>;

  close(): Promise<void>;
}
