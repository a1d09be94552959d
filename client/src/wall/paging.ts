/**
 * Long result tables on the projector are split into screens that advance on their own, never
 * shrunk (issue 11: 48 px at 1920×1080 for every count). Four rows fit beside a result's title,
 * verdict, rule and figures. Rows are spread evenly: 10 rows are 4 + 3 + 3, not 4 + 4 + 2.
 */
export const WALL_ROWS_PER_PAGE = 4;
/** Long enough to read five rows aloud. */
export const WALL_PAGE_SECONDS = 8;

export function splitPages<R>(rows: readonly R[], perPage = WALL_ROWS_PER_PAGE): R[][] {
  if (rows.length === 0) return [[]];
  const pages = Math.ceil(rows.length / perPage);
  const base = Math.floor(rows.length / pages);
  const longer = rows.length % pages;
  const out: R[][] = [];
  let start = 0;
  for (let page = 0; page < pages; page += 1) {
    const size = base + (page < longer ? 1 : 0);
    out.push(rows.slice(start, start + size));
    start += size;
  }
  return out;
}
