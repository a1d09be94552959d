/**
 * R6.2: a street deliberative congress meets regularly (DEFAULT twice a year). The n regular
 * meetings of a year are due by the end of months 12/n, 24/n, … (twice a year: end of June and
 * end of December). A meeting is "due" within `DUE_WINDOW_DAYS` of that date and "overdue"
 * after it while fewer regular meetings were held. Dates are Beijing calendar dates.
 * Held means the meeting's session opened (phase in_session or closed), not that it was made:
 * a prepared meeting that never sat does not discharge the duty. The meeting's phase lives in
 * the meeting's log, so the caller says which linked meetings were held (`held`).
 */
import type { BodyState } from './body';

export const DUE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export interface MeetingDue {
  year: number;
  expected: number;
  held: number;
  /** The next regular meeting: its number in the year and the last day it is due. */
  next: { no: number; dueBy: string; status: 'upcoming' | 'due' | 'overdue' } | null;
}

function beijingParts(at: number): { year: number; month: number } {
  const d = new Date(at + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** Epoch ms of the end (24:00 Beijing) of month `month` (1–12) of `year`. */
function endOfMonth(year: number, month: number): number {
  return Date.UTC(year, month, 1) - BEIJING_OFFSET_MS;
}

function isoDate(at: number): string {
  return new Date(at + BEIJING_OFFSET_MS - 1).toISOString().slice(0, 10);
}

export function regularMeetingsDue(state: BodyState, now: number, wasHeld: (meetingId: string) => boolean): MeetingDue {
  const { year } = beijingParts(now);
  const expected = state.settings.regularMeetingsPerYear;
  const held = state.meetings.filter((m) => m.regular && m.year === year && wasHeld(m.meetingId)).length;
  if (held >= expected || expected < 1) return { year, expected, held, next: null };
  const no = held + 1;
  const dueMonth = Math.min(12, Math.ceil((12 * no) / expected));
  const dueBy = endOfMonth(year, dueMonth);
  const status = now > dueBy ? 'overdue' : now >= dueBy - DUE_WINDOW_DAYS * DAY_MS ? 'due' : 'upcoming';
  return { year, expected, held, next: { no, dueBy: isoDate(dueBy), status } };
}
