import { Map as PersistentMap } from 'immutable';
import { pressRuleOf, type BallotBox } from './ballots/kinds';
import { persistentCounts, withoutPaper, withPaper } from './ballots/box-papers';
import { applyRequestEvent } from './staff-requests';
import { applyDocumentAttached, applyRevision } from './preparation/revision';
import { applyWallModeSet } from './wall-mode';
import { applySpeakingEvent } from './speaking';
import { applyAttendance, applySessionClosed, applySessionOpened, applySittingEvent, currentSitting } from './sittings';
import { applyCountdownEvent } from './countdown';
import { newSeat } from './new-seat';
import { withSeat } from './seat-lineage';
import { applyVoidConfirmationEvent } from './void-confirmation';
import { ballotIn, onRoster, seatIn } from './vote-lookups';
import type {
  BallotState,
  IdMap,
  MeetingEvent,
  MeetingSpec,
  MeetingState,
  RegisterEntry,
  SeatState,
} from './meeting';

/*
 * The fold (invariant 3). Every function here is pure: it returns a new state and leaves the
 * one it was given untouched. The id-keyed parts are persistent maps (see IdMap in meeting.ts),
 * so one event costs O(log N), never a copy of N entries, and the aggregates the views and
 * decide read on every change (present, on leave, turnout) are counters kept here (invariant 5).
 *
 * An event about a thing the meeting does not have (a seat, item or ballot id that is not its
 * own, possibly written by an older version into the log) changes nothing but the version:
 * decide never appends one (invariant 6), and a replay of old data must never crash on one.
 */

function seatsOf(spec: MeetingSpec): IdMap<SeatState> {
  return PersistentMap<string, SeatState>().withMutations((seats) => {
    for (const delegate of spec.delegates) {
      seats.set(delegate.seatId, newSeat(delegate));
    }
  });
}

/** The meeting as MeetingCreated leaves it: version 1, the log's first event. */
export function initialState(spec: MeetingSpec): MeetingState {
  const seats = seatsOf(spec);
  return {
    version: 1,
    spec,
    phase: 'prepared',
    total: spec.delegates.length,
    seats,
    present: 0,
    onLeave: 0,
    openCodes: PersistentMap(),
    items: PersistentMap<string, 'pending'>().withMutations((items) => {
      for (const item of spec.agenda) items.set(item.itemId, 'pending');
    }),
    currentItemId: null,
    ballotOrder: [],
    ballots: PersistentMap(),
    registers: PersistentMap(),
    boxes: PersistentMap(),
    staffRequests: [],
  };
}

/** 实到: a counter kept by the fold, O(1). */
export function presentCount(state: MeetingState): number {
  return state.present;
}

/** 请假: a counter kept by the fold, O(1). */
export function onLeaveCount(state: MeetingState): number {
  return state.onLeave;
}

/**
 * Seats present now, in roster order: O(N), for the snapshot a ballot keeps at its close. Read
 * through the seats index the ballot's votes used (vote-lookups.ts), not 3,000 trie walks.
 */
export function presentSeatIds(state: MeetingState): string[] {
  return state.spec.delegates.map((d) => d.seatId).filter((seatId) => seatIn(state, seatId)?.attendance === 'present');
}

/** A full recount of the attendance counters, for tests and consistency checks: O(N). */
export function recountAttendance(state: MeetingState): { present: number; onLeave: number } {
  let present = 0;
  let onLeave = 0;
  for (const seat of state.seats.values()) {
    if (seat.attendance === 'present') present++;
    else if (seat.attendance === 'on_leave') onLeave++;
  }
  return { present, onLeave };
}


/** The sitting an old log's ballot was held in: the one running when it opened. */
function sittingIdNow(state: MeetingState): { sittingId?: string } {
  const sitting = currentSitting(state);
  return sitting ? { sittingId: sitting.sittingId } : {};
}

function updateBallot(state: MeetingState, ballotId: string, change: Partial<BallotState>): MeetingState {
  const ballot = state.ballots.get(ballotId);
  if (!ballot) return state;
  return { ...state, ballots: state.ballots.set(ballotId, { ...ballot, ...change }) };
}

/**
 * Applies one command event. Versions count command events only; votes do not bump them.
 * MeetingCreated starts the fold afresh at version 1, so folding a whole log from
 * initialState gives the store's version (MeetingStore: the first event makes version 1).
 */
export function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  if (event.type === 'MeetingCreated') return initialState(event.spec);
  return { ...applyEvent(state, event), version: state.version + 1 };
}

