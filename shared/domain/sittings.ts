import type { CommandContext, Decision } from './decision';
import type { Actor, AttendanceStatus, MeetingEvent, MeetingState, SeatState } from './meeting';
import { checkQuorum, type BodyKind, type QuorumCheck } from './quorum';
import { withSeat } from './seat-lineage';
import type { SittingStatus, SignInWindow, SittingFigures, SittingState, SittingsState, RollMark, SittingEvent } from './sittings-types';
// Issue 9: defined in the leaf sittings-types.ts (meeting.ts needs them, and must not import this module).
export type { SittingStatus, SignInWindow, SittingFigures, SittingState, SittingsState, RollMark, SittingEvent } from './sittings-types';

/*
 * Sittings (R1.4, R1.5, R7.2, R7.4): a session (一次会议) meets in several sittings over several
 * days — 预备会议, 第一次全体会议, 第二次全体会议 … (a standing committee's 常委会第N次会议 may
 * have one). Each sitting has its own roll: the secretariat opens and closes the sign-in window,
 * each seat is 未签到 (not yet), 出席, 请假 (with a reason) or 缺席, a sign-in after the window
 * closed is marked late, a staff member may sign a delegate in by hand with a reason, and every
 * mark names who recorded it. The chair opens (宣布开会) a sitting only with its quorum present.
 *
 * Counters (invariant 5): 实到/请假 stay the state's `present`/`onLeave`, 缺席 is kept here,
 * 未签到 is the rest. Starting a sitting resets the roll (one O(N) event); a sign-in stays O(1).
 *
 * Old logs have no sittings: a SessionOpened with no sitting started opens one implicit sitting,
 * and their AttendanceRecorded 'absent' (written before 未签到 existed) meant "not yet".
 */

export type SittingCommand =
  /** A new sitting with a fresh roll; its sign-in window opens at once unless `openSignIn` is false. */
  | { type: 'StartSitting'; sittingId: string; title: string; openSignIn?: boolean }
  | { type: 'OpenSignIn' }
  | { type: 'CloseSignIn' }
  /** 宣布开会 (also what OpenSession does once sittings are used). */
  | { type: 'OpenSitting' }
  | { type: 'CloseSitting' };

export const MAX_SITTING_TITLE = 60;
export const MAX_ROLL_REASON = 200;
/** The id an old log's one sitting gets. */
export const IMPLICIT_SITTING_ID = 'sitting-1';

const EMPTY: SittingsState = { current: null, past: [], absent: 0 };

/** The sittings of a state; states folded before sittings existed have none. */
export function sittingsOf(state: Pick<MeetingState, 'sittings'>): SittingsState {
  return state.sittings ?? EMPTY;
}

export function currentSitting(state: Pick<MeetingState, 'sittings'>): SittingState | null {
  return sittingsOf(state).current;
}

/** 缺席 now, O(1). */
export function absentCount(state: MeetingState): number {
  return sittingsOf(state).absent;
}

/** 未签到 now, O(1): every seat not marked otherwise. */
export function notSignedInCount(state: MeetingState): number {
  return state.seats.size - state.present - state.onLeave - absentCount(state);
}

/** The roll's figures now (counters only, O(1)). */
export function rollFigures(state: MeetingState): SittingFigures {
  return { total: state.total, present: state.present, onLeave: state.onLeave, absent: absentCount(state) };
}

export function sittingQuorum(state: MeetingState): QuorumCheck {
  return checkQuorum(state.spec.body.kind, state.present, state.total);
}

