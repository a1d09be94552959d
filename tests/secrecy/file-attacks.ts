// The attacker of tests/secrecy/file-store-timeline.test.ts: everything it could record while a
// ballot ran (every version of every file under the data directory, every message a staff
// socket received, every export a staff token fetched), and every way it tries to turn that
// into "seat → paper". Scoring is separate (the truth never reaches an attack).

/** One thing the attacker saw, when. */
export interface Observation {
  /** When it was seen (ms); for a file, its mtime, so file timestamps are part of the timeline. */
  t: number;
  /** When the attacker's poll or listener saw it. */
  observedAt: number;
  source: 'file' | 'message' | 'export';
  /** File path relative to the data directory, event name, or "export". */
  name: string;
  text: string;
}

/** What the attacker knows of one ballot once its result is out: id, seats that voted, the distinct papers. */
export interface Target {
  ballotId: string;
  /** Paper keys that the published totals name (counts), as the totals give them. */
  totals: Map<string, number>;
}

export type Guess = Map<string, string>;

const SEAT = /"seatId":"([^"]+)"/g;

interface RegisterEntryView {
  ballotId: string;
  seatId: string;
}

interface JournalRecordView {
  k: string;
  b?: string;
  t?: Array<[string, number]>;
  /** A batch's register as rows (`pr`: ballot id, seat id, …), as objects (`ps`, journals written before `pr`), or one entry (`p`, before `ps`). */
  p?: RegisterEntryView | RegisterEntryView[] | unknown[][];
}

/** One line of a journal version: where it starts, its text, its record if it parses. */
interface JournalLine {
  offset: number;
  line: string;
  record: JournalRecordView | null;
}

/** A journal version's records, in file order, with the character offset of each line. */
function journalLines(text: string): JournalLine[] {
  const lines: JournalLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    let record: JournalRecordView | null = null;
    try {
      record = (JSON.parse(line) as { r: JournalRecordView }).r ?? null;
    } catch {
      record = null;
    }
    lines.push({ offset, line, record });
    offset += line.length + 1;
  }
  return lines;
}

const isRegisterLine = (record: JournalRecordView | null) => record?.k === 'p' || record?.k === 'ps' || record?.k === 'pr';

/** Where a register entry is in the file: from its first to its last character. */
interface Span {
  start: number;
  end: number;
}

/**
 * Every register entry of a journal version, with the characters it spans: a `p` line whole, for
 * a batch's `pr` line the entry's own row inside it (its exact JSON text), or for a `ps` line the
 * entry's own object (an entry holds no nested object).
 */
function registerEntries(lines: readonly JournalLine[]): Array<Span & RegisterEntryView> {
  const entries: Array<Span & RegisterEntryView> = [];
  for (const { offset, line, record } of lines) {
    if (!isRegisterLine(record) || !record?.p) continue;
    if (!Array.isArray(record.p)) {
      entries.push({ start: offset, end: offset + line.length, ballotId: record.p.ballotId, seatId: record.p.seatId });
      continue;
    }
    let from = 0;
    if (record.k === 'pr') {
      for (const row of record.p as unknown[][]) {
        const text = JSON.stringify(row);
        const start = line.indexOf(text, from);
        if (start < 0) continue;
        const end = start + text.length - 1;
        entries.push({ start: offset + start, end: offset + end, ballotId: String(row[0]), seatId: String(row[1]) });
        from = end;
      }
      continue;
    }
    for (const { ballotId, seatId } of record.p as RegisterEntryView[]) {
      const at = line.indexOf(`"seatId":"${seatId}"`, from);
      if (at < 0) continue;
      const start = line.lastIndexOf('{', at);
      const end = line.indexOf('}', at);
      entries.push({ start: offset + start, end: offset + end, ballotId, seatId });
      from = end;
    }
  }
  return entries;
}

/** How far a character is from a span: 0 inside it. */
const distanceTo = (at: number, { start, end }: Span) => (at < start ? start - at : at > end ? at - end : 0);

const isJournal = (o: Observation) => o.source === 'file' && o.name.endsWith('journal.jsonl');

/** A register and (maybe) a box, as one observation shows them. */
interface VoteState {
  t: number;
  seats: string[];
  counts: Map<string, number> | null;
}

