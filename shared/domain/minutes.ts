/**
 * The minutes of a meeting (会议记录 / 表决结果汇总), folded from its command log alone: the
 * sittings with their rolls (sittings.ts; an old log without sittings has one implicit sitting
 * opened by SessionOpened), every ballot with its times, counts, voids and reasons, every manual
 * entry with who entered it, and the follow-ups. Pure (no clock, no I/O), and the log carries no
 * delegate's paper, so the minutes cannot link anyone to a choice on a secret ballot (R2.5, R5.6):
 * they hold counts only. Texts come from the one wording source (wording/*).
 */
import type { BallotResult, BallotSpec, FollowUpReason } from './ballots/kinds';
import { methodOf } from './ballots/kinds';
import { manualIssued, manualReturned, type ManualCounts } from './ballots/manual';
import type { Actor, AttendanceStatus, MeetingEvent, MeetingSpec } from './meeting';
import { checkQuorum, type BodyKind } from './quorum';
import { attendanceLine, kindLabel, resultAnnouncement, resultOutcome } from './wording/index';

/** "秘书处 王芳（秘书处）" — who did something, as the minutes print it. */
export function actorLabel(actor: Actor): string {
  const role = ROLE_WORDS[actor.role];
  return role && !actor.name.includes(role) ? `${actor.name}（${role}）` : actor.name;
}

export const ROLE_WORDS: Record<Actor['role'], string> = {
  secretariat: '秘书处',
  presidium: '主席团成员',
  chair: '主席',
  teller: '计票人',
  observer: '列席',
  administrator: '系统管理员',
  delegate: '代表',
  system: '系统',
};

export interface MinutesActor {
  name: string;
  role: Actor['role'];
  accountId: string | null;
  label: string;
}

function who(actor: Actor): MinutesActor {
  return { name: actor.name, role: actor.role, accountId: actor.accountId ?? null, label: actorLabel(actor) };
}

export interface RollFigures {
  total: number;
  present: number;
  onLeave: number;
}

export interface RollEntry {
  seatNo: string;
  name: string;
  status: AttendanceStatus;
  at: number;
  by: MinutesActor;
  reason: string | null;
  late: boolean;
}

export interface MinutesSitting {
  sittingId: string;
  title: string;
  implicit: boolean;
  startedAt: number;
  /** The sign-in window (sittings.ts), first opened and last closed. */
  signInOpenedAt: number | null;
  signInClosedAt: number | null;
  openedAt: number | null;
  closedAt: number | null;
  /** The roll as announced when the sitting opened (R1.5). */
  atOpening: RollFigures | null;
  /** "应到 N 人，实到 M 人，请假 L 人，已达到法定人数" */
  attendanceLine: string | null;
  /** 请假 with reasons, late and manual sign-ins, 缺席: who recorded each (R1.4). */
  leave: RollEntry[];
  late: RollEntry[];
  /** Marks a staff member made by hand (sign-in, leave, absence), with who made them. */
  staffMarks: RollEntry[];
  ballotIds: string[];
}

export interface ManualEntry {
  at: number;
  by: MinutesActor;
  /** 收回 / most hands on an item, and 发出 where a paper count gave it. */
  returned: number;
  issued: number | null;
}

export interface MinutesBallot {
  seq: number;
  ballotId: string;
  itemId: string;
  itemTitle: string;
  title: string;
  kind: BallotSpec['kind'];
  kindLabel: string;
  secrecy: BallotSpec['secrecy'];
  method: 'electronic' | 'manual';
  sittingId: string | null;
  openedAt: number;
  openedBy: MinutesActor;
  presentAtOpen: number;
  quorumMet: boolean;
  quorumOverride: { by: string; reason: string } | null;
  closedAt: number | null;
  closedBy: MinutesActor | null;
  closeReason: 'presidium' | 'deadline' | null;
  publishedAt: number | null;
  publishedBy: MinutesActor | null;
  status: 'open' | 'closed' | 'published' | 'void';
  /** Counts only (R2.5): the published result. */
  result: BallotResult | null;
  outcome: string | null;
  announcement: string | null;
  voided: { at: number; by: MinutesActor; reason: string } | null;
  manualEntries: ManualEntry[];
  rerunOf: string | null;
  followUpOf: { ballotId: string; reason: FollowUpReason } | null;
}

export interface MinutesFollowUp {
  ballotId: string;
  of: string;
  reason: FollowUpReason | 'rerun';
}

export interface MinutesItem {
  itemId: string;
  title: string;
  kind: string;
  startedAt: number | null;
  startedBy: MinutesActor | null;
}

export interface Minutes {
  meetingId: string;
  title: string;
  body: { name: string; kind: BodyKind };
  presidium: string[];
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  sittings: MinutesSitting[];
  items: MinutesItem[];
  ballots: MinutesBallot[];
  followUps: MinutesFollowUp[];
}

