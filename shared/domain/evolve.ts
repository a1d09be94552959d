import { pressRuleOf, type BallotBox } from './ballots/kinds';
import type { MeetingEvent, MeetingSpec, MeetingState, Participation, SeatState } from './meeting';

function seatsOf(spec: MeetingSpec): Record<string, SeatState> {
  const seats: Record<string, SeatState> = {};
  for (const delegate of spec.delegates) {
    seats[delegate.seatId] = { delegate, attendance: 'absent', signedInAt: null, deviceId: null, openCodeHashes: [] };
  }
  return seats;
}

/** The meeting as MeetingCreated leaves it: version 1, the log's first event. */
export function initialState(spec: MeetingSpec): MeetingState {
  const items: MeetingState['items'] = {};
  for (const item of spec.agenda) items[item.itemId] = 'pending';
  return {
    version: 1,
    spec,
    phase: 'prepared',
    total: spec.delegates.length,
    seats: seatsOf(spec),
    items,
    currentItemId: null,
    ballotOrder: [],
    ballots: {},
    voters: {},
    boxes: {},
  };
}

export function presentCount(state: MeetingState): number {
  let n = 0;
  for (const seat of Object.values(state.seats)) if (seat.attendance === 'present') n++;
  return n;
}

export function presentSeatIds(state: MeetingState): string[] {
  return Object.keys(state.seats).filter((seatId) => state.seats[seatId]?.attendance === 'present');
}

export function onLeaveCount(state: MeetingState): number {
  let n = 0;
  for (const seat of Object.values(state.seats)) if (seat.attendance === 'on_leave') n++;
  return n;
}

function updateSeat(state: MeetingState, seatId: string, change: Partial<SeatState>): MeetingState {
  const seat = state.seats[seatId];
  if (!seat) return state;
  return { ...state, seats: { ...state.seats, [seatId]: { ...seat, ...change } } };
}

function updateBallot(
  state: MeetingState,
  ballotId: string,
  change: Partial<MeetingState['ballots'][string]>,
): MeetingState {
  const ballot = state.ballots[ballotId];
  if (!ballot) return state;
  return { ...state, ballots: { ...state.ballots, [ballotId]: { ...ballot, ...change } } };
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
      const seat = state.seats[event.seatId];
      if (!seat) return state;
      // A newly printed card replaces the seat's earlier unused code.
      return updateSeat(state, event.seatId, { openCodeHashes: [event.codeHash] });
    }
    case 'DevicePaired': {
      const seat = state.seats[event.seatId];
      if (!seat) return state;
      return updateSeat(state, event.seatId, {
        deviceId: event.deviceId,
        openCodeHashes: seat.openCodeHashes.filter((h) => h !== event.codeHash),
      });
    }
    case 'AttendanceRecorded':
      return updateSeat(state, event.seatId, {
        attendance: event.status,
        signedInAt: event.status === 'present' ? event.at : null,
      });
    case 'SessionOpened':
      return { ...state, phase: 'in_session', total: event.total };
    case 'ItemStarted': {
      const items = { ...state.items };
      if (state.currentItemId) items[state.currentItemId] = 'done';
      items[event.itemId] = 'current';
      return { ...state, items, currentItemId: event.itemId };
    }
    case 'BallotOpened': {
      const id = event.spec.ballotId;
      return {
        ...state,
        ballotOrder: [...state.ballotOrder, id],
        ballots: {
          ...state.ballots,
          [id]: {
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
          },
        },
        voters: { ...state.voters, [id]: {} },
        boxes: { ...state.boxes, [id]: {} },
      };
    }
    case 'BallotClosed':
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
      return { ...state, phase: 'closed' };
  }
}

/**
 * Adds one register entry. The fold is idempotent per (ballot, seat): a replayed or
 * re-read participation never counts twice. On a last_counts ballot a different, later paper
 * of the same seat replaces the entry (the box is the store's, taken with applyBox).
 */
export function applyParticipation(state: MeetingState, p: Participation): MeetingState {
  const register = state.voters[p.ballotId];
  if (!register) return state;
  const earlier = register[p.seatId];
  if (earlier) {
    const spec = state.ballots[p.ballotId]?.spec;
    const replaces = spec !== undefined && pressRuleOf(spec) === 'last_counts' && earlier.receiptId !== p.receiptId && p.at >= earlier.at;
    if (!replaces) return state;
  }
  return { ...state, voters: { ...state.voters, [p.ballotId]: { ...register, [p.seatId]: p } } };
}

/** Replaces a ballot's box with the store's latest durable counts. */
export function applyBox(state: MeetingState, ballotId: string, box: BallotBox): MeetingState {
  if (!state.boxes[ballotId]) return state;
  return { ...state, boxes: { ...state.boxes, [ballotId]: { ...box } } };
}

export function turnout(state: MeetingState, ballotId: string): number {
  return Object.keys(state.voters[ballotId] ?? {}).length;
}

/** Whether a seat that has voted may still send a paper that replaces its own (pressRule last_counts, open ballot). */
export function acceptsReplacement(state: MeetingState, ballotId: string): boolean {
  const ballot = state.ballots[ballotId];
  return ballot !== undefined && ballot.status === 'open' && pressRuleOf(ballot.spec) === 'last_counts';
}

/**
 * A last_counts paper that replaced the seat's earlier one: the register entry is rewritten and,
 * while the ballot is open, the earlier choice (kept beside the seat: named ballots only) leaves
 * the cached box and the new one enters. The store's box replaces this one at close anyway.
 */
export function applyReplacement(state: MeetingState, p: Participation, choiceKey: string): MeetingState {
  const register = state.voters[p.ballotId];
  if (!register) return state;
  const earlier = register[p.seatId];
  const next = { ...state, voters: { ...state.voters, [p.ballotId]: { ...register, [p.seatId]: p } } };
  if (state.ballots[p.ballotId]?.status !== 'open') return next;
  const box = { ...(state.boxes[p.ballotId] ?? {}) };
  const old = earlier?.choiceKey;
  if (old) {
    const left = (box[old] ?? 0) - 1;
    if (left > 0) box[old] = left;
    else delete box[old];
  }
  box[choiceKey] = (box[choiceKey] ?? 0) + 1;
  return applyBox(next, p.ballotId, box);
}
