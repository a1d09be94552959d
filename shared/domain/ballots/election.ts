/**
 * R3 elections held by a congress (and, when configured, R3.8 direct elections).
 *
 * Paper (R3.2): per candidate 赞成/反对/弃权, unmarked = 弃权. A write-in (另选他人) is written in
 * a candidate's slot and replaces that candidate on this paper, so the slot must be marked 反对
 * (the paper's ×): an abstention cannot be combined with a write-in (P-XJBF).
 * Counting: a paper that picks more people (赞成 + write-ins) than seats is void (R3.3); more
 * papers returned than issued voids the election (R3.4); elected iff 赞成 > half of all
 * delegates (R3.5); a tie at the cut-off goes to a new vote among the tied only (R3.6); seats
 * left over go to 另行选举 (R3.7).
 */
import { minAtLeastFraction, minMoreThanHalf, moreThanHalf } from '../arithmetic';
import type { BallotBox } from './box-papers';
import { MOTION_OPTIONS, type MotionOption } from './motion';
import {
  checkElectionMargin,
  followUpMargin,
  type Contest,
  type ElectionPostType,
  type MarginRange,
  type MarginRules,
  type MarginWarning,
} from './election-margin';
import {
  canonicalJson,
  compareCodeUnits,
  isMarkId,
  isRecord,
  MAX_ID_LENGTH,
  ownValue,
  parseCanonicalKey,
  readMarks,
  sortedRecord,
  type PaperCheck,
  type Parsed,
} from './paper-key';
import { nameProblem, normalizeName } from './person-name';
import { competitionRanks, fillPlaces, type Scored } from './ranking';
import { returnedFitsIssued, tallyBoxWith, tallyPapers, type CountContext, type PaperTallyRules } from './tally';

export interface ElectionCandidate {
  candidateId: string;
  name: string;
  /** 现任职务 and a short bio (简历) as the secretariat prepared them (issue 10); for the papers and sheets. */
  post?: string;
  bio?: string;
}

/** R3.11: tellers are approved by the assembly and sign the result sheet. */
export interface Tellers {
  /** 总监票人 */
  chief: string | null;
  /** 监票人 */
  members: string[];
}

/** 'direct_election': voters elect county/township deputies (XJF 第四十五条), the only place R3.8 applies. */
export type ElectionBallotType = 'congress' | 'direct_election';
/**
 * 'further': 另行选举 of seats the first round left open (R3.7).
 * 'tie_revote': the new vote among candidates tied at the cut-off, where the most votes win (R3.6).
 */
export type ElectionRound = 'first' | 'further' | 'tie_revote';

export interface ElectionSettings {
  /** DEFAULT 'congress'. */
  ballotType: ElectionBallotType;
  /** DEFAULT 'first'. */
  round: ElectionRound;
  /** 补选 (ZZF 第三十条): 等额 is lawful. DEFAULT false. */
  byElection: boolean;
  /** ZZF 第二十八条 lets delegates write in any other person. DEFAULT true. */
  allowWriteIns: boolean;
  /** The 选举办法's own 差额 range (extra candidates), replacing the statutory one. DEFAULT null. */
  marginOverride: MarginRange | null;
}

export const DEFAULT_ELECTION_SETTINGS: ElectionSettings = {
  ballotType: 'congress',
  round: 'first',
  byElection: false,
  allowWriteIns: true,
  marginOverride: null,
};

export interface ElectionSpec {
  /** e.g. "县人民政府副县长" */
  post: string;
  postType: ElectionPostType;
  seats: number;
  /** In the order printed on the paper (usually 姓氏笔画). */
  candidates: ElectionCandidate[];
  tellers: Tellers;
  settings: ElectionSettings;
}

/**
 * marks: candidateId → yes/no (abstain is the unmarked default and is dropped from keys).
 * writeIns: candidateId of the slot → the written name (normalized).
 * Canonical key: {"marks":{"c1":"yes","c2":"no"},"writeIns":{"c2":"王五"}}
 */
export interface ElectionPaper {
  marks: Record<string, MotionOption>;
  writeIns: Record<string, string>;
}

export type ElectionVoidReason =
  /** R3.3: more 赞成 + write-ins than seats. */
  | 'over_seats'
  /** A write-in in a slot left at 弃权 (P-XJBF). */
  | 'write_in_with_abstain'
  /** A write-in in a slot that also votes 赞成 for the printed candidate: two people in one slot. */
  | 'write_in_with_yes'
  /** The same person written in twice on one paper. */
  | 'duplicate_write_in'
  /** A written-in name that is one of the printed candidates (another vote for them). */
  | 'write_in_names_candidate'
  | 'unreadable'
  /** Papers the tellers judged void in a hand count (R2.9), entered as a number. */
  | 'paper_count';

