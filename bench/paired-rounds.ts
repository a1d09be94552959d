/** Each Biaojue round beside the bare transport's round of the same number (bench/run.ts). */
import type { RoundFigures, TargetFigures } from './target-run';

export interface PairedRound {
  round: number;
  /** casts/s ÷ the bare round's. */
  speed: number;
  /** p99 ÷ the bare round's. */
  p99: number;
  /** Server CPU per cast ÷ the bare round's. */
  cpu: number;
}

/** The rounds past the first (cold code paths), or the only one. */
export function warmRounds(target: TargetFigures): RoundFigures[] {
  return target.rounds.length > 1 ? target.rounds.slice(1) : target.rounds;
}

/** Each warm round of `target` beside the bare transport's round of the same number, run within seconds of it. */
export function pairedRounds(target: TargetFigures, bare: TargetFigures): PairedRound[] {
  return warmRounds(target).flatMap((r) => {
    const b = bare.rounds.find((x) => x.round === r.round);
    if (!b) return [];
    return [{ round: r.round, speed: r.castsPerSecond / b.castsPerSecond, p99: r.latency.p99 / b.latency.p99, cpu: r.serverCpuPerCastUs / b.serverCpuPerCastUs }];
  });
}
