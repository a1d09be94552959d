/**
 * The printable minutes (会议记录 / 表决结果汇总), A4, Chinese: laid out from minutesOf (shared/
 * domain/minutes.ts), which decides every fact and word; this file only places them. Counts
 * only: nothing links a delegate to a choice (R2.5).
 */
import type { Minutes, MinutesBallot, MinutesSitting, RollEntry } from '../../shared/domain/minutes';
import { bodyKindLabel, formatTime, secrecyLabel, methodLabel } from '../../shared/domain/wording/index';
import { escapeHtml } from '../http/seat-cards-page';

export const MINUTES_PRINT_HANDLER = 'window.print()';

export const MINUTES_STYLE = `
  @page { size: A4; margin: 15mm 15mm 18mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "SimSun", "Microsoft YaHei", serif; color: #000; font-size: 11pt; line-height: 1.5; }
  .toolbar { padding: 8px 12px; background: #f3f3f3; border-bottom: 1px solid #ccc; font-size: 14px; font-family: sans-serif; }
  .toolbar button { font-size: 16px; padding: 4px 16px; }
  .page { width: 180mm; margin: 0 auto; padding: 6mm 0; }
  .org { text-align: center; font-size: 13pt; margin: 0; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 4px; margin: 2mm 0 1mm; }
  .sub { text-align: center; margin: 0 0 4mm; }
  h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 2px solid #000; }
  h3 { font-size: 11.5pt; margin: 3mm 0 1mm; border-left: 3px solid #000; padding-left: 2mm; }
  .block { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
  dl { margin: 0; display: grid; grid-template-columns: 26mm 1fr; gap: 0.5mm 3mm; }
  dt { color: #333; } dd { margin: 0; }
  .line { font-weight: bold; border: 1px solid #000; padding: 1.5mm 3mm; margin: 1mm 0; }
  table { width: 100%; border-collapse: collapse; font-size: 10pt; }
  th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
  th { background: #eee; white-space: nowrap; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .announce { border: 1px dashed #000; padding: 2mm 3mm; margin: 1mm 0; }
  .void { color: #c00; font-weight: bold; }
  ul { margin: 0; padding-left: 5mm; }
  footer { margin-top: 8mm; font-size: 9pt; color: #333; border-top: 1px solid #999; padding-top: 1.5mm; }
  @media print { .toolbar { display: none; } .page { width: auto; padding: 0; } }
`;

const time = (at: number | null): string => (at === null ? '—' : formatTime(at));

function rollList(title: string, entries: readonly RollEntry[], withReason: boolean): string {
  if (entries.length === 0) return '';
  const items = entries
    .map((e) => `<li>${escapeHtml(e.seatNo)} ${escapeHtml(e.name)}${withReason && e.reason ? `（${escapeHtml(e.reason)}）` : ''}，${escapeHtml(e.by.label)}记录于 ${time(e.at)}</li>`)
    .join('');
  return `<div class="block"><h3>${escapeHtml(title)}</h3><ul>${items}</ul></div>`;
}

function sitting(s: MinutesSitting, index: number): string {
  const title = s.title || (s.implicit ? '全体会议' : `第 ${index + 1} 次会议`);
  return `<section class="block">
<h3>${escapeHtml(title)}</h3>
<dl>${s.signInOpenedAt !== null ? `<dt>签到</dt><dd>${time(s.signInOpenedAt)} 至 ${time(s.signInClosedAt)}</dd>` : ''}<dt>开会时间</dt><dd>${time(s.openedAt)}</dd><dt>结束时间</dt><dd>${time(s.closedAt)}</dd><dt>表决</dt><dd>${s.ballotIds.length} 项</dd></dl>
${s.attendanceLine ? `<p class="line">${escapeHtml(s.attendanceLine)}</p>` : '<p>尚未宣布开会。</p>'}
</section>
${rollList('请假', s.leave, true)}
${rollList('迟到签到', s.late, true)}
${rollList('工作人员登记（人工签到、请假、缺席）', s.staffMarks, true)}`;
}