function applyEvent(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'MeetingCreated':
      return initialState(event.spec);
    case 'PairingCodeIssued': {
      const seat = state.seats.get(event.seatId);
      if (!seat) return state;
      // A newly printed card replaces the seat's earlier unused code.
      const openCodes = state.openCodes.withMutations((codes) => {
        for (const hash of seat.openCodeHashes) codes.delete(hash);
        codes.set(event.codeHash, event.seatId);
      });
      return { ...state, openCodes, seats: withSeat(state.seats, event.seatId, { ...seat, openCodeHashes: [event.codeHash] }) };
    }
    case 'DevicePaired': {
      const seat = state.seats.get(event.seatId);
      if (!seat) return state;
      const openCodeHashes = seat.openCodeHashes.filter((h) => h !== event.codeHash);
      const openCodes = state.openCodes.get(event.codeHash) === event.seatId ? state.openCodes.delete(event.codeHash) : state.openCodes;
      return { ...state, openCodes, seats: withSeat(state.seats, event.seatId, { ...seat, deviceId: event.deviceId, openCodeHashes }) };
    }
    case 'AttendanceRecorded':
      // The roll of the current sitting, and its counters (sittings.ts).
      return applyAttendance(state, event);
    case 'SessionOpened':
      // A log with no sitting started gets one implicit sitting (sittings.ts).
      return applySessionOpened({ ...state, phase: 'in_session', total: event.total }, event);
    case 'ItemStarted': {
      if (!state.items.has(event.itemId)) return state;
      const items = state.items.withMutations((all) => {
        if (state.currentItemId !== null && all.has(state.currentItemId)) all.set(state.currentItemId, 'done');
        all.set(event.itemId, 'current');
      });
      return { ...state, items, currentItemId: event.itemId };
    }
    case 'BallotOpened': {
      const id = event.spec.ballotId;
      // A second ballot under one id, or one on an item the agenda lacks, is not a ballot of this meeting.
      if (state.ballots.has(id) || !state.items.has(event.spec.itemId)) return state;
      const ballot: BallotState = {
        spec: event.spec,
        status: 'open',
        openedAt: event.at,
        deadline: event.deadline,
        presentAtOpen: event.present,
        quorumMet: event.quorumMet,
        quorumOverride: event.quorumOverride,
        closedAt: null,
        closeReason: null,
        presentAtClose: null,
        result: null,
        voidReason: null,
        presentSeatsAtClose: null,
        manualCount: null,
        ...(event.sittingId !== undefined ? { sittingId: event.sittingId } : sittingIdNow(state)),
      };
      return {
        ...state,
        ballotOrder: [...state.ballotOrder, id],
        ballots: state.ballots.set(id, ballot),
        registers: state.registers.set(id, PersistentMap()),
        boxes: state.boxes.set(id, PersistentMap()),
      };
    }
    case 'BallotClosed':
      if (!state.ballots.has(event.ballotId)) return state;
      return updateBallot(state, event.ballotId, {
        status: 'closed',
        closedAt: event.at,
        closeReason: event.reason,
        presentAtClose: event.present,
        // Attendance is in the log, so this snapshot is part of the fold on every node.
        presentSeatsAtClose: presentSeatIds(state),
      });
    case 'ManualCountEntered':
      return updateBallot(state, event.ballotId, { manualCount: { counts: event.counts, by: event.by, at: event.at } });
    case 'ResultPublished':
      return updateBallot(state, event.ballotId, { status: 'published', result: event.result });
    case 'BallotVoided':
      return updateBallot(state, event.ballotId, { status: 'void', voidReason: event.reason });
    case 'SessionClosed':
      return applySessionClosed({ ...state, phase: 'closed' }, event.at);
    case 'SittingStarted':
    case 'SignInOpened':
    case 'SignInClosed':
    case 'SittingOpened':
    case 'SittingClosed':
      return applySittingEvent(state, event);
    case 'CountdownExtended':
    case 'CountdownPaused':
    case 'CountdownResumed':
      return applyCountdownEvent(state, event);
    case 'VoidRequested':
    case 'VoidRequestDecided':
      return applyVoidConfirmationEvent(state, event);
    case 'MeetingRevised':
      return applyRevision(state, event.spec);
    case 'DocumentAttached':
      return applyDocumentAttached(state, event.itemId, event.document);
    case 'ChangeRequested':
    case 'ChangeDecided':
      return { ...state, staffRequests: applyRequestEvent(state.staffRequests, event) };
    case 'WallModeSet':
      return applyWallModeSet(state, event);
    case 'PairingCodeRevoked': {
      const seat = state.seats.get(event.seatId);
      if (!seat || seat.openCodeHashes.length === 0) return state;
      const openCodes = state.openCodes.withMutations((codes) => {
        for (const hash of seat.openCodeHashes) if (codes.get(hash) === event.seatId) codes.delete(hash);
      });
      return { ...state, openCodes, seats: withSeat(state.seats, event.seatId, { ...seat, openCodeHashes: [] }) };
    }
    case 'FloorRequested':
    case 'FloorWithdrawn':
    case 'FloorGranted':
    case 'FloorSkipped':
    case 'FloorEnded':
      return applySpeakingEvent(state, event);
    default:
      // An event type this version does not know (a newer writer): it changes nothing here.
      return state;
  }
}

