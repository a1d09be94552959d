/**
 * Rows for the projector in one column, or two side by side when there are more than fit at a
 * readable size (e.g. 15 projects): all rows must be on the screen (R4.6, R3.12), none may scroll.
 */
export const ROWS_PER_COLUMN = 8;

export function splitRows<R>(rows: readonly R[]): R[][] {
  if (rows.length <= ROWS_PER_COLUMN) return [[...rows]];
  const half = Math.ceil(rows.length / 2);
  return [rows.slice(0, half), rows.slice(half)];
}