/** Every sitting, in order (the closed ones, then the current one). */
export function allSittings(state: Pick<MeetingState, 'sittings'>): SittingState[] {
  const { current, past } = sittingsOf(state);
  return current && !past.includes(current) ? [...past, current] : [...past];
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (sitting numbers stay below 100). */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? String(n);
  if (n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
}

/**
 * The title the console suggests for the next sitting: a congress starts with its 预备会议
 * (R7.2) and then numbers its 全体会议; a standing committee meeting is one 常委会第N次会议 (its
 * session number when the spec has one).
 */
export function suggestedSittingTitle(state: MeetingState): string {
  const started = allSittings(state).filter((s) => !s.implicit).length;
  return sittingTitleFor(state.spec.body.kind, started, state.spec.sessionNo);
}

/** The same from what a console knows: the body kind and how many sittings have started. */
export function sittingTitleFor(kind: BodyKind, started: number, sessionNo?: number): string {
  if (kind === 'standing_committee') {
    if (sessionNo !== undefined && started === 0) return `常委会第${chineseNumber(sessionNo)}次会议`;
    return started === 0 ? '常委会会议' : `常委会会议（第${chineseNumber(started + 1)}次）`;
  }
  if (kind === 'congress' && started === 0) return '预备会议';
  const plenary = kind === 'congress' ? started : started + 1;
  return `第${chineseNumber(plenary)}次全体会议`;
}

const reject = (code: Extract<Decision, { ok: false }>['code'], message: string, details?: Record<string, unknown>): Decision =>
  details ? { ok: false, code, message, details } : { ok: false, code, message };
const accept = (...events: MeetingEvent[]): Decision => ({ ok: true, events });

function openBallotOf(state: MeetingState): string | null {
  for (const id of state.ballotOrder) if (state.ballots.get(id)?.status === 'open') return id;
  return null;
}

/** R2.8: a counted ballot is announced (or voided, on record) before its sitting or the session ends. */
export function unpublishedBallot(state: MeetingState): string | null {
  return state.ballotOrder.find((id) => state.ballots.get(id)?.status === 'closed') ?? null;
}

/** The quorum rejection of R1.5, with the figures the console shows. */
function quorumShort(state: MeetingState): Decision | null {
  const quorum = sittingQuorum(state);
  if (quorum.met) return null;
  return reject('QUORUM_NOT_MET', `实到 ${state.present} of 应到 ${state.total}; at least ${quorum.required} must be present`, {
    present: state.present,
    total: state.total,
    required: quorum.required,
    onLeave: state.onLeave,
  });
}

export function decideSitting(state: MeetingState, command: SittingCommand, { actor, now }: CommandContext): Decision {
  if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
  const current = currentSitting(state);
  switch (command.type) {
    case 'StartSitting': {
      const title = command.title.trim();
      if (title.length === 0 || title.length > MAX_SITTING_TITLE) {
        return reject('INVALID_SITTING', `a sitting needs a title of 1 to ${MAX_SITTING_TITLE} characters`);
      }
      if (allSittings(state).some((s) => s.sittingId === command.sittingId)) {
        return reject('INVALID_SITTING', `sitting ${command.sittingId} already exists`);
      }
      if (current && current.status === 'open') return reject('SITTING_IN_PROGRESS', `close sitting ${current.title} first`);
      const started: MeetingEvent = { type: 'SittingStarted', at: now, by: actor, sittingId: command.sittingId, title };
      if (command.openSignIn === false) return accept(started);
      return accept(started, { type: 'SignInOpened', at: now, by: actor, sittingId: command.sittingId });
    }
    case 'OpenSignIn':
    case 'CloseSignIn': {
      if (!current || current.status === 'closed') return reject('SITTING_NOT_OPEN', 'start a sitting first');
      const opening = command.type === 'OpenSignIn';
      if ((current.signIn === 'open') === opening) return accept();
      return accept({ type: opening ? 'SignInOpened' : 'SignInClosed', at: now, by: actor, sittingId: current.sittingId });
    }
    case 'OpenSitting': {
      if (!current || current.status !== 'roll') {
        return current?.status === 'open'
          ? reject('WRONG_PHASE', 'the sitting is already open')
          : reject('SITTING_NOT_OPEN', 'start a sitting and its sign-in first');
      }
      // R1.5: opening a sitting below quorum is blocked, not merely warned.
      const short = quorumShort(state);
      if (short) return short;
      const figures = rollFigures(state);
      const opened: MeetingEvent = { type: 'SittingOpened', at: now, by: actor, sittingId: current.sittingId, ...figures };
      // The first sitting opens the session: 应到 is frozen then (R0.2).
      if (state.phase === 'prepared') {
        return accept({ type: 'SessionOpened', at: now, by: actor, total: state.total, present: state.present }, opened);
      }
      return accept(opened);
    }
    case 'CloseSitting': {
      if (!current || current.status !== 'open') return reject('SITTING_NOT_OPEN', 'no sitting is open');
      if (openBallotOf(state)) return reject('BALLOT_IN_PROGRESS', 'close the open ballot first');
      const unpublished = unpublishedBallot(state);
      if (unpublished) {
        return reject('RESULT_NOT_PUBLISHED', `ballot ${unpublished} is closed but not published: publish or void it first`, {
          ballotId: unpublished,
        });
      }
      return accept({ type: 'SittingClosed', at: now, by: actor, sittingId: current.sittingId });
    }
  }
}

/** The events that close the running sitting along with the session (闭会). */
export function closingSittingEvents(state: MeetingState, { actor, now }: CommandContext): MeetingEvent[] {
  const current = currentSitting(state);
  // An implicit sitting (old log) ends with SessionClosed itself (applySessionClosed), as it began.
  return current && current.status === 'open' && !current.implicit ? [{ type: 'SittingClosed', at: now, by: actor, sittingId: current.sittingId }] : [];
}

/** Why no ballot may open (or item start) now: the sitting is not open (null when it is). */
export function sittingBlocksBusiness(state: MeetingState): Decision | null {
  const current = currentSitting(state);
  if (current && current.status !== 'open') {
    return reject('SITTING_NOT_OPEN', current.status === 'roll' ? '宣布开会 first (open the sitting)' : 'the sitting is closed: start the next one');
  }
  return null;
}

/** The sitting a ballot opened now is held in (R1.5: a ballot records its sitting). */
export function sittingStamp(state: MeetingState): { sittingId: string } | Record<string, never> {
  const current = currentSitting(state);
  return current ? { sittingId: current.sittingId } : {};
}

/**
 * A tablet's 签到. With sittings in use it needs the window opened; after it closed the sign-in
 * is late (still allowed while the sitting has not closed). Before any sitting (old meetings,
 * and a meeting run without sittings) it works as it always did.
 */
export function decideSignIn(state: MeetingState, seatId: string, { actor, now }: CommandContext): Decision {
  const seat = state.seats.get(seatId);
  if (!seat) return reject('UNKNOWN_SEAT', `no seat ${seatId}`);
  if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
  if (seat.attendance === 'present') return accept();
  const current = currentSitting(state);
  if (current && (current.signIn === 'not_opened' || current.status === 'closed')) {
    return reject('SIGN_IN_NOT_OPEN', '签到尚未开始 (the secretariat has not opened the sign-in)');
  }
  return accept(attendanceEvent(state, seatId, 'present', null, { actor, now }));
}

/**
 * Staff recording a seat's roll (R1.4): 请假 needs a reason, and so does signing a delegate in by
 * hand once sittings are used (手工签到). `reason` is kept with the mark.
 */
export function checkStaffAttendance(
  state: MeetingState,
  seatId: string,
  status: AttendanceStatus,
  reason: string | null,
): Decision | null {
  const seat = state.seats.get(seatId);
  if (!seat) return reject('UNKNOWN_SEAT', `no seat ${seatId}`);
  if (state.phase === 'closed') return reject('SESSION_CLOSED', 'the session is closed');
  const current = currentSitting(state);
  if (current?.status === 'closed') return reject('SITTING_NOT_OPEN', 'the sitting is closed: start the next one');
  const given = reason?.trim() ?? '';
  if (given.length > MAX_ROLL_REASON) return reject('REASON_REQUIRED', `a reason has at most ${MAX_ROLL_REASON} characters`);
  // The implicit sitting of an old log keeps the old rules (no reasons were asked for then).
  if (current && !current.implicit && (status === 'on_leave' || status === 'present') && given.length === 0) {
    return reject('REASON_REQUIRED', status === 'on_leave' ? '请假需填写事由 (leave needs a reason)' : '手工签到需填写原因 (a manual sign-in needs a reason)');
  }
  return null;
}

/** The roll event for a seat: stamped with the sitting, marked late after the window closed. */
export function attendanceEvent(
  state: MeetingState,
  seatId: string,
  status: AttendanceStatus,
  reason: string | null,
  { actor, now }: CommandContext,
): MeetingEvent {
  const current = currentSitting(state);
  const given = reason?.trim() ?? '';
  const late = current !== null && status === 'present' && current.signIn === 'closed';
  return {
    type: 'AttendanceRecorded',
    at: now,
    by: actor,
    seatId,
    status,
    ...(current ? { sittingId: current.sittingId } : {}),
    ...(late ? { late: true as const } : {}),
    ...(given.length > 0 ? { reason: given } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The fold

const countsAs = (status: AttendanceStatus, counted: AttendanceStatus): number => (status === counted ? 1 : 0);

/**
 * One roll mark, O(log N): the seat and the three counters. An event with no sittingId comes
 * from before sittings (or from a meeting not using them): there 'absent' meant "not yet".
 */
export function applyAttendance(state: MeetingState, event: Extract<MeetingEvent, { type: 'AttendanceRecorded' }>): MeetingState {
  const seat = state.seats.get(event.seatId);
  if (!seat) return state;
  const status: AttendanceStatus = event.sittingId === undefined && event.status === 'absent' ? 'not_signed_in' : event.status;
  const was = seat.attendance;
  const sittings = sittingsOf(state);
  const roll: RollMark | null =
    status === 'not_signed_in' ? null : { by: event.by, at: event.at, late: event.late === true, reason: event.reason ?? null };
  return {
    ...state,
    seats: withSeat(state.seats, event.seatId, { ...seat, attendance: status, signedInAt: status === 'present' ? event.at : null, roll }),
    present: state.present - countsAs(was, 'present') + countsAs(status, 'present'),
    onLeave: state.onLeave - countsAs(was, 'on_leave') + countsAs(status, 'on_leave'),
    sittings: { ...sittings, absent: sittings.absent - countsAs(was, 'absent') + countsAs(status, 'absent') },
  };
}

/** A fresh roll for a new sitting: the one O(N) event of the roll (invariant 5 allows it). */
function freshRoll(state: MeetingState): Pick<MeetingState, 'seats' | 'present' | 'onLeave'> {
  const seats = state.seats.withMutations((all) => {
    for (const [seatId, seat] of state.seats) {
      if (seat.attendance === 'not_signed_in' && !seat.roll) continue;
      const cleared: SeatState = { ...seat, attendance: 'not_signed_in', signedInAt: null, roll: null };
      all.set(seatId, cleared);
    }
  });
  return { seats, present: 0, onLeave: 0 };
}

function withCurrent(state: MeetingState, change: Partial<SittingState>, sittingId: string): MeetingState {
  const sittings = sittingsOf(state);
  if (!sittings.current || sittings.current.sittingId !== sittingId) return state;
  return { ...state, sittings: { ...sittings, current: { ...sittings.current, ...change } } };
}

export function applySittingEvent(state: MeetingState, event: SittingEvent): MeetingState {
  const sittings = sittingsOf(state);
  switch (event.type) {
    case 'SittingStarted': {
      const previous = sittings.current;
      const number = allSittings(state).length + 1;
      const current: SittingState = {
        sittingId: event.sittingId,
        title: event.title,
        number,
        implicit: false,
        status: 'roll',
        signIn: 'not_opened',
        startedAt: event.at,
        openedAt: null,
        closedAt: null,
        atOpening: null,
        atClose: null,
      };
      const past = previous ? [...sittings.past, previous] : sittings.past;
      return { ...state, ...freshRoll(state), sittings: { current, past, absent: 0 } };
    }
    case 'SignInOpened':
      return withCurrent(state, { signIn: 'open' }, event.sittingId);
    case 'SignInClosed':
      return withCurrent(state, { signIn: 'closed' }, event.sittingId);
    case 'SittingOpened': {
      const { total, present, onLeave, absent } = event;
      return withCurrent(state, { status: 'open', openedAt: event.at, atOpening: { total, present, onLeave, absent } }, event.sittingId);
    }
    case 'SittingClosed':
      return withCurrent(state, { status: 'closed', closedAt: event.at, atClose: rollFigures(state) }, event.sittingId);
  }
}

/** SessionOpened of a log (or a meeting) with no sitting started: it opens one implicit sitting. */
export function applySessionOpened(state: MeetingState, event: Extract<MeetingEvent, { type: 'SessionOpened' }>): MeetingState {
  const sittings = sittingsOf(state);
  if (sittings.current) return state;
  const current: SittingState = {
    sittingId: IMPLICIT_SITTING_ID,
    title: '',
    number: 1,
    implicit: true,
    status: 'open',
    signIn: 'open',
    startedAt: event.at,
    openedAt: event.at,
    closedAt: null,
    atOpening: { total: event.total, present: event.present, onLeave: state.onLeave, absent: sittings.absent },
    atClose: null,
  };
  return { ...state, sittings: { ...sittings, current } };
}

/** SessionClosed also ends the implicit sitting of an old log, so its roll reaches the minutes. */
export function applySessionClosed(state: MeetingState, at: number): MeetingState {
  const current = currentSitting(state);
  if (!current || current.status === 'closed') return state;
  return withCurrent(state, { status: 'closed', closedAt: at, atClose: rollFigures(state) }, current.sittingId);
}

// ---------------------------------------------------------------------------------------------
// Views

/** What every audience sees of the sitting (PublicView.sitting). */
export interface PublicSittingView {
  sittingId: string;
  title: string;
  number: number;
  status: SittingStatus;
  signIn: SignInWindow;
  /** The window is open now (a sign-in after it closed is late, before it opened refused). */
  signInOpen: boolean;
}

export function publicSittingView(state: MeetingState): PublicSittingView | null {
  const current = currentSitting(state);
  if (!current) return null;
  return {
    sittingId: current.sittingId,
    title: current.title,
    number: current.number,
    status: current.status,
    signIn: current.signIn,
    signInOpen: current.signIn === 'open' && current.status !== 'closed',
  };
}

/** Every sitting with its figures, for the console's roll panel and the minutes. */
export interface ConsoleSittingView extends PublicSittingView {
  implicit: boolean;
  startedAt: number;
  openedAt: number | null;
  closedAt: number | null;
  atOpening: SittingFigures | null;
  atClose: SittingFigures | null;
}

export function consoleSittingsView(state: MeetingState): ConsoleSittingView[] {
  const current = currentSitting(state);
  return allSittings(state).map((s) => ({
    sittingId: s.sittingId,
    title: s.title,
    number: s.number,
    status: s.status,
    signIn: s.signIn,
    signInOpen: s === current && s.signIn === 'open' && s.status !== 'closed',
    implicit: s.implicit,
    startedAt: s.startedAt,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    atOpening: s.atOpening,
    atClose: s.atClose,
  }));
}

/** A seat's mark on the console: who recorded it, late, the reason (never anything about votes). */
export interface SeatRollView {
  by: { name: string; role: Actor['role'] };
  at: number;
  late: boolean;
  reason: string | null;
}

export function seatRollView(seat: SeatState): SeatRollView | null {
  const roll = seat.roll;
  if (!roll) return null;
  // A delegate's own sign-in is marked by an actor of a role and a name only: the mark is then
  // already the view, and is shared rather than copied (two objects fewer a seat, kept as long as
  // its console row). A staff member's mark names an account, which the console is not sent.
  if (!('accountId' in roll.by) && hasOnlyKeys(roll.by, 2) && hasOnlyKeys(roll, 4)) return roll;
  return { by: { name: roll.by.name, role: roll.by.role }, at: roll.at, late: roll.late, reason: roll.reason };
}

function hasOnlyKeys(record: object, count: number): boolean {
  return Object.keys(record).length === count;
}
