/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends). It starts with a UTF-8 byte-order mark so
 * that Excel opens the Chinese text as UTF-8 instead of the local code page.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

/** Spreadsheets run cells starting with these as formulas; a quote mark keeps them text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers are written as numbers; only free text (titles, names, reasons) can look like a formula.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
