/**
 * The audit log (操作日志): every command in the meeting's log with its time and the person who
 * issued it (name, role used, account), filterable. Pure, over the command log only.
 *
 * Secrecy (docs/SECURITY.md): casts are not in the command log at all (the register and the box
 * are kept apart, invariant 4), so no entry here carries a paper or a per-cast time. Delegates'
 * own actions (their sign-in, a speaking request) are left out too: the log lists staff and
 * system actions, which is what an audit of the presidium and the secretariat needs. Entries
 * carry a short description and the ids involved, never an event's payload (specs, results,
 * counts, attachments).
 */
import type { Actor, MeetingEvent } from '../meeting';
import { actorLabel } from '../minutes';

export interface AuditEntry {
  /** Position in the log (1-based): stable, so a filtered view can be matched to the full one. */
  seq: number;
  at: number;
  type: string;
  /** What was done, in Chinese. */
  what: string;
  actor: { name: string; role: Actor['role']; accountId: string | null; label: string };
  ballotId: string | null;
  itemId: string | null;
  seatId: string | null;
  sittingId: string | null;
  reason: string | null;
}

export interface AuditFilter {
  /** An account id, or a display name when the actor has no account (old logs). */
  person?: string;
  type?: string;
  from?: number;
  to?: number;
}

const WHAT: Record<string, string> = {
  MeetingCreated: '创建会议',
  MeetingRevised: '修改会议准备内容',
  DocumentAttached: '上传议程文件',
  PairingCodeIssued: '发放座位卡配对码',
  PairingCodeRevoked: '作废座位卡',
  AttendanceRecorded: '登记出席情况',
  SessionOpened: '宣布开会',
  SessionClosed: '宣布闭会',
  SittingStarted: '开始本次全体会议',
  SignInOpened: '开始签到',
  SignInClosed: '结束签到',
  SittingOpened: '宣布本次会议开会',
  SittingClosed: '宣布本次会议结束',
  ItemStarted: '进入议程事项',
  BallotOpened: '开始表决',
  BallotClosed: '结束表决',
  ManualCountEntered: '录入人工计票结果',
  ResultPublished: '宣布表决结果',
  BallotVoided: '作废表决',
  VoidRequested: '提出作废表决（待第二位主席团成员确认）',
  VoidRequestDecided: '确认或驳回作废表决',
  ChangeRequested: '表决进行中申请变更',
  ChangeDecided: '主席决定变更申请',
  WallModeSet: '切换大屏显示',
  CountdownExtended: '延长表决倒计时',
  CountdownPaused: '暂停表决倒计时',
  CountdownResumed: '恢复表决倒计时',
  FloorGranted: '准许发言',
  FloorSkipped: '跳过发言申请',
  FloorEnded: '结束发言',
};

const ATTENDANCE_WORDS: Record<string, string> = {
  present: '出席',
  on_leave: '请假',
  absent: '缺席',
  not_signed_in: '未签到',
};

function text(event: Record<string, unknown>, field: string): string | null {
  const value = event[field];
  return typeof value === 'string' ? value : null;
}

function describe(event: MeetingEvent): string {
  const base = WHAT[event.type] ?? event.type;
  if (event.type === 'AttendanceRecorded') return `${base}：${ATTENDANCE_WORDS[event.status] ?? event.status}`;
  if (event.type === 'BallotOpened') return `${base}：${event.spec.title}`;
  if (event.type === 'BallotClosed') return event.reason === 'deadline' ? `${base}（倒计时结束）` : base;
  return base;
}

/** Staff and system actions from the log, oldest first. */
export function auditLog(events: readonly MeetingEvent[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  events.forEach((event, index) => {
    const by = (event as { by?: Actor }).by;
    if (!by || by.role === 'delegate') return;
    const fields = event as unknown as Record<string, unknown>;
    const spec = (fields['spec'] as { ballotId?: unknown; itemId?: unknown } | undefined) ?? undefined;
    entries.push({
      seq: index + 1,
      at: event.at,
      type: event.type,
      what: describe(event),
      actor: { name: by.name, role: by.role, accountId: by.accountId ?? null, label: actorLabel(by) },
      ballotId: text(fields, 'ballotId') ?? (event.type === 'BallotOpened' && typeof spec?.ballotId === 'string' ? spec.ballotId : null),
      itemId: text(fields, 'itemId') ?? (event.type === 'BallotOpened' && typeof spec?.itemId === 'string' ? spec.itemId : null),
      seatId: text(fields, 'seatId'),
      sittingId: text(fields, 'sittingId'),
      reason: text(fields, 'reason') ?? (event.type === 'BallotOpened' ? (event.quorumOverride?.reason ?? null) : null),
    });
  });
  return entries;
}

/** Entries matching every given filter; `to` is inclusive. */
export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  return entries.filter(
    (e) =>
      (filter.person === undefined || e.actor.accountId === filter.person || (e.actor.accountId === null && e.actor.name === filter.person)) &&
      (filter.type === undefined || e.type === filter.type) &&
      (filter.from === undefined || e.at >= filter.from) &&
      (filter.to === undefined || e.at <= filter.to),
  );
}

/** The people who appear in the log, for the filter's list: one per account (or name). */
export function auditPeople(entries: readonly AuditEntry[]): Array<{ person: string; label: string }> {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const key = e.actor.accountId ?? e.actor.name;
    if (!seen.has(key)) seen.set(key, e.actor.label);
  }
  return [...seen.entries()].map(([person, label]) => ({ person, label }));
}
