/** The minutes as CSV (one row per ballot) and JSON (the whole Minutes): counts only (R2.5). */
import type { Minutes } from '../../shared/domain/minutes';
import { formatTime, methodLabel, secrecyLabel } from '../../shared/domain/wording/index';
import { toCsv } from './csv';

const HEADER = [
  '表决序号', '表决编号', '会议', '议程事项', '表决事项', '表决类型', '表决方式', '记名方式',
  '开始时间', '开始人', '结束时间', '宣布时间', '宣布人', '状态', '应到', '实到', '参加表决', '未表决',
  '表决结论', '作废时间', '作废人', '作废理由', '人工录入人', '重新表决自', '后续表决',
] as const;

const time = (at: number | null): string => (at === null ? '' : formatTime(at));

export function minutesCsv(minutes: Minutes): string {
  const sittingTitle = new Map(minutes.sittings.map((s, i) => [s.sittingId, s.title || (s.implicit ? '全体会议' : `第 ${i + 1} 次会议`)]));
  const rows = minutes.ballots.map((b) => {
    const r = b.result;
    const attendance =
      r === null
        ? null
        : r.kind === 'motion'
          ? { total: r.total, present: r.present, voted: r.voted, notVoted: r.notVoted }
          : r.kind === 'list_vote'
            ? { total: r.motion.total, present: r.motion.present, voted: r.motion.voted, notVoted: r.motion.notVoted }
            : { total: r.total, present: r.present, voted: r.returned, notVoted: Math.max(0, r.present - r.returned) };
    const later = minutes.followUps.filter((f) => f.of === b.ballotId).map((f) => f.ballotId);
    return [
      b.seq, b.ballotId, sittingTitle.get(b.sittingId ?? '') ?? '', b.itemTitle, b.title, b.kindLabel,
      methodLabel(b.method), secrecyLabel(b.secrecy), time(b.openedAt), b.openedBy.label, time(b.closedAt),
      time(b.publishedAt), b.publishedBy?.label ?? '', b.status, attendance?.total ?? null, attendance?.present ?? null,
      attendance?.voted ?? null, attendance?.notVoted ?? null, b.outcome ?? '', time(b.voided?.at ?? null),
      b.voided?.by.label ?? '', b.voided?.reason ?? '', b.manualEntries.map((e) => e.by.label).join('；'),
      b.rerunOf ?? '', later.join('；'),
    ];
  });
  return toCsv(HEADER, rows);
}
