/** The printable seat-card sheet: A4, eight cards a page, cut along the dashed lines. */

export interface SeatCard {
  seatNo: string;
  name: string;
  group: string;
  /** Formatted for typing by hand, e.g. "ABCDE-FGHJK". */
  code: string;
  /** Inline <svg> of the QR code for the tablet's pairing link. */
  qrSvg: string;
}

export interface SeatCardsPage {
  meetingTitle: string;
  bodyName: string;
  cards: SeatCard[];
  /** Some seats only (补发): their earlier cards are void. Otherwise every seat's card was issued anew. */
  reprint: boolean;
  /** A ballot is open: the codes pair only once a chair approves them (two-person rule). */
  pendingApproval: boolean;
}

function notice(page: SeatCardsPage): string {
  const which = page.reprint ? `补发座位卡 ${page.cards.length} 张：这些座位的旧卡已作废。` : `座位卡 ${page.cards.length} 张：已为全部座位生成新配对码，此前打印的座位卡均已作废。`;
  const approval = page.pendingApproval ? '表决进行中：配对码须经主席批准后方可使用。' : '';
  return `${escapeHtml(page.bodyName)} · ${which}${approval}本页只显示这一次：刷新或重新打开不会重新生成配对码。请直接打印（A4，每页 8 张）。`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function card(meetingTitle: string, c: SeatCard): string {
  return `
  <section class="card">
    <header>${escapeHtml(meetingTitle)}</header>
    <div class="body">
      <div class="qr">${c.qrSvg}</div>
      <dl>
        <dt>座位</dt><dd class="seat">${escapeHtml(c.seatNo)}</dd>
        <dt>代表</dt><dd class="name">${escapeHtml(c.name)}</dd>
        <dt>代表团</dt><dd>${escapeHtml(c.group || '—')}</dd>
      </dl>
    </div>
    <footer>
      <div>配对码 <span class="code">${escapeHtml(c.code)}</span></div>
      <div class="hint">用本座位的表决终端扫描二维码，或在终端上输入配对码。此码仅可使用一次，请妥善保管。</div>
    </footer>
  </section>`;
}

/** The page's only <style>, kept apart so that its CSP hash (security-headers.ts) matches it exactly. */
export const SEAT_CARDS_STYLE = `
  @page { size: A4; margin: 10mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
  .toolbar { padding: 8px 12px; background: #f3f3f3; border-bottom: 1px solid #ccc; font-size: 14px; }
  .sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0; width: 190mm; margin: 0 auto; }
  .card { height: 69mm; border: 1px dashed #999; padding: 4mm 5mm; display: flex; flex-direction: column; break-inside: avoid; page-break-inside: avoid; }
  .card header { font-size: 10pt; font-weight: bold; border-bottom: 1px solid #333; padding-bottom: 1.5mm; }
  .card .body { display: flex; gap: 4mm; flex: 1; align-items: center; }
  .card .qr { width: 34mm; height: 34mm; flex: none; }
  .card .qr svg { width: 100%; height: 100%; }
  .card dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; font-size: 11pt; }
  .card dt { color: #555; }
  .card dd { margin: 0; }
  .card .seat { font-size: 16pt; font-weight: bold; }
  .card .name { font-size: 14pt; }
  .card footer { font-size: 10pt; }
  .card .code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 14pt; font-weight: bold; letter-spacing: 1px; }
  .card .hint { font-size: 7.5pt; color: #555; margin-top: 1mm; }
  @media print { .toolbar { display: none; } .sheet { width: auto; } }
`;

export function renderSeatCardsPage(page: SeatCardsPage): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>座位卡 · ${escapeHtml(page.meetingTitle)}</title>
<style>${SEAT_CARDS_STYLE}</style>
</head>
<body>
<div class="toolbar">${notice(page)}</div>
<main class="sheet">${page.cards.map((c) => card(page.meetingTitle, c)).join('')}
</main>
</body>
</html>
`;
}
