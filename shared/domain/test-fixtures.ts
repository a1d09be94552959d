// Builders for the domain tests. Imported only by *.test.ts files, never by product code.
import type { MotionBallotSpec } from './ballots/kinds';
import { DEFAULT_MOTION_SETTINGS, type MotionOption, type MotionSettings } from './ballots/motion';
import { checkCast, decide, type Decision, type MeetingCommand } from './decide';
import { applyBox, applyRegisterEntry, boxOf, evolve, initialState, turnout } from './evolve';
import type { Actor, AttendanceStatus, Delegate, MeetingEvent, MeetingSpec, MeetingState, RegisterEntry } from './meeting';
import type { BodyKind } from './quorum';

/** 2025-02-28 09:00 Beijing time: a plausible sitting morning. */
export const T0 = Date.UTC(2025, 1, 28, 1, 0, 0);

export const SECRETARIAT: Actor = { role: 'secretariat', name: '秘书处 王芳' };
export const CHAIR: Actor = { role: 'presidium', name: '执行主席 李明' };

export const FIRST_ITEM = 'item-1';
export const SECOND_ITEM = 'item-2';

export function seatIdOf(n: number): string {
  return `seat-${String(n).padStart(3, '0')}`;
}

/** Seats seat-001 … seat-NNN. */
export function seatIds(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => seatIdOf(from + i));
}

function roster(count: number): Delegate[] {
  return seatIds(count).map((seatId, i) => ({
    seatId,
    seatNo: `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座`,
    name: `代表${i + 1}`,
    group: `第${(i % 4) + 1}代表团`,
  }));
}

export function meetingSpec(kind: BodyKind, seats: number): MeetingSpec {
  return {
    meetingId: `m-${kind}-${seats}`,
    body: { name: kind === 'congress' ? '某县人民代表大会' : '某县人大常委会', kind },
    title: '第一次会议',
    delegates: roster(seats),
    presidium: ['李明', '张华'],
    agenda: [
      { itemId: FIRST_ITEM, title: '关于政府工作报告的决议', kind: 'vote' },
      { itemId: SECOND_ITEM, title: '关于预算的决议', kind: 'vote' },
    ],
  };
}

/** Folds a whole log, MeetingCreated first, exactly as a node rebuilds a meeting after restart. */
export function replay(events: readonly MeetingEvent[]): MeetingState {
  const first = events[0];
  if (first?.type !== 'MeetingCreated') throw new Error('a meeting log starts with MeetingCreated');
  return events.reduce(evolve, initialState(first.spec));
}

/** A meeting as a log plus its fold, so tests can check both the events and the state. */
export interface Meeting {
  events: MeetingEvent[];
  state: MeetingState;
}

export function createMeeting(kind: BodyKind, seats: number, at = T0): Meeting {
  const spec = meetingSpec(kind, seats);
  const events: MeetingEvent[] = [{ type: 'MeetingCreated', at, by: SECRETARIAT, spec }];
  return { events, state: replay(events) };
}

/** Runs one command; a rejection fails the test with its code and message. */
export function run(meeting: Meeting, command: MeetingCommand, now: number, actor: Actor = CHAIR): Meeting {
  const decision = decide(meeting.state, command, { actor, now });
  if (!decision.ok) throw new Error(`${command.type} rejected: ${decision.code} ${decision.message}`);
  return { events: [...meeting.events, ...decision.events], state: decision.events.reduce(evolve, meeting.state) };
}

export function attempt(meeting: Meeting, command: MeetingCommand, now: number, actor: Actor = CHAIR): Decision {
  return decide(meeting.state, command, { actor, now });
}

/**
 * An attendance change by the secretariat that takes effect: while a ballot is open it is a
 * request (two-person rule, staff-requests.ts), which another person, a chair, approves.
 */
export function changeAttendance(meeting: Meeting, seatId: string, status: AttendanceStatus, now: number): Meeting {
  const asked = run(meeting, { type: 'RecordAttendance', seatId, status }, now, SECRETARIAT);
  const request = asked.events.length > meeting.events.length ? asked.events.at(-1) : undefined;
  if (request?.type !== 'ChangeRequested') return asked;
  const chair: Actor = { role: 'chair', name: '执行主席 赵强' };
  return run(asked, { type: 'DecideChangeRequest', requestId: request.requestId, approve: true }, now, chair);
}