function voteStates(observations: readonly Observation[], ballotId: string): VoteState[] {
  const states: VoteState[] = [];
  for (const o of observations) {
    if (isJournal(o)) {
      const seats: string[] = [];
      let counts: Map<string, number> | null = null;
      const lines = journalLines(o.text);
      for (const entry of registerEntries(lines)) if (entry.ballotId === ballotId) seats.push(entry.seatId);
      for (const { record } of lines) {
        if (record?.k === 't' && record.b === ballotId) counts = new Map(record.t ?? []);
      }
      states.push({ t: o.t, seats, counts });
    } else if (o.source === 'file' && o.name.includes(`box/${ballotId}.`)) {
      // Box snapshots of older versions: counts beside nothing.
      try {
        states.push({ t: o.t, seats: [], counts: new Map(Object.entries(JSON.parse(o.text) as Record<string, number>)) });
      } catch {
        // a torn read
      }
    } else if (o.source === 'export') {
      try {
        const archive = JSON.parse(o.text) as { votes?: { participations: Array<{ ballotId: string; seatId: string }>; boxes: Record<string, Record<string, number>> } };
        const votes = archive.votes;
        if (!votes) continue;
        const seats = votes.participations.filter((p) => p.ballotId === ballotId).map((p) => p.seatId);
        const box = votes.boxes[ballotId];
        states.push({ t: o.t, seats, counts: box ? new Map(Object.entries(box)) : null });
      } catch {
        // not an archive
      }
    }
  }
  return states.sort((a, b) => a.t - b.t);
}

