/** The options a benchmark motion offers. */
const OPTIONS = ['yes', 'no', 'abstain'] as const;

/**
 * What a simulated tablet votes, from its seat number alone: the tablet workers cast it and the
 * runner counts the published result against it, so both must use this one rule.
 */
export function benchChoiceOf(seatId: string): (typeof OPTIONS)[number] {
  return OPTIONS[Number(seatId.replace(/\D/g, '')) % OPTIONS.length]!;
}
