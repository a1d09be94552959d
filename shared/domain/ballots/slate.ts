/**
 * R4 民生实事项目代表票决: delegates choose K of N candidate projects.
 *
 * Forms (R4.3): 'per_project' (DEFAULT) marks each project 赞成/不赞成/弃权 or leaves it blank,
 * with at most K 赞成 per paper; 'choose_up_to_k' picks at most K projects. A paper over the cap
 * is void but still a returned ballot (by analogy with R3.3).
 * Rules (R4.5): 'top_k_with_majority' (DEFAULT) ranks by 赞成 and adopts the top K among projects
 * with 赞成 > half of all delegates; 'top_k_only' takes the top K by 赞成. A tie at the cut-off
 * is never broken here: it goes to a new vote among the tied projects.
 */
import { minMoreThanHalf, moreThanHalf } from '../arithmetic';
import type { BallotBox } from './box-papers';
import { MOTION_OPTIONS, type MotionOption } from './motion';
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
import { competitionRanks, fillPlaces } from './ranking';
import { returnedFitsIssued, tallyBoxWith, tallyPapers, type CountContext, type PaperTallyRules } from './tally';

export interface SlateProject {
  /** Stable for the whole year, so the year-end rating links to this vote (R4.8). */
  projectId: string;
  title: string;
  /** 实施单位 / 责任单位 */
  sponsorUnit: string;
  /** 预算 in fen (分), a whole number; null when not given. */
  budgetFen: number | null;
  summary: string;
}

export type SlateForm = 'per_project' | 'choose_up_to_k';
export type SlateRule = 'top_k_with_majority' | 'top_k_only';

export interface SlateSettings {
  /** R4.3. DEFAULT 'per_project'. */
  form: SlateForm;
  /** R4.5. DEFAULT 'top_k_with_majority'. */
  rule: SlateRule;
  /** R4.3: a per-project paper with more than K 赞成 is void. DEFAULT true. */
  capYesAtPlaces: boolean;
}

export const DEFAULT_SLATE_SETTINGS: SlateSettings = {
  form: 'per_project',
  rule: 'top_k_with_majority',
  capYesAtPlaces: true,
};

export interface SlateSpec {
  /** K: how many projects the year's list takes. */
  places: number;
  /** The candidate projects, in the order printed on the paper. */
  projects: SlateProject[];
  settings: SlateSettings;
  /**
   * The year the projects are for (R4.7), e.g. 2027 when a December session votes next year's
   * projects. Absent: the year of the vote date in Beijing (decisionYear in slate-decision.ts).
   */
  year?: number;
}

/** A sane range for SlateSpec.year: a typo such as 207 or 20277 is refused, not printed. */
export const MIN_SLATE_YEAR = 2000;
export const MAX_SLATE_YEAR = 2100;

/**
 * per_project: {"marks":{"p1":"yes","p2":"no"}}, a project left out is blank.
 * choose_up_to_k: {"chosen":["p1","p3"]}, ids sorted and distinct.
 */
export type SlatePaper = { marks: Record<string, MotionOption> } | { chosen: string[] };

/** paper_count: papers the tellers judged void in a hand count (R2.9), entered as a number. */
export type SlateVoidReason = 'over_cap' | 'unreadable' | 'paper_count';
export const SLATE_VOID_REASONS: readonly SlateVoidReason[] = ['over_cap', 'unreadable', 'paper_count'];

export interface SlateWarning {
  code: 'CANDIDATES_NOT_MORE_THAN_PLACES';
  message: string;
}

/** R4.2: a 差额 vote needs more candidates than places; 等额 is allowed but worth a warning. */
export function slateWarnings(spec: SlateSpec): SlateWarning[] {
  if (spec.projects.length > spec.places) return [];
  return [
    {
      code: 'CANDIDATES_NOT_MORE_THAN_PLACES',
      message: `候选项目${spec.projects.length}个，不多于拟选${spec.places}个：不是差额票决`,
    },
  ];
}

