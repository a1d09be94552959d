import type { Delegate } from '../meeting';

/**
 * The roster as clerks keep it (a spreadsheet with Chinese column names) turned into seats, all
 * or nothing: one bad row refuses the whole file, with every problem listed by its row number in
 * the file, so a clerk fixes the sheet and imports again instead of finding half a roster.
 */
export const ROSTER_FIELDS = ['name', 'seatNo', 'group', 'gender', 'ethnicity', 'category'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** Column index (0-based) of each field in the file; name and seatNo are required. */
export type ColumnMapping = Partial<Record<RosterField, number>>;

/** The largest roster a file may hold (as MeetingSpecSchema: 5000 seats). */
export const MAX_ROSTER_ROWS = 5000;

/** Lengths the meeting schema accepts (DelegateSchema). */
export const FIELD_MAX: Record<RosterField, number> = { name: 64, seatNo: 32, group: 64, gender: 8, ethnicity: 32, category: 64 };

/** Header names seen in clerks' files, per field; compared without spaces, brackets or case. */
const HEADER_NAMES: Record<RosterField, readonly string[]> = {
  name: ['姓名', '代表姓名', '成员姓名', '名字', '委员姓名', 'name'],
  seatNo: ['座位号', '座号', '座位', '席位号', '席位', '座次', 'seat', 'seatno'],
  group: ['代表团/组', '代表团', '代表组', '小组', '组别', '分组', '所在代表团', 'group', 'delegation'],
  gender: ['性别', 'gender', 'sex'],
  ethnicity: ['民族', 'ethnicity'],
  category: ['类别', '代表类别', '成员类别', '身份', '类型', 'category'],
};

const normHeader = (h: string): string => h.replace(/[\s\u3000()（）:：*＊]/g, '').toLowerCase();

/** The mapping a file's header row suggests: exact names first, then a header that contains one. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const normalized = headers.map(normHeader);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of ROSTER_FIELDS) {
      if (mapping[field] !== undefined) continue;
      const names = HEADER_NAMES[field].map(normHeader);
      const index = normalized.findIndex(
        (h, i) => !used.has(i) && h.length > 0 && (pass === 'exact' ? names.includes(h) : names.some((n) => h.includes(n))),
      );
      if (index >= 0) {
        mapping[field] = index;
        used.add(index);
      }
    }
  }
  return mapping;
}

export interface RowProblem {
  /** Row number as the clerk sees it in the file (the header is row 1). */
  row: number;
  field: RosterField | null;
  message: string;
}

export interface RosterTable {
  headers: string[];
  /** Data rows, in file order, starting at file row `firstRow`. */
  rows: string[][];
  firstRow: number;
}

export interface ImportOptions {
  /** When given, every row's group must be one of these (代表团 list of the meeting). */
  groups?: readonly string[];
  /** The current roster: a seat number already on it keeps its seat id (and so its pairing). */
  existing?: readonly Delegate[];
}

export type ImportOutcome =
  | { ok: true; delegates: Delegate[]; skippedEmptyRows: number }
  | { ok: false; problems: RowProblem[] };