export const ELECTION_VOID_REASONS: readonly ElectionVoidReason[] = [
  'over_seats',
  'write_in_with_abstain',
  'write_in_with_yes',
  'duplicate_write_in',
  'write_in_names_candidate',
  'unreadable',
  'paper_count',
];

function marginRules(spec: ElectionSpec): MarginRules {
  return {
    postType: spec.postType,
    byElection: spec.settings.byElection,
    direct: spec.settings.ballotType === 'direct_election',
    override: spec.settings.marginOverride,
  };
}

/** Blocking problems with an election's setup; margin problems are warnings (see checkElectionMargin). */
export function checkElectionSpec(spec: ElectionSpec): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(spec.seats) || spec.seats < 1) problems.push('seats must be a whole number ≥ 1');
  if (spec.candidates.length === 0 && !spec.settings.allowWriteIns) {
    problems.push('an election without candidates needs write-ins');
  }
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const candidate of spec.candidates) {
    if (!isMarkId(candidate.candidateId)) problems.push(`candidate ids must be 1–${MAX_ID_LENGTH} characters`);
    else if (ids.has(candidate.candidateId)) problems.push(`duplicate candidate id ${candidate.candidateId}`);
    ids.add(candidate.candidateId);
    const name = normalizeName(candidate.name);
    if (name.length === 0) problems.push(`candidate ${candidate.candidateId} has no name`);
    else if (names.has(name)) problems.push(`two candidates are both named ${name}`);
    names.add(name);
  }
  // R3.11 (XJF 第四十三条): tellers come from non-candidates.
  for (const teller of [spec.tellers.chief, ...spec.tellers.members]) {
    if (teller !== null && names.has(normalizeName(teller))) problems.push(`teller ${teller} is a candidate`);
  }
  return problems;
}

function readWriteIns(value: unknown, known: ReadonlySet<string> | null): Parsed<Record<string, string>> {
  if (value === undefined) return { ok: true, value: {} };
  if (!isRecord(value)) return { ok: false, message: 'writeIns must be an object of candidateId → name' };
  const entries: Array<[string, string]> = [];
  for (const [slot, name] of Object.entries(value)) {
    if (!isMarkId(slot) || (known && !known.has(slot))) {
      return { ok: false, message: `writeIns: unknown candidate slot ${JSON.stringify(slot)}` };
    }
    if (typeof name !== 'string') return { ok: false, message: `writeIns.${slot} must be a name` };
    const problem = nameProblem(name);
    if (problem) return { ok: false, message: `writeIns.${slot}: ${problem}` };
    entries.push([slot, normalizeName(name)]);
  }
  return { ok: true, value: sortedRecord(entries) };
}

function readElectionPaper(value: unknown, known: ReadonlySet<string> | null): Parsed<ElectionPaper> {
  if (!isRecord(value)) return { ok: false, message: 'an election paper must be an object' };
  const extra = Object.keys(value).find((field) => field !== 'marks' && field !== 'writeIns');
  if (extra !== undefined) return { ok: false, message: `an election paper has no field ${JSON.stringify(extra)}` };
  const marks = readMarks(value.marks, known, MOTION_OPTIONS, 'marks');
  if (!marks.ok) return marks;
  const writeIns = readWriteIns(value.writeIns, known);
  if (!writeIns.ok) return writeIns;
  return { ok: true, value: { marks: withoutAbstain(marks.value), writeIns: writeIns.value } };
}

/** R3.2: no mark means 弃权, so an explicit 弃权 and a blank are one paper. */
function withoutAbstain(marks: Record<string, MotionOption>): Record<string, MotionOption> {
  return sortedRecord(Object.entries(marks).filter(([, option]) => option !== 'abstain'));
}

/** The canonical box key of an election paper. */
export function electionPaperKey(paper: ElectionPaper): string {
  return canonicalJson({
    marks: withoutAbstain(paper.marks),
    writeIns: sortedRecord(Object.entries(paper.writeIns).map(([slot, name]) => [slot, normalizeName(name)] as const)),
  });
}

/** Reads a canonical key back into its paper (shape only; see checkElectionPaper for the ballot). */
export function parseElectionPaperKey(key: string): Parsed<ElectionPaper> {
  return parseCanonicalKey(key, (value) => readElectionPaper(value, null), electionPaperKey);
}