export function checkSlateSpec(spec: SlateSpec): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(spec.places) || spec.places < 1) problems.push('places must be a whole number ≥ 1');
  if (spec.projects.length === 0) problems.push('a project vote needs at least one project');
  if (spec.year !== undefined && (!Number.isSafeInteger(spec.year) || spec.year < MIN_SLATE_YEAR || spec.year > MAX_SLATE_YEAR)) {
    problems.push(`year must be a whole number from ${MIN_SLATE_YEAR} to ${MAX_SLATE_YEAR}`);
  }
  const seen = new Set<string>();
  for (const project of spec.projects) {
    if (!isMarkId(project.projectId)) problems.push(`project ids must be 1–${MAX_ID_LENGTH} characters`);
    else if (seen.has(project.projectId)) problems.push(`duplicate project id ${project.projectId}`);
    seen.add(project.projectId);
    if (project.budgetFen !== null && (!Number.isSafeInteger(project.budgetFen) || project.budgetFen < 0)) {
      problems.push(`budget of ${project.projectId} must be a whole number of fen ≥ 0`);
    }
  }
  return problems;
}

function readSlatePaper(value: unknown, known: ReadonlySet<string> | null): Parsed<SlatePaper> {
  if (!isRecord(value)) return { ok: false, message: 'a project ballot paper must be an object' };
  const fields = Object.keys(value);
  if (fields.length === 1 && fields[0] === 'marks') {
    const marks = readMarks(value.marks, known, MOTION_OPTIONS, 'marks');
    return marks.ok ? { ok: true, value: { marks: marks.value } } : marks;
  }
  if (fields.length === 1 && fields[0] === 'chosen') {
    const chosen = value.chosen;
    if (!Array.isArray(chosen) || !chosen.every(isMarkId)) {
      return { ok: false, message: 'chosen must be a list of project ids' };
    }
    if (new Set(chosen).size !== chosen.length) return { ok: false, message: 'chosen lists a project twice' };
    const unknown = known ? chosen.find((id) => !known.has(id)) : undefined;
    if (unknown !== undefined) return { ok: false, message: `chosen: unknown project ${JSON.stringify(unknown)}` };
    return { ok: true, value: { chosen: [...chosen].sort(compareCodeUnits) } };
  }
  return { ok: false, message: 'a project ballot paper is either {marks} or {chosen}' };
}

/** The canonical box key of a project ballot paper. */
export function slatePaperKey(paper: SlatePaper): string {
  if ('chosen' in paper) return canonicalJson({ chosen: [...paper.chosen].sort(compareCodeUnits) });
  return canonicalJson({ marks: sortedRecord(Object.entries(paper.marks)) });
}

/** Reads a canonical key back into its paper (shape only; see checkSlatePaper for the ballot). */
export function parseSlatePaperKey(key: string): Parsed<SlatePaper> {
  return parseCanonicalKey(key, (value) => readSlatePaper(value, null), slatePaperKey);
}

function yesCount(paper: SlatePaper): number {
  if ('chosen' in paper) return paper.chosen.length;
  return Object.values(paper.marks).filter((option) => option === 'yes').length;
}

/**
 * Checks one paper against the ballot. Unknown projects or the wrong form are rejected;
 * too many 赞成/choices make the paper void (R4.3), which the UI should block beforehand.
 */
export function checkSlatePaper(spec: SlateSpec, paper: unknown): PaperCheck<SlatePaper, SlateVoidReason> {
  const read = readSlatePaper(paper, new Set(spec.projects.map((p) => p.projectId)));
  if (!read.ok) return read;
  const choosing = spec.settings.form === 'choose_up_to_k';
  if (choosing !== ('chosen' in read.value)) {
    return {
      ok: false,
      message: choosing
        ? 'this ballot chooses up to K projects: send {chosen}'
        : 'this ballot marks each project: send {marks}',
    };
  }
  const capped = choosing || spec.settings.capYesAtPlaces;
  const voidReason = capped && yesCount(read.value) > spec.places ? 'over_cap' : null;
  return { ok: true, paper: read.value, key: slatePaperKey(read.value), voidReason };
}

