/** Rows by rank (1, 2, 2, 4), ballot order among equals: the order a result is read out in. */
export function byRank<R extends { rank: number }>(rows: readonly R[]): R[] {
  return rows.map((row, index) => ({ row, index })).sort((a, b) => a.row.rank - b.row.rank || a.index - b.index).map(({ row }) => row);
}