function status(b: MinutesBallot): string {
  if (b.status === 'void') return '已作废';
  if (b.status === 'published') return '已宣布';
  return b.status === 'closed' ? '已结束，未宣布' : '进行中';
}

function summaryRow(b: MinutesBallot): string {
  const cells = [
    String(b.seq),
    time(b.openedAt),
    b.itemTitle,
    b.title,
    `${b.kindLabel}，${methodLabel(b.method)}，${secrecyLabel(b.secrecy)}`,
    b.outcome ?? '—',
    status(b),
  ];
  return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

function ballotDetail(b: MinutesBallot): string {
  const lines: string[] = [
    `开始：${time(b.openedAt)}，${b.openedBy.label}；开始时实到 ${b.presentAtOpen} 人${b.quorumMet ? '' : '，未达到法定人数'}`,
  ];
  if (b.quorumOverride) lines.push(`主席团（${b.quorumOverride.by}）同意继续表决，理由：${b.quorumOverride.reason}`);
  if (b.closedAt !== null) lines.push(`结束：${time(b.closedAt)}，${b.closeReason === 'deadline' ? '倒计时结束' : (b.closedBy?.label ?? '')}`);
  for (const e of b.manualEntries) {
    lines.push(`人工录入计票结果：${time(e.at)}，录入人 ${e.by.label}${e.issued !== null ? `，发出 ${e.issued} 张` : ''}，收回 ${e.returned}`);
  }
  if (b.publishedAt !== null) lines.push(`宣布：${time(b.publishedAt)}，${b.publishedBy?.label ?? ''}`);
  if (b.rerunOf) lines.push(`本次是对已作废的表决 ${b.rerunOf} 的重新表决`);
  if (b.followUpOf) lines.push(b.followUpOf.reason === 'tie_revote' ? `就表决 ${b.followUpOf.ballotId} 中票数相等者再次投票` : `表决 ${b.followUpOf.ballotId} 空缺名额的另行选举`);
  const voided = b.voided
    ? `<p class="void">作废：${time(b.voided.at)}，${escapeHtml(b.voided.by.label)}；理由：${escapeHtml(b.voided.reason)}</p>`
    : '';
  return `<section class="block">
<h3>${b.seq}. ${escapeHtml(b.title)}（${escapeHtml(b.ballotId)}）</h3>
<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
${b.announcement ? `<p class="announce">${escapeHtml(b.announcement)}</p>` : ''}
${voided}
</section>`;
}

export function renderMinutesPage(minutes: Minutes, printedAt: string): string {
  const rows = minutes.ballots.map(summaryRow).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>会议记录 · ${escapeHtml(minutes.title)}</title>
<style>${MINUTES_STYLE}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="${MINUTES_PRINT_HANDLER}">打印</button> 请用 A4 纸打印。</div>
<main class="page">
<p class="org">${escapeHtml(minutes.body.name)}</p>
<h1>会议记录</h1>
<p class="sub">${escapeHtml(minutes.title)}　表决结果汇总</p>
<section class="block"><dl>
<dt>会议机构</dt><dd>${escapeHtml(minutes.body.name)}（${escapeHtml(bodyKindLabel(minutes.body.kind))}）</dd>
<dt>主席团</dt><dd>${escapeHtml(minutes.presidium.join('、') || '—')}</dd>
<dt>开会</dt><dd>${time(minutes.openedAt)}</dd>
<dt>闭会</dt><dd>${time(minutes.closedAt)}</dd>
</dl></section>
<h2>一、出席情况</h2>
${minutes.sittings.length > 0 ? minutes.sittings.map(sitting).join('\n') : '<p>尚未开会。</p>'}
<h2>二、表决事项</h2>
<table><thead><tr><th>序号</th><th>开始时间</th><th>议程事项</th><th>表决事项</th><th>类型、方式</th><th>结果</th><th>状态</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">无</td></tr>'}</tbody></table>
<h2>三、各项表决经过</h2>
${minutes.ballots.map(ballotDetail).join('\n') || '<p>无</p>'}
<footer>本记录由表决系统根据会议日志生成，只载计票总数，不载任何代表的选择。打印时间：${escapeHtml(printedAt)}</footer>
</main>
</body>
</html>`;
}