export interface SlateProjectCounts {
  projectId: string;
  yes: number;
  no: number;
  abstain: number;
  /**
   * Valid papers that did not choose this project (choose_up_to_k form only). A per-project
   * paper that leaves a project unmarked counts as 弃权 there (R4.3), never here.
   */
  blank: number;
}

export interface SlateTally {
  returned: number;
  void: Record<SlateVoidReason, number>;
  /** In ballot order. */
  projects: SlateProjectCounts[];
}

function emptySlateTally(spec: SlateSpec): SlateTally {
  return {
    returned: 0,
    void: { over_cap: 0, unreadable: 0, paper_count: 0 },
    projects: spec.projects.map((p) => ({ projectId: p.projectId, yes: 0, no: 0, abstain: 0, blank: 0 })),
  };
}

function addSlatePaper(tally: SlateTally, check: PaperCheck<SlatePaper, SlateVoidReason>, times: number): void {
  tally.returned += times;
  const reason = check.ok ? check.voidReason : 'unreadable';
  if (reason !== null) {
    tally.void[reason] += times;
    return;
  }
  if (!check.ok) return;
  const optionFor = slateOptions(check.paper);
  const choosing = 'chosen' in check.paper;
  for (const counts of tally.projects) {
    const option = optionFor(counts.projectId);
    if (option) counts[option] += times;
    // R4.3: a project left unmarked on a cast per-project paper counts as 弃权 (as in R3.2), so
    // 赞成 + 反对 + 弃权 = 有效票 for every project. In the choose form "not chosen" is no option.
    else if (choosing) counts.blank += times;
    else counts.abstain += times;
  }
}

/** What a valid paper says about each project: a choice in the choose form counts as 赞成. */
function slateOptions(paper: SlatePaper): (projectId: string) => MotionOption | undefined {
  if ('chosen' in paper) {
    const chosen = new Set(paper.chosen);
    return (projectId) => (chosen.has(projectId) ? 'yes' : undefined);
  }
  return (projectId) => ownValue(paper.marks, projectId);
}

const slateTallyRules: PaperTallyRules<SlateSpec, SlatePaper, SlateVoidReason, SlateTally> = {
  emptyTally: emptySlateTally,
  parseKey: parseSlatePaperKey,
  checkPaper: checkSlatePaper,
  addPaper: addSlatePaper,
};

/** Tallies a closed box. */
export function tallySlateBox(spec: SlateSpec, box: BallotBox): SlateTally {
  return tallyBoxWith(slateTallyRules, spec, box);
}

/** Tallies papers one by one (manual entry, and the reference the box tally must match). */
export function tallySlatePapers(spec: SlateSpec, papers: readonly unknown[]): SlateTally {
  return tallyPapers(slateTallyRules, spec, papers);
}

export interface SlateProjectResult extends SlateProject {
  yes: number;
  no: number;
  abstain: number;
  blank: number;
  /** Competition rank by 赞成 among all projects (1, 2, 2, 4). */
  rank: number;
  /** Passes the rule's bar (R4.5: 赞成 > half of all delegates under the default rule). */
  qualified: boolean;
  adopted: boolean;
  /** In the tie for the last place(s); see tieRevote. */
  tied: boolean;
}

export type SlateOutcome =
  /** R4.6: more papers returned than issued; nothing is counted, the vote must be re-run. */
  | 'invalid'
  /** All K places decided. */
  | 'filled'
  /** Some places wait for a new vote among tied projects. */
  | 'tie_revote'
  /** Fewer qualifiers than places: the rest stay open (R4.5). */
  | 'places_open';

