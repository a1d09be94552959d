/** Ranking and place-filling shared by elections (R3.6) and project votes (R4.5). */

export interface Scored {
  id: string;
  score: number;
}

/** Standard competition ranking (1, 2, 2, 4), highest score first. */
export function competitionRanks(entries: readonly Scored[]): Map<string, number> {
  const sorted = [...entries].sort((a, b) => b.score - a.score);
  const ranks = new Map<string, number>();
  let previous: Scored | undefined;
  let previousRank = 0;
  sorted.forEach((entry, index) => {
    const rank = previous && previous.score === entry.score ? previousRank : index + 1;
    ranks.set(entry.id, rank);
    previous = entry;
    previousRank = rank;
  });
  return ranks;
}

export interface PlaceFill {
  /** Decided winners, highest first; input order among equal scores. */
  selected: string[];
  /** Tied at the cut-off for the last place(s); never broken here (R3.6, R4.5). */
  tied: string[];
  /** How many places the tied compete for. */
  tiedPlaces: number;
  /** Places no qualifier is left for. */
  unfilled: number;
}

/**
 * Fills `places` from the qualified entries by highest score. A tie that straddles the
 * cut-off is left for a new vote among the tied only, never settled by order or lot.
 */
export function fillPlaces(qualified: readonly Scored[], places: number): PlaceFill {
  const sorted = [...qualified].sort((a, b) => b.score - a.score);
  const cut = sorted[places - 1];
  const next = sorted[places];
  if (!cut || !next || next.score < cut.score) {
    const selected = sorted.slice(0, places).map((e) => e.id);
    return { selected, tied: [], tiedPlaces: 0, unfilled: places - selected.length };
  }
  const selected = sorted.filter((e) => e.score > cut.score).map((e) => e.id);
  const tied = sorted.filter((e) => e.score === cut.score).map((e) => e.id);
  return { selected, tied, tiedPlaces: places - selected.length, unfilled: 0 };
}
