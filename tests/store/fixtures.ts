// Builders for the store tests: small, valid meetings and ballots made of real domain events.
import { DEFAULT_MOTION_SETTINGS, type MotionBallotSpec, type Secrecy } from '../../shared/domain/ballots/kinds';
import type { Actor, Delegate, MeetingEvent, MeetingSpec } from '../../shared/domain/meeting';
import { BallotKeyring } from '../../server/secrecy/ballot-keys';
import type { CastRequest, MeetingStore } from '../../server/store/types';
import { TEST_BALLOT_KEY } from '../support/test-config';

/** The master key the store tests wrap ballot keys with: the same in every process and reopen. */
export function testKeyring(): BallotKeyring {
  return BallotKeyring.fromSecret(TEST_BALLOT_KEY);
}

export const SECRETARIAT: Actor = { role: 'secretariat', name: '秘书处 王芳' };
export const CHAIR: Actor = { role: 'presidium', name: '执行主席 李明' };
export const ITEM = 'item-1';
export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type ChoiceKey = (typeof CHOICES)[number];

let made = 0;
/** A fresh id, valid as a path segment, unique within this process. */
export function uniqueId(prefix: string): string {
  made += 1;
  return `${prefix}-${process.pid}-${made}`;
}

export function seatIdOf(n: number): string {
  return `seat-${String(n).padStart(4, '0')}`;
}

export function meetingSpec(meetingId: string, delegates: number): MeetingSpec {
  const roster: Delegate[] = Array.from({ length: delegates }, (_, i) => ({
    seatId: seatIdOf(i + 1),
    seatNo: `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座`,
    name: `代表${i + 1}`,
    group: `第${(i % 4) + 1}代表团`,
  }));
  return {
    meetingId,
    body: { name: '某县人民代表大会', kind: 'congress' },
    title: '第一次会议',
    delegates: roster,
    presidium: ['李明'],
    agenda: [{ itemId: ITEM, title: '关于政府工作报告的决议', kind: 'vote' }],
  };
}

export function meetingCreated(spec: MeetingSpec): MeetingEvent {
  return { type: 'MeetingCreated', at: Date.now(), by: SECRETARIAT, spec };
}

export function attendanceRecorded(seatId: string): MeetingEvent {
  return { type: 'AttendanceRecorded', at: Date.now(), by: SECRETARIAT, seatId, status: 'present' };
}

export function sessionOpened(total: number): MeetingEvent {
  return { type: 'SessionOpened', at: Date.now(), by: CHAIR, total, present: total };
}

export function itemStarted(): MeetingEvent {
  return { type: 'ItemStarted', at: Date.now(), by: CHAIR, itemId: ITEM };
}

export interface BallotOptions {
  secrecy?: Secrecy;
  /** Server time after which casts are refused; null = closed by hand. */
  deadline?: number | null;
}

export function motionSpec(ballotId: string, secrecy: Secrecy): MotionBallotSpec {
  return {
    kind: 'motion',
    ballotId,
    itemId: ITEM,
    title: '表决：关于政府工作报告的决议',
    secrecy,
    settings: DEFAULT_MOTION_SETTINGS,
    durationSec: null,
    rerunOf: null,
  };
}

export function ballotOpened(ballotId: string, options: BallotOptions = {}): MeetingEvent {
  return {
    type: 'BallotOpened',
    at: Date.now(),
    by: CHAIR,
    spec: motionSpec(ballotId, options.secrecy ?? 'anonymous'),
    deadline: options.deadline ?? null,
    present: 0,
    quorumMet: true,
    quorumOverride: null,
  };
}

export function ballotClosed(ballotId: string): MeetingEvent {
  return { type: 'BallotClosed', at: Date.now(), by: CHAIR, ballotId, reason: 'presidium', present: 0 };
}

export function ballotVoided(ballotId: string): MeetingEvent {
  return { type: 'BallotVoided', at: Date.now(), by: CHAIR, ballotId, reason: '表决器故障' };
}

/**
 * A cast by seat `n`. The idempotency key and receipt are fixed per (ballot, seat, attempt), so
 * a retry is `castRequest(b, n, choice)` again; `attempt` makes a new, different request.
 */
export function castRequest(ballotId: string, n: number, choiceKey: ChoiceKey, attempt = 1): CastRequest {
  const seatId = seatIdOf(n);
  return {
    ballotId,
    seatId,
    idempotencyKey: `key-${ballotId}-${seatId}-${attempt}`,
    receiptId: `rcpt-${ballotId}-${seatId}-${attempt}`,
    choiceKey,
  };
}

/** The choice seat `n` makes in tests that need a spread of papers. */
export function choiceOf(n: number): ChoiceKey {
  return CHOICES[n % CHOICES.length] as ChoiceKey;
}

/** The box the seats' papers make (each seat's choiceOf), added to the counts in `also`. */
export function boxOfChoices(seats: readonly number[], also: Record<string, number> = {}): Record<string, number> {
  const box = { ...also };
  for (const n of seats) box[choiceOf(n)] = (box[choiceOf(n)] ?? 0) + 1;
  return box;
}

export interface MeetingHandle {
  meetingId: string;
  spec: MeetingSpec;
  version: number;
}

async function appendOrThrow(store: MeetingStore, meetingId: string, version: number, events: MeetingEvent[]): Promise<number> {
  const result = await store.append(meetingId, version, events);
  if (!result.ok) throw new Error(`fixture append conflicted at version ${version} (store has ${result.version})`);
  return result.version;
}

/** A created meeting in session with its one agenda item started. */
export async function createMeeting(store: MeetingStore, delegates: number, meetingId = uniqueId('m')): Promise<MeetingHandle> {
  const spec = meetingSpec(meetingId, delegates);
  let version = await appendOrThrow(store, meetingId, 0, [meetingCreated(spec)]);
  version = await appendOrThrow(store, meetingId, version, [sessionOpened(delegates), itemStarted()]);
  return { meetingId, spec, version };
}

/** Appends events to a meeting made by createMeeting, keeping its version current. */
export async function appendTo(store: MeetingStore, meeting: MeetingHandle, ...events: MeetingEvent[]): Promise<void> {
  meeting.version = await appendOrThrow(store, meeting.meetingId, meeting.version, events);
}

export async function openBallot(store: MeetingStore, meeting: MeetingHandle, options: BallotOptions = {}): Promise<string> {
  const ballotId = uniqueId('b');
  await appendTo(store, meeting, ballotOpened(ballotId, options));
  return ballotId;
}

export function papers(box: Record<string, number> | undefined): number {
  return Object.values(box ?? {}).reduce((sum, n) => sum + n, 0);
}
