/**
 * The per-delegate record of a named (记名) ballot: who voted how, once the result is published
 * (R2.8). An anonymous ballot has no such record, anywhere (invariant 4): every function here
 * refuses one. The record, its printed sheet (记名表决结果) and its CSV/JSON come from one
 * builder, so the three never disagree.
 */
import { parseBatchPaperKey } from '../../shared/domain/ballots/batch';
import type { BallotSpec } from '../../shared/domain/ballots/kinds';
import { parseSlatePaperKey } from '../../shared/domain/ballots/slate';
import { registerEntryOf } from '../../shared/domain/evolve';
import type { MeetingState } from '../../shared/domain/meeting';
import { escapeHtml } from '../http/seat-cards-page';
import { toCsv } from './csv';

export type NamedStatus = 'voted' | 'not_voted' | 'not_present';

export interface NamedRecordRow {
  seatId: string;
  seatNo: string;
  name: string;
  group: string;
  status: NamedStatus;
  /** The paper as readable text (赞成 / 反对 / 弃权, or one line per item); '' without a paper. */
  choice: string;
  /** When the paper was recorded (server time); null without one. */
  at: number | null;
}

export interface NamedRecord {
  meetingId: string;
  ballotId: string;
  title: string;
  kind: BallotSpec['kind'];
  openedAt: number;
  closedAt: number | null;
  rows: NamedRecordRow[];
  /** Rows by status, for the sheet's figures. */
  counts: Record<NamedStatus, number>;
}

export type NamedRecordOutcome = { ok: true; record: NamedRecord } | { ok: false; reason: 'unknown' | 'anonymous' | 'not_published' };

const OPTION_WORDS: Record<string, string> = { yes: '赞成', no: '反对', abstain: '弃权' };
const STATUS_WORDS: Record<NamedStatus, string> = { voted: '已表决', not_voted: '未表决', not_present: '未出席' };

const option = (key: unknown): string => (typeof key === 'string' && Object.hasOwn(OPTION_WORDS, key) ? (OPTION_WORDS[key] ?? key) : '空白');

/** A paper key as words, by the ballot's kind. Unknown shapes are shown as they are, never dropped. */
export function choiceText(spec: BallotSpec, key: string): string {
  switch (spec.kind) {
    case 'motion':
    case 'list_vote':
      return option(key);
    case 'batch': {
      const paper = parseBatchPaperKey(key);
      if (!paper.ok) return key;
      if ('combined' in paper.value) return `合并表决：${option(paper.value.combined)}`;
      const marks = paper.value.marks;
      return spec.batch.items.map((item) => `${item.title}：${option(Object.hasOwn(marks, item.itemId) ? marks[item.itemId] : null)}`).join('；');
    }
    case 'slate': {
      const paper = parseSlatePaperKey(key);
      if (!paper.ok) return key;
      if ('chosen' in paper.value) {
        const chosen = new Set(paper.value.chosen);
        const titles = spec.slate.projects.filter((p) => chosen.has(p.projectId)).map((p) => p.title);
        return titles.length > 0 ? `选择：${titles.join('、')}` : '未选择';
      }
      const marks = paper.value.marks;
      return spec.slate.projects.map((p) => `${p.title}：${option(Object.hasOwn(marks, p.projectId) ? marks[p.projectId] : null)}`).join('；');
    }
    default:
      // Elections and ratings are always anonymous (checkBallotSpec); never reached for them.
      return key;
  }
}