/** The register of one ballot, or undefined when the meeting has no such ballot. */
export function registerOf(state: MeetingState, ballotId: string): IdMap<RegisterEntry> | undefined {
  return state.registers.get(ballotId);
}

/** A seat's register entry on a ballot, if it has voted. */
export function registerEntryOf(state: MeetingState, ballotId: string, seatId: string): RegisterEntry | undefined {
  return state.registers.get(ballotId)?.get(seatId);
}

/**
 * Adds one register entry. The fold is idempotent per (ballot, seat): a replayed or
 * re-read entry never counts twice. On a last_counts ballot a different, later paper
 * of the same seat replaces the entry (the box is the store's, taken with applyBox).
 * An entry of a seat that is not on the roster is not a vote of this meeting.
 */
export function applyRegisterEntry(state: MeetingState, p: RegisterEntry): MeetingState {
  const register = state.registers.get(p.ballotId);
  if (!register) return state;
  const earlier = register.get(p.seatId);
  if (earlier) {
    const spec = state.ballots.get(p.ballotId)?.spec;
    const replaces = spec !== undefined && pressRuleOf(spec) === 'last_counts' && earlier.receiptId !== p.receiptId && p.at >= earlier.at;
    if (!replaces) return state;
  }
  return addRegisterEntry(state, register, p);
}

/**
 * The entry written into `register` (the ballot's own, in `state`) when the caller has already
 * looked and found the seat's place free, or to be replaced: the vote path's own casts look once,
 * not twice (replica.ts recordCast). A seat not on the roster still adds nothing.
 */
export function addRegisterEntry(state: MeetingState, register: PersistentMap<string, RegisterEntry>, p: RegisterEntry): MeetingState {
  if (!state.seats.has(p.seatId)) return state;
  return { ...state, registers: state.registers.set(p.ballotId, register.set(p.seatId, p)) };
}

/** A vote the copy takes as part of a batch (addRegisterEntries): its entry, and its paper for a named ballot's box (null for a secret one). */
export interface RecordedVote {
  entry: RegisterEntry;
  paper: string | null;
}

/**
 * Entries whose places the caller found free (the votes of one journal batch, replica.ts), added
 * as ONE update of each register and box they touch: a path of the trie copied once per batch,
 * not once per vote (a 3,000-seat register's path per vote was the largest allocation of a
 * burst, docs/BENCHMARKS.md). The same result as addRegisterEntry, then addPaper for a vote with
 * a paper, vote by vote: a seat not on the roster, a ballot without a register or a place taken
 * (also by an earlier vote of the batch) adds nothing, and no paper.
 */
export function addRegisterEntries(state: MeetingState, votes: readonly RecordedVote[]): MeetingState {
  const registers = new Map<string, PersistentMap<string, RegisterEntry>>();
  const boxes = new Map<string, IdMap<number>>();
  let added = 0;
  for (const { entry: p, paper } of votes) {
    let register = registers.get(p.ballotId);
    if (!register) {
      const held = state.registers.get(p.ballotId);
      if (!held) continue;
      registers.set(p.ballotId, (register = held.asMutable()));
    }
    if (register.has(p.seatId) || !onRoster(state, p.seatId)) continue;
    register.set(p.seatId, p);
    added++;
    if (paper === null) continue;
    let box = boxes.get(p.ballotId);
    if (!box) {
      const held = state.boxes.get(p.ballotId);
      if (!held) continue;
      box = held.asMutable();
    }
    boxes.set(p.ballotId, withPaper(CACHED_BOX, box, paper));
  }
  if (added === 0) return state;
  const next = { ...state, registers: state.registers.withMutations((all) => registers.forEach((register, ballotId) => all.set(ballotId, register.asImmutable()))) };
  if (boxes.size > 0) next.boxes = state.boxes.withMutations((all) => boxes.forEach((box, ballotId) => all.set(ballotId, box.asImmutable())));
  return next;
}

/**
 * Whether a register already is the store's `entries` of the ballot: every entry there with the
 * same receipt and the same paper, and nothing more. The usual case at close, checked with one
 * lookup per entry; building the map again was 8 µs an entry, 24 ms of a 3,000-seat close on a
 * cluster node. The paper too: a named ballot's entry a node took from a peer's notice has none
 * (a notice never carries a choice), and the per-delegate record is read from the register.
 */
function holdsExactly(register: PersistentMap<string, RegisterEntry>, ballotId: string, entries: readonly RegisterEntry[]): boolean {
  let held = 0;
  for (const p of entries) {
    if (p.ballotId !== ballotId) continue;
    const entry = register.get(p.seatId);
    if (entry?.receiptId !== p.receiptId || entry.choiceKey !== p.choiceKey) return false;
    held++;
  }
  return held === register.size;
}