export function signIn(meeting: Meeting, seats: readonly string[], now: number): Meeting {
  return seats.reduce((m, seatId) => run(m, { type: 'SignIn', seatId }, now, SECRETARIAT), meeting);
}

/** Created, `present` seats signed in, session open, the first item current. */
export function sittingWith(kind: BodyKind, seats: number, present: number, at = T0): Meeting {
  let m = createMeeting(kind, seats, at);
  m = signIn(m, seatIds(present), at + 1_000);
  m = run(m, { type: 'OpenSession' }, at + 2_000);
  return run(m, { type: 'StartItem', itemId: FIRST_ITEM }, at + 3_000);
}

export function motionSpec(ballotId: string, overrides: Partial<MotionBallotSpec> = {}): MotionBallotSpec {
  return {
    kind: 'motion',
    ballotId,
    itemId: FIRST_ITEM,
    title: '关于政府工作报告的决议（草案）',
    secrecy: 'anonymous',
    settings: DEFAULT_MOTION_SETTINGS,
    durationSec: 60,
    rerunOf: null,
    ...overrides,
  };
}

export function settings(overrides: Partial<MotionSettings>): MotionSettings {
  return { ...DEFAULT_MOTION_SETTINGS, ...overrides };
}

export type CastAttempt = { recorded: true } | { recorded: false; code: string };

/**
 * Stand-in for the store's atomic cast (MeetingStore.cast): the domain's checkCast, then one
 * register entry per seat (first cast wins) and one paper in the box, whose choice is kept with
 * the voter only on a named ballot. Whether the register grew is read back from the domain's
 * own idempotent fold, so a duplicate reaching the box would be the domain's fault.
 */
export function castVote(
  meeting: Meeting,
  ballotId: string,
  seatId: string,
  choice: unknown,
  now: number,
): { meeting: Meeting; attempt: CastAttempt } {
  const check = checkCast(meeting.state, ballotId, seatId, choice, now);
  if (!check.ok) return { meeting, attempt: { recorded: false, code: check.code } };
  const named = meeting.state.ballots.get(ballotId)?.spec.secrecy === 'named';
  const entry: RegisterEntry = {
    ballotId,
    seatId,
    idempotencyKey: `${ballotId}/${seatId}/${now}`,
    receiptId: `receipt-${ballotId}-${seatId}`,
    at: now,
    choiceKey: named ? check.choiceKey : null,
  };
  const registered = applyRegisterEntry(meeting.state, entry);
  if (turnout(registered, ballotId) === turnout(meeting.state, ballotId)) {
    return { meeting, attempt: { recorded: false, code: 'ALREADY_VOTED' } };
  }
  const box = { ...boxOf(registered, ballotId) };
  box[check.choiceKey] = (box[check.choiceKey] ?? 0) + 1;
  return { meeting: { ...meeting, state: applyBox(registered, ballotId, box) }, attempt: { recorded: true } };
}

/** Casts each seat's option in order; every cast must be recorded. */
export function castAll(meeting: Meeting, ballotId: string, votes: [string, MotionOption][], now: number): Meeting {
  return votes.reduce((m, [seatId, option]) => {
    const { meeting: next, attempt } = castVote(m, ballotId, seatId, { option }, now);
    if (!attempt.recorded) throw new Error(`cast by ${seatId} refused: ${attempt.code}`);
    return next;
  }, meeting);
}

/** `yes` seats vote yes, then `no` seats no, then `abstain` seats abstain, from seat-001 on. */
export function votesOf(yes: number, no: number, abstain: number): [string, MotionOption][] {
  const options: MotionOption[] = [
    ...Array<MotionOption>(yes).fill('yes'),
    ...Array<MotionOption>(no).fill('no'),
    ...Array<MotionOption>(abstain).fill('abstain'),
  ];
  return options.map((option, i) => [seatIdOf(i + 1), option]);
}

/** Twelve ids that name members of Object.prototype (and Immutable's own fields): never things of a meeting (issue 8 §2). */
export const HOSTILE_IDS = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
  'size',
  '_root',
] as const;