/** O(N) over the roster, once per request. */
export function namedRecord(state: MeetingState, ballotId: string): NamedRecordOutcome {
  const ballot = state.ballots.get(ballotId);
  if (!ballot) return { ok: false, reason: 'unknown' };
  if (ballot.spec.secrecy !== 'named') return { ok: false, reason: 'anonymous' };
  if (ballot.status !== 'published') return { ok: false, reason: 'not_published' };
  const present = new Set(ballot.presentSeatsAtClose ?? []);
  const counts: Record<NamedStatus, number> = { voted: 0, not_voted: 0, not_present: 0 };
  const rows = state.spec.delegates.map((d): NamedRecordRow => {
    const paper = registerEntryOf(state, ballotId, d.seatId);
    const status: NamedStatus = paper ? 'voted' : present.has(d.seatId) ? 'not_voted' : 'not_present';
    counts[status]++;
    return {
      seatId: d.seatId,
      seatNo: d.seatNo,
      name: d.name,
      group: d.group,
      status,
      choice: paper?.choiceKey ? choiceText(ballot.spec, paper.choiceKey) : '',
      at: paper?.at ?? null,
    };
  });
  return {
    ok: true,
    record: {
      meetingId: state.spec.meetingId,
      ballotId,
      title: ballot.spec.title,
      kind: ballot.spec.kind,
      openedAt: ballot.openedAt,
      closedAt: ballot.closedAt,
      rows,
      counts,
    },
  };
}

export function namedRecordCsv(record: NamedRecord): string {
  return toCsv(
    ['座位号', '姓名', '代表团', '表决情况', '表决意见'],
    record.rows.map((r) => [r.seatNo, r.name, r.group, STATUS_WORDS[r.status], r.choice]),
  );
}

export function namedRecordJson(record: NamedRecord) {
  return {
    meetingId: record.meetingId,
    ballotId: record.ballotId,
    title: record.title,
    kind: record.kind,
    secrecy: 'named' as const,
    openedAt: record.openedAt,
    closedAt: record.closedAt,
    counts: record.counts,
    records: record.rows,
  };
}

/** The page's only <style>, kept apart so that its CSP hash (security-headers.ts) matches it exactly. */
export const NAMED_SHEET_STYLE = `
  @page { size: A4; margin: 15mm 15mm 18mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; font-size: 11pt; }
  .toolbar { padding: 8px 12px; background: #f3f3f3; border-bottom: 1px solid #ccc; font-size: 14px; font-family: sans-serif; }
  .page { width: 180mm; margin: 0 auto; padding: 6mm 0; }
  .org { text-align: center; font-size: 13pt; margin: 0; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 4px; margin: 2mm 0 4mm; }
  .figures { display: flex; gap: 8mm; border: 1px solid #000; padding: 2.5mm 3mm; margin-bottom: 4mm; font-size: 12pt; }
  table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
  th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
  th { background: #eee; white-space: nowrap; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  footer { margin-top: 8mm; font-size: 9pt; color: #333; border-top: 1px solid #999; padding-top: 1.5mm; }
  @media print { .toolbar { display: none; } .page { width: auto; padding: 0; } }
`;

export function renderNamedSheet(record: NamedRecord, page: { bodyName: string; sessionTitle: string; printedAt: string }): string {
  const rows = record.rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.seatNo)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.group)}</td><td>${STATUS_WORDS[r.status]}</td><td>${escapeHtml(r.choice)}</td></tr>`,
    )
    .join('');
  const { voted, not_voted: notVoted, not_present: notPresent } = record.counts;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>记名表决结果 · ${escapeHtml(record.title)}</title>
<style>${NAMED_SHEET_STYLE}</style>
</head>
<body>
<div class="toolbar">记名表决：每位代表的表决意见在结果宣布后公开（R2.8）。请用 A4 纸打印。</div>
<main class="page">
<p class="org">${escapeHtml(page.bodyName)}</p>
<p class="org">${escapeHtml(page.sessionTitle)}</p>
<h1>记名表决结果</h1>
<p class="org">${escapeHtml(record.title)}</p>
<div class="figures"><span>已表决 ${voted} 人</span><span>未表决 ${notVoted} 人</span><span>未出席 ${notPresent} 人</span></div>
<table><thead><tr><th>座位号</th><th>姓名</th><th>代表团</th><th>表决情况</th><th>表决意见</th></tr></thead><tbody>${rows}</tbody></table>
<footer>打印时间 ${escapeHtml(page.printedAt)}</footer>
</main>
</body>
</html>
`;
}