/**
 * Replaces a ballot's register with the store's, as read after the ballot shut: what the store
 * has is the register, whatever the copy took before. A copy can hold an entry the store no
 * longer has: read from a Redis primary before it reached a replica, then lost when that
 * primary died and the replica was promoted (a write the store never acknowledged). O(entries).
 * Entries of seats not on the roster, or of another ballot, are not votes of it.
 */
export function replaceRegister(state: MeetingState, ballotId: string, entries: readonly RegisterEntry[]): MeetingState {
  const current = state.registers.get(ballotId);
  if (!current || holdsExactly(current, ballotId, entries)) return state;
  const register = PersistentMap<string, RegisterEntry>().withMutations((seats) => {
    for (const p of entries) if (p.ballotId === ballotId && state.seats.has(p.seatId)) seats.set(p.seatId, p);
  });
  return { ...state, registers: state.registers.set(ballotId, register) };
}

/**
 * Puts a ballot's register back to `register`, one the store confirmed it holds exactly (by size
 * and digest, after the ballot shut): O(1). The copy may have moved since `register` was taken
 * (an entry from a late notice of a vote the store lost in a failover); the store's is the one
 * that counts, as in replaceRegister.
 */
export function restoreRegister(state: MeetingState, ballotId: string, register: IdMap<RegisterEntry>): MeetingState {
  const current = state.registers.get(ballotId);
  if (!current || current === register) return state;
  return { ...state, registers: state.registers.set(ballotId, register) };
}

/** Replaces a ballot's box with the store's latest durable counts (own properties only). */
export function applyBox(state: MeetingState, ballotId: string, box: BallotBox): MeetingState {
  if (!state.boxes.has(ballotId)) return state;
  return { ...state, boxes: state.boxes.set(ballotId, PersistentMap(Object.entries(box))) };
}

/**
 * A ballot's box as the counting functions take it: a plain record with own properties only
 * (Object.fromEntries, so even a key "__proto__" stays a count). O(K) in its distinct papers:
 * for counting and review, never per cast.
 */
export function boxOf(state: MeetingState, ballotId: string): BallotBox | undefined {
  const box = state.boxes.get(ballotId);
  return box === undefined ? undefined : Object.fromEntries(box.entries());
}

/** Papers in and out of a cached box: the one rule of ballots/box-papers.ts (get/set/delete only, never `update`). */
const CACHED_BOX = persistentCounts<IdMap<number>>();

/** One paper added to a ballot's cached box (the node's own cast, while the ballot is open): O(log K). */
export function addPaper(state: MeetingState, ballotId: string, choiceKey: string): MeetingState {
  const box = state.boxes.get(ballotId);
  if (!box) return state;
  return { ...state, boxes: state.boxes.set(ballotId, withPaper(CACHED_BOX, box, choiceKey)) };
}

/** 已表决 on a ballot: the register's size, O(1). */
export function turnout(state: MeetingState, ballotId: string): number {
  return state.registers.get(ballotId)?.size ?? 0;
}

/** Whether a seat that has voted may still send a paper that replaces its own (pressRule last_counts, open ballot). */
export function acceptsReplacement(state: MeetingState, ballotId: string): boolean {
  const ballot = ballotIn(state, ballotId);
  return ballot !== undefined && ballot.status === 'open' && pressRuleOf(ballot.spec) === 'last_counts';
}

/**
 * A paper that took the place of the seat's register entry (a last_counts paper replacing the
 * seat's earlier one, or the store's entry replacing one it lost in a failover): the entry is
 * rewritten and, while a named ballot is open, the earlier choice (kept beside the seat) leaves
 * the cached box and the new one enters. A secret ballot's box is never kept open (invariant 4).
 * The store's box replaces the cached one at close anyway.
 */
export function applyReplacement(state: MeetingState, p: RegisterEntry, choiceKey: string): MeetingState {
  const register = state.registers.get(p.ballotId);
  if (!register || !state.seats.has(p.seatId)) return state;
  const earlier = register.get(p.seatId);
  const next = { ...state, registers: state.registers.set(p.ballotId, register.set(p.seatId, p)) };
  const ballot = state.ballots.get(p.ballotId);
  if (ballot?.status !== 'open' || ballot.spec.secrecy !== 'named') return next;
  let box = state.boxes.get(p.ballotId) ?? PersistentMap<string, number>();
  const old = earlier?.choiceKey;
  if (old) box = withoutPaper(CACHED_BOX, box, old);
  box = withPaper(CACHED_BOX, box, choiceKey);
  return { ...next, boxes: next.boxes.set(p.ballotId, box) };
}