function mostCommon(totals: Map<string, number>): string {
  return [...totals].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/** Keys by published count, most common first. */
function byCount(totals: Map<string, number>): string[] {
  return [...totals].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

/** A key as it appears inside JSON text (a string value or an object key). */
const token = (key: string) => JSON.stringify(key);

export type Attack = (observations: readonly Observation[], target: Target) => Guess;

/** A line (journal line, message, export entry) naming exactly one seat and exactly one paper. */
export const coOccurrence: Attack = (observations, { ballotId, totals }) => {
  const guess: Guess = new Map();
  const keys = [...totals.keys()];
  for (const o of observations) {
    const lines = o.source === 'file' ? o.text.split('\n') : [o.text, ...o.text.split('},{')];
    for (const line of lines) {
      if (!line.includes(ballotId)) continue;
      const seats = new Set([...line.matchAll(SEAT)].map((m) => m[1] as string));
      if (seats.size !== 1) continue;
      const found = keys.filter((key) => line.includes(token(key)));
      if (found.length === 1) guess.set([...seats][0] as string, found[0] as string);
    }
  }
  return guess;
};

/** The register in the order it was recorded: the longest one any observation showed. */
function finalRegister(states: readonly VoteState[]): string[] {
  let longest: string[] = [];
  for (const state of states) if (state.seats.length > longest.length) longest = state.seats;
  return longest;
}

/** Boxes seen, by how many papers they hold (the first seen of each size). */
function boxesBySize(states: readonly VoteState[]): Array<[number, Map<string, number>]> {
  const boxes = new Map<number, Map<string, number>>();
  for (const { counts } of states) {
    if (!counts) continue;
    const papers = [...counts.values()].reduce((a, b) => a + b, 0);
    if (!boxes.has(papers)) boxes.set(papers, counts);
  }
  return [...boxes].sort((a, b) => a[0] - b[0]);
}

/**
 * Count deltas: the register is in cast order, so a box holding P papers holds those of its
 * first P seats. Between two boxes of P1 and P2 papers, the papers that came in are those of
 * seats P1…P2−1; a step of one voter gives that voter away. Timestamps do not matter here: a
 * box seen at any moment is placed by its size. `pick` chooses, within one step, each seat's paper.
 */
function countDeltaAttack(pick: (added: Array<[string, number]>, seats: string[]) => Guess): Attack {
  return (observations, { ballotId }) => {
    const states = voteStates(observations, ballotId);
    const register = finalRegister(states);
    const guess: Guess = new Map();
    let before = new Map<string, number>();
    let from = 0;
    for (const [papers, counts] of boxesBySize(states)) {
      // In the box's own key order: a box kept in insertion order gives the arrival order away.
      const added: Array<[string, number]> = [];
      for (const [key, n] of counts) if (n > (before.get(key) ?? 0)) added.push([key, n - (before.get(key) ?? 0)]);
      for (const [seat, key] of pick(added, register.slice(from, papers))) guess.set(seat, key);
      before = counts;
      from = papers;
    }
    return guess;
  };
}

/** Every seat of a step gets the step's most common paper (certain for a step of one). */
export const countDeltas = countDeltaAttack((added, seats) => {
  const likeliest = added.length > 0 ? mostCommon(new Map(added)) : undefined;
  return new Map(likeliest === undefined ? [] : seats.map((seat) => [seat, likeliest]));
});

/** The i-th new paper of a step is the i-th new seat's. */
export const countDeltasInOrder = countDeltaAttack((added, seats) => {
  const papers = added.flatMap(([key, n]) => Array.from({ length: n }, () => key));
  return new Map(seats.flatMap((seat, i) => (papers[i] === undefined ? [] : [[seat, papers[i] as string]])));
});

/** First appearance: the i-th paper to show up anywhere is the i-th registered seat's. */
export const firstAppearance: Attack = (observations, { ballotId, totals }) => {
  const register = finalRegister(voteStates(observations, ballotId));
  const firsts: Array<{ key: string; t: number; at: number }> = [];
  for (const key of totals.keys()) {
    let first: { key: string; t: number; at: number } | null = null;
    for (const o of observations) {
      const at = o.text.indexOf(token(key));
      if (at >= 0 && (!first || o.t < first.t || (o.t === first.t && at < first.at))) first = { key, t: o.t, at };
    }
    if (first) firsts.push(first);
  }
  firsts.sort((a, b) => a.t - b.t || a.at - b.at);
  const guess: Guess = new Map();
  register.forEach((seat, i) => {
    const pick = firsts[i];
    if (pick) guess.set(seat, pick.key);
  });
  return guess;
};

/** File offsets: the paper written nearest to a seat's register entry is that seat's. */
export const nearestOffset: Attack = (observations, { ballotId, totals }) => {
  const guess: Guess = new Map();
  const journals = observations.filter(isJournal);
  for (const o of journals) {
    const occurrences: Array<{ key: string; at: number }> = [];
    for (const key of totals.keys()) {
      for (let at = o.text.indexOf(token(key)); at >= 0; at = o.text.indexOf(token(key), at + 1)) occurrences.push({ key, at });
    }
    if (occurrences.length === 0) continue;
    for (const entry of registerEntries(journalLines(o.text))) {
      if (entry.ballotId !== ballotId) continue;
      let best = occurrences[0] as { key: string; at: number };
      for (const c of occurrences) if (distanceTo(c.at, entry) < distanceTo(best.at, entry)) best = c;
      guess.set(entry.seatId, best.key);
    }
  }
  return guess;
};

/**
 * Sizes: per journal growth step, the bytes beyond the register lines divided among the seats
 * that registered in it. Seats whose papers took the same room share a size class; classes are
 * matched to papers by how common each is in the published totals.
 */
export const sizeClasses: Attack = (observations, { ballotId, totals }) => {
  const journals = observations.filter(isJournal).sort((a, b) => a.observedAt - b.observedAt);
  const classOf = new Map<string, number>();
  for (let i = 1; i < journals.length; i++) {
    const before = journals[i - 1]?.text ?? '';
    const after = journals[i]?.text ?? '';
    if (!after.startsWith(before) || after.length === before.length) continue;
    const delta = after.slice(before.length);
    const lines = journalLines(delta);
    const seats = registerEntries(lines).filter((entry) => entry.ballotId === ballotId);
    if (seats.length === 0) continue;
    const registerLines = lines.filter(({ record }) => isRegisterLine(record));
    const registerBytes = registerLines.reduce((sum, { line }) => sum + line.length + 1, 0);
    const perSeat = Math.round((delta.length - registerBytes) / seats.length);
    for (const { seatId } of seats) if (!classOf.has(seatId)) classOf.set(seatId, perSeat);
  }
  const classSizes = new Map<number, number>();
  for (const size of classOf.values()) classSizes.set(size, (classSizes.get(size) ?? 0) + 1);
  const classes = [...classSizes].sort((a, b) => b[1] - a[1]).map(([size]) => size);
  const keys = byCount(totals);
  const guess: Guess = new Map();
  for (const [seat, size] of classOf) guess.set(seat, keys[Math.min(classes.indexOf(size), keys.length - 1)] ?? '');
  return guess;
};

export const ATTACKS: Record<string, Attack> = { coOccurrence, countDeltas, countDeltasInOrder, firstAppearance, nearestOffset, sizeClasses };

/**
 * Share of seats an attack links right. A seat it has no guess for gets the paper the totals
 * make most likely, so doing nothing scores exactly the chance level.
 */
export function accuracy(guess: Guess, truth: ReadonlyMap<string, string>, totals: Map<string, number>): number {
  const fallback = mostCommon(totals);
  let right = 0;
  for (const [seat, paper] of truth) if ((guess.get(seat) ?? fallback) === paper) right++;
  return right / truth.size;
}

/** The best anyone does from the published totals alone: guess the most common paper for everyone. */
export function chanceLevel(totals: Map<string, number>): number {
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return Math.max(...totals.values()) / all;
}

/**
 * How far above chance an attack that learned nothing could still land, with probability at
 * most 1e-6 for any of `trials` attack runs: Hoeffding's bound for sampling without replacement,
 * P(X/N − E ≥ m) ≤ exp(−2 m² N), union-bounded over the trials.
 */
export function chanceMargin(voters: number, trials: number): number {
  return Math.sqrt(Math.log(trials / 1e-6) / (2 * voters));
}
