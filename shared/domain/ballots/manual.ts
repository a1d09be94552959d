/**
 * Manual entry (R2.4, R2.9, R2.10): a show-of-hands or paper count typed in by the presidium.
 * The numbers become the kind's tally and are counted by the same rule as a ballot box, so a
 * hand count and an electronic count of the same papers give the same result.
 *
 * Each kind's forms, checks and tally are rules of its row in BALLOT_KIND_RULES (kinds.ts), written
 * in manual-counts.ts; this is the face the rest of the domain calls.
 */
import { isBallotKind, rulesOf, type BallotSpec, type BallotTally } from './kinds';
import type { ManualCounts } from './manual-counts';

export type { HandCounts, ManualCounts, PaperCountTotals } from './manual-counts';

/**
 * Problems with entered counts; [] when they can be counted. `present` is 实到 at close: a show
 * of hands cannot have more hands than people in the hall. A paper count may return more papers
 * than were issued: that is recorded and makes the vote invalid (R3.4), it is not a typing error.
 */
export function checkManualCounts(spec: BallotSpec, counts: ManualCounts, present: number): string[] {
  if (counts.kind !== spec.kind) return [`these are ${counts.kind} counts but the ballot is a ${spec.kind}`];
  // The row's rule is handed counts of its own kind only (checked above).
  return rulesOf(spec.kind).checkManualCounts(spec, counts, present);
}

/** 发出 entered with a paper count, if any. */
export function manualIssued(counts: ManualCounts): number | undefined {
  return 'issued' in counts ? counts.issued : undefined;
}

/** 收回 of a manual count: the papers of a paper count, the most hands raised on any item otherwise. */
export function manualReturned(counts: ManualCounts): number {
  // Counts in the log were checked when entered; an event of an imported archive is checked only
  // for its type, so a kind that is no kind reads as none returned rather than failing the minutes.
  return isBallotKind(counts.kind) ? rulesOf(counts.kind).manualReturned(counts) : 0;
}

/** Turns checked counts into the kind's tally, in ballot order. Call checkManualCounts first. */
export function manualTally(spec: BallotSpec, counts: ManualCounts): BallotTally {
  // Counts of another kind make the kind's empty tally (checkManualCounts refuses them first).
  return rulesOf(spec.kind).manualTally(spec, counts.kind === spec.kind ? counts : null);
}