/** The first counting rule the paper breaks, or null for a valid paper. */
function electionVoidReason(spec: ElectionSpec, paper: ElectionPaper): ElectionVoidReason | null {
  const writeIns = Object.entries(paper.writeIns);
  const yes = Object.values(paper.marks).filter((option) => option === 'yes').length;
  if (yes + writeIns.length > spec.seats) return 'over_seats';
  for (const [slot] of writeIns) {
    const mark = ownValue(paper.marks, slot);
    if (mark === undefined) return 'write_in_with_abstain';
    if (mark === 'yes') return 'write_in_with_yes';
  }
  const names = writeIns.map(([, name]) => name);
  if (new Set(names).size !== names.length) return 'duplicate_write_in';
  const candidateNames = new Set(spec.candidates.map((c) => normalizeName(c.name)));
  if (names.some((name) => candidateNames.has(name))) return 'write_in_names_candidate';
  return null;
}

/**
 * Checks one paper against the election. Unknown candidates, bad names, or write-ins where the
 * ballot allows none are rejected; a readable paper that breaks a counting rule is void (R3.3).
 */
export function checkElectionPaper(
  spec: ElectionSpec,
  paper: unknown,
): PaperCheck<ElectionPaper, ElectionVoidReason> {
  const read = readElectionPaper(paper, new Set(spec.candidates.map((c) => c.candidateId)));
  if (!read.ok) return read;
  if (!spec.settings.allowWriteIns && Object.keys(read.value.writeIns).length > 0) {
    return { ok: false, message: 'this election allows no write-ins' };
  }
  const voidReason = electionVoidReason(spec, read.value);
  return { ok: true, paper: read.value, key: electionPaperKey(read.value), voidReason };
}

export interface CandidateCounts {
  candidateId: string;
  yes: number;
  no: number;
  abstain: number;
}

export interface ElectionTally {
  returned: number;
  void: Record<ElectionVoidReason, number>;
  /** In ballot order; over valid papers, so yes + no + abstain = valid papers. */
  candidates: CandidateCounts[];
  /** Normalized written-in name → votes, over valid papers. */
  writeIns: Map<string, number>;
}

function emptyElectionTally(spec: ElectionSpec): ElectionTally {
  return {
    returned: 0,
    void: Object.fromEntries(ELECTION_VOID_REASONS.map((r) => [r, 0])) as Record<ElectionVoidReason, number>,
    candidates: spec.candidates.map((c) => ({ candidateId: c.candidateId, yes: 0, no: 0, abstain: 0 })),
    writeIns: new Map(),
  };
}

function addElectionPaper(
  tally: ElectionTally,
  check: PaperCheck<ElectionPaper, ElectionVoidReason>,
  times: number,
): void {
  tally.returned += times;
  const reason = check.ok ? check.voidReason : 'unreadable';
  if (reason !== null) {
    tally.void[reason] += times;
    return;
  }
  if (!check.ok) return;
  for (const counts of tally.candidates) counts[ownValue(check.paper.marks, counts.candidateId) ?? 'abstain'] += times;
  for (const name of Object.values(check.paper.writeIns)) {
    tally.writeIns.set(name, (tally.writeIns.get(name) ?? 0) + times);
  }
}

const electionTallyRules: PaperTallyRules<ElectionSpec, ElectionPaper, ElectionVoidReason, ElectionTally> = {
  emptyTally: emptyElectionTally,
  parseKey: parseElectionPaperKey,
  checkPaper: checkElectionPaper,
  addPaper: addElectionPaper,
};

/** Tallies a closed box. */
export function tallyElectionBox(spec: ElectionSpec, box: BallotBox): ElectionTally {
  return tallyBoxWith(electionTallyRules, spec, box);
}

/** Tallies papers one by one (manual entry, and the reference the box tally must match). */
export function tallyElectionPapers(spec: ElectionSpec, papers: readonly unknown[]): ElectionTally {
  return tallyPapers(electionTallyRules, spec, papers);
}

/**
 * more_than_half_of_all: congress elections, first and further rounds (R3.5, R3.7).
 * more_than_half_of_voters: direct elections, first round (XJF 第四十五条: 参加投票的选民过半数).
 * most_votes_with_one_third: direct elections, further round (R3.8: 不得少于选票的三分之一).
 * most_votes: the re-vote among the tied (R3.6, ZZF 第二十九条: 以得票多的当选); at least one vote.
 */
