import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { RosterTable } from '../../shared/domain/preparation/roster-import';

/**
 * A roster file as the clerk has it (.xlsx, or CSV in UTF-8 or GBK) read into a table of text
 * cells with exceljs; the rules that check the rows are pure and live in the domain
 * (shared/domain/preparation/roster-import.ts).
 */
export const MAX_ROSTER_FILE_BYTES = 5 * 1024 * 1024;

export type RosterFileKind = 'xlsx' | 'csv';
export type CsvEncoding = 'utf-8' | 'gbk';

export type RosterFileOutcome =
  | { ok: true; table: RosterTable; kind: RosterFileKind; encoding: CsvEncoding | null }
  | { ok: false; message: string };

/** An .xlsx file is a zip archive: it starts with "PK\x03\x04". */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without a BOM), else GBK: Excel in a Chinese
 * Windows saves "CSV" in GBK (code page 936), and valid GBK text of any length is almost never
 * valid UTF-8. Node 20 ships full ICU, so TextDecoder reads GBK without another library.
 */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding | 'auto' = 'auto'): { text: string; encoding: CsvEncoding } {
  if (encoding !== 'gbk') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
    } catch (err) {
      if (encoding === 'utf-8') throw err;
    }
  }
  return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
}

function cellText(cell: ExcelJS.Cell): string {
  // `text` renders numbers, rich text, hyperlinks and formula results as the sheet shows them.
  try {
    return cell.text ?? '';
  } catch {
    return '';
  }
}

function tableOf(sheet: ExcelJS.Worksheet): RosterTable | null {
  const rows: { number: number; cells: string[] }[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)).trim());
    rows.push({ number, cells });
  });
  // The header is the first row with anything in it (titles above it, e.g. "代表名单", are not data).
  const headerAt = rows.findIndex((r) => r.cells.filter((c) => c !== '').length >= 2);
  const header = rows[headerAt];
  if (!header) return null;
  const data = rows.slice(headerAt + 1);
  // Blank rows inside the table keep their file numbers: a row report names the row the clerk sees.
  const firstRow = header.number + 1;
  const dense: string[][] = [];
  for (const r of data) {
    while (firstRow + dense.length < r.number) dense.push([]);
    dense.push(r.cells);
  }
  return { headers: header.cells, rows: dense, firstRow };
}

export async function readRosterFile(bytes: Uint8Array, options: { encoding?: CsvEncoding | 'auto' } = {}): Promise<RosterFileOutcome> {
  if (bytes.length === 0) return { ok: false, message: '文件为空 (the file is empty)' };
  if (bytes.length > MAX_ROSTER_FILE_BYTES) return { ok: false, message: `文件超过 ${MAX_ROSTER_FILE_BYTES / 1024 / 1024} MB` };
  // Loaded on the first roster file, not at start: exceljs was a quarter of a server's heap at
  // rest (28.1 → 21.5 MB without it), and a sitting never reads a spreadsheet.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    if (isZip(bytes)) {
      await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0];
      const table = sheet ? tableOf(sheet) : null;
      if (!table) return { ok: false, message: '工作表中没有表头行 (no header row in the first sheet)' };
      return { ok: true, table, kind: 'xlsx', encoding: null };
    }
    const { text, encoding } = decodeCsv(bytes, options.encoding ?? 'auto');
    // map keeps every cell as the text it is: "3-12" is a seat number, not a date, and "007" keeps its zeros.
    const sheet = await workbook.csv.read(Readable.from([text]), { map: (value: string) => value } as never);
    const table = tableOf(sheet);
    if (!table) return { ok: false, message: '文件中没有表头行 (no header row)' };
    return { ok: true, table, kind: 'csv', encoding };
  } catch {
    return { ok: false, message: '无法读取文件：请上传 .xlsx 或 CSV (UTF-8 / GBK) 文件 (the file could not be read)' };
  }
}
