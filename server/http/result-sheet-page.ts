/**
 * The printable result sheet of one ballot: A4, Chinese, laid out from a ResultSheet
 * (server/results/result-sheet.ts decides every word and number; this file only places them).
 */
import type { Figure, ResultSheet, RowMark, SheetTable, Signature } from '../results/sheet-model';
import { escapeHtml } from './seat-cards-page';

export interface ResultSheetPage {
  sheet: ResultSheet;
  bodyName: string;
  sessionTitle: string;
  /** Printed in the footer, e.g. "2026-12-02 17:47:04". */
  printedAt: string;
}

const MARK_CLASS: Record<Exclude<RowMark, null>, string> = {
  adopted: 'win',
  elected: 'win',
  passed: 'win',
  failed: '',
  tied: 'tie',
  flagged: 'flag',
};

function figures(list: readonly Figure[], className: string): string {
  if (list.length === 0) return '';
  return `<dl class="${className}">${list
    .map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`)
    .join('')}</dl>`;
}

function table(t: SheetTable): string {
  const numeric = (i: number) => t.numericFrom >= 0 && i >= t.numericFrom && i < t.columns.length - 1;
  const head = t.columns.map((c, i) => `<th${numeric(i) ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body =
    t.rows.length === 0
      ? `<tr><td colspan="${t.columns.length}" class="empty">无</td></tr>`
      : t.rows
          .map((r) => {
            const cls = r.mark ? MARK_CLASS[r.mark] : '';
            const cells = r.cells.map((c, i) => `<td${numeric(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('');
            return `<tr${cls ? ` class="${cls}"` : ''}>${cells}</tr>`;
          })
          .join('');
  return `<section class="block"><h3>${escapeHtml(t.caption)}</h3><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

function list(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return `<section class="block"><h3>${escapeHtml(title)}</h3><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></section>`;
}

function signatures(list: readonly Signature[]): string {
  if (list.length === 0) return '';
  const rows = list
    .map(
      (s) =>
        `<div class="sign"><span class="role">${escapeHtml(s.role)}</span><span class="who">${escapeHtml(s.name ?? '')}</span><span class="line">签字：</span></div>`,
    )
    .join('');
  return `<section class="block signatures"><h3>监票人签字</h3>${rows}</section>`;
}

/** The print button's handler: the one inline script the page's CSP admits, by its hash. */
export const PRINT_HANDLER = 'window.print()';

/** The page's only <style>, kept apart so that its CSP hash (security-headers.ts) matches it exactly. */
export const RESULT_SHEET_STYLE = `
  @page { size: A4; margin: 15mm 15mm 18mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "SimSun", "Microsoft YaHei", serif; color: #000; font-size: 11pt; line-height: 1.5; }
  .toolbar { padding: 8px 12px; background: #f3f3f3; border-bottom: 1px solid #ccc; font-size: 14px; font-family: sans-serif; }
  .toolbar button { font-size: 16px; padding: 4px 16px; }
  .page { position: relative; width: 180mm; margin: 0 auto; padding: 6mm 0; }
  .org { text-align: center; font-size: 13pt; margin: 0; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 4px; margin: 2mm 0 4mm; }
  h3 { font-size: 11.5pt; margin: 0 0 1.5mm; border-left: 3px solid #000; padding-left: 2mm; }
  .block { margin: 4mm 0; break-inside: avoid; page-break-inside: avoid; }
  dl { margin: 0; }
  dl div { display: flex; gap: 2mm; }
  dt { color: #333; white-space: nowrap; }
  dt::after { content: "："; }
  dd { margin: 0; }
  .header { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5mm 6mm; border-top: 1px solid #000; border-bottom: 1px solid #000; padding: 2mm 0; }
  .figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1.5mm 4mm; border: 1px solid #000; padding: 2.5mm 3mm; font-size: 12pt; }
  .figures dd { font-weight: bold; }
  .outcome { font-size: 14pt; font-weight: bold; border: 2px solid #000; padding: 2.5mm 3mm; margin: 4mm 0; }
  table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
  th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
  th { background: #eee; font-weight: bold; white-space: nowrap; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.empty { color: #555; text-align: center; }
  tr.win td { font-weight: bold; }
  tr.win td:last-child::before { content: "★ "; }
  tr.tie td:last-child::before { content: "◆ "; }
  tr.flag td:last-child::before { content: "⚑ "; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  ul { margin: 0; padding-left: 5mm; }
  .announce p { margin: 0; border: 1px dashed #000; padding: 2mm 3mm; }
  .decision pre { white-space: pre-wrap; font-family: inherit; margin: 0; border: 1px solid #000; padding: 3mm; }
  .signatures .sign { display: grid; grid-template-columns: 24mm 40mm 1fr; align-items: end; height: 12mm; }
  .signatures .line { border-bottom: 1px solid #000; padding-bottom: 0.5mm; }
  .stamp { position: absolute; top: 18mm; right: 4mm; transform: rotate(-14deg); border: 4px double #c00; color: #c00; font-size: 34pt; font-weight: bold; letter-spacing: 10px; padding: 1mm 6mm; opacity: 0.85; }
  .void-reason { color: #c00; font-weight: bold; font-size: 12pt; border: 2px solid #c00; padding: 2mm 3mm; }
  footer { margin-top: 8mm; font-size: 9pt; color: #333; border-top: 1px solid #999; padding-top: 1.5mm; }
  @media print { .toolbar { display: none; } .page { width: auto; padding: 0; } }
`;

export function renderResultSheetPage(page: ResultSheetPage): string {
  const { sheet } = page;
  const voided = sheet.voided
    ? `<div class="stamp" aria-hidden="true">作废</div><p class="void-reason">本次表决已作废。作废理由：${escapeHtml(sheet.voided.reason)}</p>`
    : '';
  const decision = sheet.decision
    ? `<section class="block decision"><h3>草案文本</h3><pre>${escapeHtml(sheet.decision.text)}</pre></section>`
    : '';
  const announcement = sheet.announcement
    ? `<section class="block announce"><h3>宣布稿</h3><p>${escapeHtml(sheet.announcement)}</p></section>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(sheet.heading)} · ${escapeHtml(page.sessionTitle)}</title>
<style>${RESULT_SHEET_STYLE}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="${PRINT_HANDLER}">打印</button> 请用 A4 纸打印。★ 入选/当选/通过　◆ 票数相等待再次投票　⚑ 不满意，待跟进</div>
<main class="page">
${voided}
<p class="org">${escapeHtml(page.bodyName)}</p>
<p class="org">${escapeHtml(page.sessionTitle)}</p>
<h1>${escapeHtml(sheet.heading)}</h1>
${figures(sheet.header, 'header')}
<section class="block"><h3>计票数字</h3>${figures(sheet.figures, 'figures')}</section>
${sheet.outcome ? `<div class="outcome">结果：${escapeHtml(sheet.outcome)}</div>` : ''}
${sheet.tables.map(table).join('\n')}
${list('说明', sheet.notes)}
${list('适用规则', sheet.rule)}
${announcement}
${decision}
${signatures(sheet.signatures)}
<footer>本表由表决系统根据会议记录生成，只含计票总数，不含任何代表的个人选择。打印时间：${escapeHtml(page.printedAt)}</footer>
</main>
</body>
</html>
`;
}