export type ElectionBasis =
  | 'more_than_half_of_all'
  | 'more_than_half_of_voters'
  | 'most_votes_with_one_third'
  | 'most_votes';

export interface CandidateResult extends CandidateCounts {
  name: string;
  /** Competition rank by 赞成 among candidates and write-ins together. */
  rank: number;
  qualified: boolean;
  elected: boolean;
  tied: boolean;
}

export interface WriteInResult {
  name: string;
  votes: number;
  rank: number;
  qualified: boolean;
  elected: boolean;
  tied: boolean;
}

export interface ElectedPerson {
  /** null for a written-in person. */
  candidateId: string | null;
  name: string;
  votes: number;
}

export type ElectionValidity =
  | 'valid'
  /** R3.4 */
  | 'returned_exceeds_issued'
  /** Direct elections only: not more than half of all voters took part (XJF 第四十五条). */
  | 'turnout_not_more_than_half';

export type ElectionOutcome = 'invalid' | 'filled' | 'tie_revote' | 'seats_open';

export interface ElectionResult {
  kind: 'election';
  post: string;
  postType: ElectionPostType;
  seats: number;
  total: number;
  present: number;
  issued: number;
  returned: number;
  valid: number;
  void: number;
  voidReasons: Record<ElectionVoidReason, number>;
  validity: ElectionValidity;
  /** 'invalid': the presidium orders a new vote; nobody's votes are counted (R3.4). */
  outcome: ElectionOutcome;
  rule: {
    ballotType: ElectionBallotType;
    round: ElectionRound;
    basis: ElectionBasis;
    /** Fewest votes that qualify. */
    requiredVotes: number;
  };
  /** 等额/差额 and R3.9 margin warnings. */
  contest: Contest;
  warnings: MarginWarning[];
  /** R3.12: every candidate's count, in ballot order. Empty when invalid. */
  candidates: CandidateResult[];
  /** Written-in names, most votes first. Empty when invalid. */
  writeIns: WriteInResult[];
  /** Most votes first. */
  elected: ElectedPerson[];
  /** R3.6: a new vote among these only, for `seats` seats. */
  tieRevote: { candidateIds: string[]; writeInNames: string[]; seats: number } | null;
  /** R3.7: seats for 另行选举. */
  openSeats: number;
  tellers: Tellers;
}

function basisOf(settings: ElectionSettings): ElectionBasis {
  if (settings.round === 'tie_revote') return 'most_votes';
  if (settings.ballotType === 'congress') return 'more_than_half_of_all';
  return settings.round === 'first' ? 'more_than_half_of_voters' : 'most_votes_with_one_third';
}

/** Fewest votes that qualify; a person with no votes is never elected. */
function requiredVotesFor(basis: ElectionBasis, total: number, returned: number): number {
  switch (basis) {
    case 'more_than_half_of_all':
      return minMoreThanHalf(total);
    case 'more_than_half_of_voters':
      return minMoreThanHalf(returned);
    case 'most_votes_with_one_third':
      return Math.max(1, minAtLeastFraction(returned, 1, 3));
    case 'most_votes':
      return 1;
  }
}