/** Control characters and markup/quoting characters that have no place in a name or seat number. */
// eslint-disable-next-line no-control-regex
const BAD_CHARACTERS = /[\u0000-\u001f\u007f<>{}\\"`|\u200b-\u200f\u2028\u2029\ufeff]/;

const LABELS: Record<RosterField, string> = {
  name: '姓名',
  seatNo: '座位号',
  group: '代表团/组',
  gender: '性别',
  ethnicity: '民族',
  category: '类别',
};

const GENDERS: Record<string, string> = { 男: '男', 女: '女', m: '男', f: '女', male: '男', female: '女' };

/** Trims, folds full-width spaces and collapses inner runs of spaces (names copied from Word often carry them). */
const clean = (value: string | undefined): string => (value ?? '').replace(/\u3000/g, ' ').trim().replace(/\s+/g, ' ');

export function mappingProblems(mapping: ColumnMapping, columns: number): string[] {
  const problems: string[] = [];
  for (const field of ['name', 'seatNo'] as const) {
    if (mapping[field] === undefined) problems.push(`请指定“${LABELS[field]}”列 (map a column to ${field})`);
  }
  const seen = new Map<number, RosterField>();
  for (const field of ROSTER_FIELDS) {
    const index = mapping[field];
    if (index === undefined) continue;
    if (!Number.isSafeInteger(index) || index < 0 || index >= columns) problems.push(`“${LABELS[field]}”列不存在 (column ${index})`);
    const other = seen.get(index);
    if (other) problems.push(`“${LABELS[field]}”与“${LABELS[other]}”用了同一列`);
    seen.set(index, field);
  }
  return problems;
}

/** Seat ids for new seats: seat-001, seat-002 … skipping ids already taken. */
function seatIdMaker(taken: Set<string>): () => string {
  let n = 0;
  return () => {
    let id: string;
    do id = `seat-${String(++n).padStart(3, '0')}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
}

/** Checks every row and builds the roster; O(rows). */
export function importRoster(table: RosterTable, mapping: ColumnMapping, options: ImportOptions = {}): ImportOutcome {
  const mapped = mappingProblems(mapping, table.headers.length);
  if (mapped.length > 0) return { ok: false, problems: mapped.map((message) => ({ row: 1, field: null, message })) };
  if (table.rows.length > MAX_ROSTER_ROWS) {
    return { ok: false, problems: [{ row: 1, field: null, message: `名单超过 ${MAX_ROSTER_ROWS} 行` }] };
  }
  const groups = options.groups && options.groups.length > 0 ? new Set(options.groups.map((g) => clean(g))) : null;
  const existingBySeatNo = new Map((options.existing ?? []).map((d) => [d.seatNo.trim(), d.seatId] as const));
  // Every id of the current roster is taken: a seat that leaves must not hand its pairing to a newcomer.
  const nextSeatId = seatIdMaker(new Set((options.existing ?? []).map((d) => d.seatId)));
  const problems: RowProblem[] = [];
  const firstRowOfSeat = new Map<string, number>();
  const delegates: Delegate[] = [];
  let skippedEmptyRows = 0;

  table.rows.forEach((cells, i) => {
    const row = table.firstRow + i;
    const value = (field: RosterField): string => {
      const index = mapping[field];
      return index === undefined ? '' : clean(cells[index]);
    };
    if (ROSTER_FIELDS.every((f) => value(f) === '')) {
      skippedEmptyRows++;
      return;
    }
    const problem = (field: RosterField, message: string) => problems.push({ row, field, message });
    for (const field of ROSTER_FIELDS) {
      const v = value(field);
      if (v.length > FIELD_MAX[field]) problem(field, `${LABELS[field]}过长（最多 ${FIELD_MAX[field]} 字）`);
      if (BAD_CHARACTERS.test(v)) problem(field, `${LABELS[field]}含有不允许的字符`);
    }
    const name = value('name');
    const seatNo = value('seatNo');
    if (name === '') problem('name', '姓名为空');
    if (seatNo === '') problem('seatNo', '座位号为空');
    else {
      const first = firstRowOfSeat.get(seatNo);
      if (first !== undefined) problem('seatNo', `座位号 ${seatNo} 与第 ${first} 行重复`);
      else firstRowOfSeat.set(seatNo, row);
    }
    const group = value('group');
    if (groups && !groups.has(group)) problem('group', group === '' ? '代表团/组为空' : `未知的代表团/组“${group}”`);
    const genderRaw = value('gender');
    const gender = genderRaw === '' ? '' : GENDERS[genderRaw.toLowerCase()];
    if (gender === undefined) problem('gender', `性别“${genderRaw}”应为 男 或 女`);

    const delegate: Delegate = { seatId: existingBySeatNo.get(seatNo) ?? '', seatNo, name, group };
    if (gender) delegate.gender = gender;
    const ethnicity = value('ethnicity');
    if (ethnicity) delegate.ethnicity = ethnicity;
    const category = value('category');
    if (category) delegate.category = category;
    delegates.push(delegate);
  });

  if (problems.length > 0) return { ok: false, problems };
  if (delegates.length === 0) return { ok: false, problems: [{ row: 1, field: null, message: '文件中没有代表 (no rows)' }] };
  for (const d of delegates) if (d.seatId === '') d.seatId = nextSeatId();
  return { ok: true, delegates, skippedEmptyRows };
}