export interface SlateResult {
  kind: 'slate';
  form: SlateForm;
  rule: SlateRule;
  places: number;
  total: number;
  present: number;
  issued: number;
  returned: number;
  valid: number;
  void: number;
  voidReasons: Record<SlateVoidReason, number>;
  validity: 'valid' | 'returned_exceeds_issued';
  outcome: SlateOutcome;
  /** Fewest 赞成 that qualify: more than half of all (default rule), or 1 for top_k_only. */
  requiredYes: number;
  /** Every project in ballot order with its counts (R4.6: all are read out and published). Empty when invalid. */
  projects: SlateProjectResult[];
  /** Adopted project ids, highest 赞成 first. */
  adopted: string[];
  /** Places decided by this vote (= adopted.length). */
  decidedPlaces: number;
  /** The tie at the cut-off: a new vote among these projects for `places` places. */
  tieRevote: { projectIds: string[]; places: number } | null;
  /** Places left unfilled because too few projects qualified. */
  openPlaces: number;
  warnings: SlateWarning[];
}

/**
 * R4.5 + R4.6: decide the year's projects from the tally. Under 'top_k_only' a project still
 * needs at least one 赞成: a project nobody chose is not "chosen by vote".
 */
export function countSlate(spec: SlateSpec, tally: SlateTally, context: CountContext): SlateResult {
  const issued = context.issued ?? context.present;
  const voidCount = SLATE_VOID_REASONS.reduce((sum, reason) => sum + tally.void[reason], 0);
  const valid = returnedFitsIssued(tally.returned, issued);
  const requiredYes = spec.settings.rule === 'top_k_with_majority' ? minMoreThanHalf(context.total) : 1;
  const base = {
    kind: 'slate' as const,
    form: spec.settings.form,
    rule: spec.settings.rule,
    places: spec.places,
    total: context.total,
    present: context.present,
    issued,
    returned: tally.returned,
    valid: tally.returned - voidCount,
    void: voidCount,
    voidReasons: { ...tally.void },
    requiredYes,
    warnings: slateWarnings(spec),
  };
  if (!valid) {
    return {
      ...base,
      validity: 'returned_exceeds_issued',
      outcome: 'invalid',
      projects: [],
      adopted: [],
      decidedPlaces: 0,
      tieRevote: null,
      openPlaces: 0,
    };
  }
  const counts = spec.projects.map((project, index) => ({
    project,
    counts: tally.projects[index] ?? { yes: 0, no: 0, abstain: 0, blank: 0 },
  }));
  const qualifies = (yes: number): boolean =>
    spec.settings.rule === 'top_k_with_majority' ? moreThanHalf(yes, context.total) : yes >= 1;
  const scored = counts.map(({ project, counts: c }) => ({ id: project.projectId, score: c.yes }));
  const ranks = competitionRanks(scored);
  const fill = fillPlaces(
    scored.filter((s) => qualifies(s.score)),
    spec.places,
  );
  const adopted = new Set(fill.selected);
  const tied = new Set(fill.tied);
  const projects = counts.map(({ project, counts: c }): SlateProjectResult => ({
    ...project,
    yes: c.yes,
    no: c.no,
    abstain: c.abstain,
    blank: c.blank,
    rank: ranks.get(project.projectId) ?? 0,
    qualified: qualifies(c.yes),
    adopted: adopted.has(project.projectId),
    tied: tied.has(project.projectId),
  }));
  return {
    ...base,
    validity: 'valid',
    outcome: fill.tied.length > 0 ? 'tie_revote' : fill.unfilled > 0 ? 'places_open' : 'filled',
    projects,
    adopted: fill.selected,
    decidedPlaces: fill.selected.length,
    tieRevote: fill.tied.length > 0 ? { projectIds: fill.tied, places: fill.tiedPlaces } : null,
    openPlaces: fill.unfilled,
  };
}