export function countElection(spec: ElectionSpec, tally: ElectionTally, context: CountContext): ElectionResult {
  const issued = context.issued ?? context.present;
  const voidCount = ELECTION_VOID_REASONS.reduce((sum, reason) => sum + tally.void[reason], 0);
  const basis = basisOf(spec.settings);
  const requiredVotes = requiredVotesFor(basis, context.total, tally.returned);
  const margin = checkElectionMargin(spec.seats, spec.candidates.length, marginRules(spec));
  const validity: ElectionValidity = !returnedFitsIssued(tally.returned, issued)
    ? 'returned_exceeds_issued'
    : spec.settings.ballotType === 'direct_election' && !moreThanHalf(tally.returned, context.total)
      ? 'turnout_not_more_than_half'
      : 'valid';
  const base = {
    kind: 'election' as const,
    post: spec.post,
    postType: spec.postType,
    seats: spec.seats,
    total: context.total,
    present: context.present,
    issued,
    returned: tally.returned,
    valid: tally.returned - voidCount,
    void: voidCount,
    voidReasons: { ...tally.void },
    validity,
    rule: { ballotType: spec.settings.ballotType, round: spec.settings.round, basis, requiredVotes },
    contest: margin.contest,
    warnings: margin.warnings,
    tellers: { chief: spec.tellers.chief, members: [...spec.tellers.members] },
  };
  if (validity !== 'valid') {
    return { ...base, outcome: 'invalid', candidates: [], writeIns: [], elected: [], tieRevote: null, openSeats: 0 };
  }

  // Candidates and written-in people compete for the same seats; ids keep the two apart.
  const candidateCounts = spec.candidates.map((candidate, index) => ({
    candidate,
    counts: tally.candidates[index] ?? { candidateId: candidate.candidateId, yes: 0, no: 0, abstain: 0 },
    id: `c:${index}`,
  }));
  const writeIns = [...tally.writeIns.entries()]
    .map(([name, votes]) => ({ name, votes, id: `w:${name}` }))
    .sort((a, b) => b.votes - a.votes || compareCodeUnits(a.name, b.name));
  const contenders: Scored[] = [
    ...candidateCounts.map((c) => ({ id: c.id, score: c.counts.yes })),
    ...writeIns.map((w) => ({ id: w.id, score: w.votes })),
  ];
  const qualifies = (votes: number): boolean => votes >= requiredVotes;
  const ranks = competitionRanks(contenders);
  const fill = fillPlaces(
    contenders.filter((c) => qualifies(c.score)),
    spec.seats,
  );
  const elected = new Set(fill.selected);
  const tied = new Set(fill.tied);

  const people = new Map<string, ElectedPerson>([
    ...candidateCounts.map(
      (c) => [c.id, { candidateId: c.candidate.candidateId, name: c.candidate.name, votes: c.counts.yes }] as const,
    ),
    ...writeIns.map((w) => [w.id, { candidateId: null, name: w.name, votes: w.votes }] as const),
  ]);
  const tiedPeople = fill.tied.flatMap((id) => people.get(id) ?? []);
  return {
    ...base,
    outcome: fill.tied.length > 0 ? 'tie_revote' : fill.unfilled > 0 ? 'seats_open' : 'filled',
    candidates: candidateCounts.map(({ candidate, counts, id }) => ({
      candidateId: candidate.candidateId,
      name: candidate.name,
      yes: counts.yes,
      no: counts.no,
      abstain: counts.abstain,
      rank: ranks.get(id) ?? 0,
      qualified: qualifies(counts.yes),
      elected: elected.has(id),
      tied: tied.has(id),
    })),
    writeIns: writeIns.map(({ name, votes, id }) => ({
      name,
      votes,
      rank: ranks.get(id) ?? 0,
      qualified: qualifies(votes),
      elected: elected.has(id),
      tied: tied.has(id),
    })),
    elected: fill.selected.flatMap((id) => people.get(id) ?? []),
    tieRevote:
      fill.tied.length > 0
        ? {
            candidateIds: tiedPeople.flatMap((p) => p.candidateId ?? []),
            writeInNames: tiedPeople.flatMap((p) => (p.candidateId === null ? p.name : [])),
            seats: fill.tiedPlaces,
          }
        : null,
    openSeats: fill.unfilled,
  };
}

export interface FollowUpElection {
  /** Seats the further election fills (R3.7). */
  seats: number;
  /** Not-elected candidates of the first round, most votes first, with their first-round votes. */
  candidates: Array<ElectionCandidate & { votes: number }>;
  /** The requested count cut through a tie, so every tied candidate is on the list. */
  tiedAtCut: boolean;
}

/**
 * R3.7: builds the 另行选举 candidate list from the first round's vote order (ZZF 第二十九条:
 * 根据在第一次投票时得票多少的顺序). It takes `count` candidates, by default the open seats plus
 * the fewest extra that keeps it 差额 for the post (followUpMargin). Written-in people are not
 * candidates and are left out; the presidium may nominate afresh instead.
 */
export function followUpElection(spec: ElectionSpec, result: ElectionResult, count?: number): FollowUpElection {
  const seats = result.outcome === 'seats_open' ? result.openSeats : 0;
  if (seats === 0) return { seats, candidates: [], tiedAtCut: false };
  const wanted = count ?? seats + followUpMargin(seats, marginRules(spec));
  const remaining = result.candidates
    .filter((c) => !c.elected)
    .sort((a, b) => b.yes - a.yes)
    .map((c) => ({ candidateId: c.candidateId, name: c.name, votes: c.yes }));
  const last = remaining[wanted - 1];
  const next = remaining[wanted];
  const tiedAtCut = last !== undefined && next !== undefined && next.votes === last.votes;
  const candidates = tiedAtCut ? remaining.filter((c) => c.votes >= last.votes) : remaining.slice(0, wanted);
  return { seats, candidates, tiedAtCut };
}