interface Fold {
  spec: MeetingSpec;
  minutes: Minutes;
  seats: Map<string, { seatNo: string; name: string; status: AttendanceStatus }>;
  sittings: Map<string, MinutesSitting>;
  current: MinutesSitting | null;
  ballots: Map<string, MinutesBallot>;
}

function newSitting(sittingId: string, title: string, at: number, implicit: boolean): MinutesSitting {
  return {
    sittingId,
    title,
    implicit,
    startedAt: at,
    signInOpenedAt: null,
    signInClosedAt: null,
    openedAt: null,
    closedAt: null,
    atOpening: null,
    attendanceLine: null,
    leave: [],
    late: [],
    staffMarks: [],
    ballotIds: [],
  };
}

function rollNow(fold: Fold): RollFigures {
  let present = 0;
  let onLeave = 0;
  for (const seat of fold.seats.values()) {
    if (seat.status === 'present') present++;
    else if (seat.status === 'on_leave') onLeave++;
  }
  return { total: fold.spec.delegates.length, present, onLeave };
}

function openSitting(fold: Fold, sitting: MinutesSitting, at: number, figures: RollFigures): void {
  sitting.openedAt = at;
  sitting.atOpening = figures;
  const quorum = checkQuorum(fold.spec.body.kind, figures.present, figures.total);
  sitting.attendanceLine = attendanceLine({ ...figures, quorumMet: quorum.met });
}

function sittingFor(fold: Fold, sittingId: string | undefined, at: number): MinutesSitting {
  if (sittingId !== undefined) {
    const known = fold.sittings.get(sittingId);
    if (known) return known;
  }
  if (fold.current) return fold.current;
  // An old log: one implicit sitting holds the whole meeting.
  const implicit = newSitting(sittingId ?? 'sitting-1', '', at, true);
  fold.sittings.set(implicit.sittingId, implicit);
  fold.minutes.sittings.push(implicit);
  fold.current = implicit;
  return implicit;
}

function manualEntry(at: number, by: Actor, counts: ManualCounts): ManualEntry {
  return { at, by: who(by), returned: manualReturned(counts), issued: manualIssued(counts) ?? null };
}

