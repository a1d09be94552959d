import type { MeetingSpec } from './meeting';

/**
 * What makes a meeting's roster and agenda unusable: two seats or two items under one id (the
 * second would silently replace the first, and 应到 would count a seat the hall cannot list).
 * Checked when a meeting is created (the protocol schema and the service both refuse it) and
 * when a log is folded, so old data with a broken roster is reported instead of served.
 */
export function meetingSpecProblems(spec: MeetingSpec): string[] {
  const problems: string[] = [];
  const seats = new Set<string>();
  for (const { seatId } of spec.delegates) {
    if (seats.has(seatId)) problems.push(`duplicate seatId ${JSON.stringify(seatId)}`);
    seats.add(seatId);
  }
  const items = new Set<string>();
  for (const { itemId } of spec.agenda) {
    if (items.has(itemId)) problems.push(`duplicate itemId ${JSON.stringify(itemId)}`);
    items.add(itemId);
  }
  return problems;
}
