import type { Delegate } from '../../../../shared/domain/meeting';

/** Rows of the roster table on one page: 3,000 seats stay a short page of light rows (issue 10). */
export const ROSTER_PAGE_SIZE = 100;

/**
 * The delegates whose name, seat number or group contains `query` (trimmed, case-folded);
 * all of them for an empty query. O(N) per keystroke, no copies when nothing is searched.
 */
export function searchRoster(delegates: readonly Delegate[], query: string): readonly Delegate[] {
  const q = query.trim().toLowerCase();
  if (!q) return delegates;
  return delegates.filter((d) => d.name.toLowerCase().includes(q) || d.seatNo.toLowerCase().includes(q) || d.group.toLowerCase().includes(q));
}

export interface RosterPage {
  rows: readonly Delegate[];
  /** 0-based page shown (clamped), and how many pages there are (at least 1). */
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown; 0 and 0 when there are none. */
  from: number;
  to: number;
}

export function rosterPage(matches: readonly Delegate[], page: number, size = ROSTER_PAGE_SIZE): RosterPage {
  const pages = Math.max(1, Math.ceil(matches.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const rows = matches.slice(p * size, (p + 1) * size);
  return { rows, page: p, pages, from: rows.length ? p * size + 1 : 0, to: p * size + rows.length };
}