function apply(fold: Fold, event: MeetingEvent): void {
  const m = fold.minutes;
  switch (event.type) {
    case 'AttendanceRecorded': {
      const seat = fold.seats.get(event.seatId);
      if (!seat) return;
      seat.status = event.status;
      const sitting = sittingFor(fold, event.sittingId, event.at);
      const entry: RollEntry = {
        seatNo: seat.seatNo,
        name: seat.name,
        status: event.status,
        at: event.at,
        by: who(event.by),
        reason: event.reason ?? null,
        late: event.late === true,
      };
      if (event.status === 'on_leave') sitting.leave.push(entry);
      if (event.late === true) sitting.late.push(entry);
      if (event.by.role !== 'delegate' && event.by.role !== 'system') sitting.staffMarks.push(entry);
      return;
    }
    case 'SittingStarted': {
      const sitting = newSitting(event.sittingId, event.title, event.at, false);
      // Marks made before the first sitting started (leave filed in advance) belong to it.
      const early = fold.current;
      if (early && early.implicit && early.openedAt === null && early.ballotIds.length === 0) {
        sitting.leave.push(...early.leave);
        sitting.late.push(...early.late);
        sitting.staffMarks.push(...early.staffMarks);
        fold.sittings.delete(early.sittingId);
        m.sittings.splice(m.sittings.indexOf(early), 1);
      }
      fold.sittings.set(event.sittingId, sitting);
      m.sittings.push(sitting);
      fold.current = sitting;
      return;
    }
    case 'SittingOpened': {
      const sitting = fold.sittings.get(event.sittingId);
      if (sitting) openSitting(fold, sitting, event.at, { total: event.total, present: event.present, onLeave: event.onLeave });
      return;
    }
    case 'SignInOpened': {
      const sitting = fold.sittings.get(event.sittingId);
      if (sitting && sitting.signInOpenedAt === null) sitting.signInOpenedAt = event.at;
      return;
    }
    case 'SignInClosed': {
      const sitting = fold.sittings.get(event.sittingId);
      if (sitting) sitting.signInClosedAt = event.at;
      return;
    }
    case 'SittingClosed': {
      const sitting = fold.sittings.get(event.sittingId);
      if (sitting) sitting.closedAt = event.at;
      return;
    }
    case 'SessionOpened': {
      m.openedAt = event.at;
      // Without sittings, the session's opening is the one sitting's (its roll as announced).
      if (fold.minutes.sittings.every((s) => s.implicit)) {
        const sitting = sittingFor(fold, undefined, event.at);
        openSitting(fold, sitting, event.at, { ...rollNow(fold), total: event.total, present: event.present });
      }
      return;
    }
    case 'SessionClosed':
      m.closedAt = event.at;
      for (const s of m.sittings) if (s.implicit && s.closedAt === null) s.closedAt = event.at;
      return;
    case 'ItemStarted': {
      const item = m.items.find((i) => i.itemId === event.itemId);
      if (item && item.startedAt === null) {
        item.startedAt = event.at;
        item.startedBy = who(event.by);
      }
      return;
    }
    case 'BallotOpened': {
      const spec = event.spec;
      if (fold.ballots.has(spec.ballotId)) return;
      const sitting = sittingFor(fold, event.sittingId, event.at);
      sitting.ballotIds.push(spec.ballotId);
      const ballot: MinutesBallot = {
        seq: m.ballots.length + 1,
        ballotId: spec.ballotId,
        itemId: spec.itemId,
        itemTitle: fold.spec.agenda.find((i) => i.itemId === spec.itemId)?.title ?? spec.itemId,
        title: spec.title,
        kind: spec.kind,
        kindLabel: kindLabel(spec.kind, fold.spec.body.kind),
        secrecy: spec.secrecy,
        method: methodOf(spec),
        sittingId: sitting.sittingId,
        openedAt: event.at,
        openedBy: who(event.by),
        presentAtOpen: event.present,
        quorumMet: event.quorumMet,
        quorumOverride: event.quorumOverride,
        closedAt: null,
        closedBy: null,
        closeReason: null,
        publishedAt: null,
        publishedBy: null,
        status: 'open',
        result: null,
        outcome: null,
        announcement: null,
        voided: null,
        manualEntries: [],
        rerunOf: spec.rerunOf,
        followUpOf: spec.followUpOf ?? null,
      };
      fold.ballots.set(spec.ballotId, ballot);
      m.ballots.push(ballot);
      if (spec.rerunOf) m.followUps.push({ ballotId: spec.ballotId, of: spec.rerunOf, reason: 'rerun' });
      if (spec.followUpOf) m.followUps.push({ ballotId: spec.ballotId, of: spec.followUpOf.ballotId, reason: spec.followUpOf.reason });
      return;
    }
    case 'BallotClosed': {
      const ballot = fold.ballots.get(event.ballotId);
      if (!ballot) return;
      ballot.status = 'closed';
      ballot.closedAt = event.at;
      ballot.closedBy = who(event.by);
      ballot.closeReason = event.reason;
      return;
    }
    case 'ManualCountEntered': {
      fold.ballots.get(event.ballotId)?.manualEntries.push(manualEntry(event.at, event.by, event.counts));
      return;
    }
    case 'ResultPublished': {
      const ballot = fold.ballots.get(event.ballotId);
      if (!ballot) return;
      const bodyKind = fold.spec.body.kind;
      ballot.status = 'published';
      ballot.publishedAt = event.at;
      ballot.publishedBy = who(event.by);
      ballot.result = event.result;
      ballot.outcome = resultOutcome(event.result, bodyKind);
      ballot.announcement = resultAnnouncement(event.result, bodyKind);
      return;
    }
    case 'BallotVoided': {
      const ballot = fold.ballots.get(event.ballotId);
      if (!ballot) return;
      ballot.status = 'void';
      ballot.voided = { at: event.at, by: who(event.by), reason: event.reason };
      return;
    }
    default:
      return;
  }
}

/** The minutes of the meeting whose log this is (the first event must be MeetingCreated). */
export function minutesOf(events: readonly MeetingEvent[]): Minutes | null {
  const first = events[0];
  if (!first || first.type !== 'MeetingCreated') return null;
  let fold = start(first.spec, first.at);
  for (const event of events.slice(1)) {
    // A revision before the session replaces the roster and agenda the minutes name.
    if (event.type === 'MeetingRevised') {
      const next = start(event.spec, fold.minutes.createdAt);
      fold = { ...next, minutes: { ...next.minutes } };
      continue;
    }
    apply(fold, event);
  }
  return fold.minutes;
}

function start(spec: MeetingSpec, at: number): Fold {
  return {
    spec,
    minutes: {
      meetingId: spec.meetingId,
      title: spec.title,
      body: { name: spec.body.name, kind: spec.body.kind },
      presidium: [...spec.presidium],
      createdAt: at,
      openedAt: null,
      closedAt: null,
      sittings: [],
      items: spec.agenda.map((item) => ({ itemId: item.itemId, title: item.title, kind: item.kind, startedAt: null, startedBy: null })),
      ballots: [],
      followUps: [],
    },
    seats: new Map(spec.delegates.map((d) => [d.seatId, { seatNo: d.seatNo, name: d.name, status: 'absent' as AttendanceStatus }])),
    sittings: new Map(),
    current: null,
    ballots: new Map(),
  };
}
