/**
 * An upper bound on the size of a ballot's paper keys (invariant 4, docs/SECURITY.md).
 *
 * A store seals every paper of a secret ballot padded to one fixed length, so that neither the
 * content nor the size of a sealed paper tells papers apart. That length must hold the longest
 * paper the ballot can take, and must be known when the ballot opens (before any paper is
 * seen): it is computed here from the spec alone, kind by kind, from how each kind spells its
 * canonical key (see paper-key.ts and the kinds' `…PaperKey` functions).
 *
 * The bound counts UTF-8 bytes of the key exactly as the kinds write it: compact JSON whose ids
 * and names are `JSON.stringify`-ed strings. It covers every paper that checkChoice accepts
 * (void papers are refused at cast time, so they never need to fit); it may be larger than the
 * longest such paper, never smaller. Tests check it against random valid papers.
 */
import type { BallotSpec } from './kinds';
import { MOTION_OPTIONS } from './motion';
import { MAX_NAME_LENGTH } from './person-name';
import { RATING_OPTIONS } from './rating';

const encoder = new TextEncoder();

/** UTF-8 bytes of `text` written as a JSON string (quotes and escapes included). */
export function jsonStringBytes(text: string): number {
  return encoder.encode(JSON.stringify(text)).length;
}

/**
 * The most UTF-8 bytes one UTF-16 code unit of a string can take once written as JSON: a lone
 * surrogate is escaped as `\udXXX` (6 bytes); anything else takes at most 3 (a pair, 2 units,
 * takes 4).
 */
const MAX_JSON_BYTES_PER_UNIT = 6;

/** A written-in name (normalized, at most MAX_NAME_LENGTH code units) as a JSON string. */
const MAX_WRITE_IN_BYTES = 2 + MAX_NAME_LENGTH * MAX_JSON_BYTES_PER_UNIT;

function longestJsonString(options: readonly string[]): number {
  return Math.max(...options.map(jsonStringBytes));
}

/** The `count` largest values, or all of them when there are fewer. */
function largest(values: readonly number[], count: number): number[] {
  return [...values].sort((a, b) => b - a).slice(0, Math.max(0, count));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** A JSON object whose entries (`"<id>":<value>`) take the given byte lengths. */
function objectBytes(entryBytes: readonly number[]): number {
  // `{` + entries + commas between them + `}`
  return 2 + sum(entryBytes) + Math.max(0, entryBytes.length - 1);
}

/** `"<field>":` */
function fieldBytes(field: string): number {
  return jsonStringBytes(field) + 1;
}

/** `{"marks":{"<id>":"<option>",…}}` with every id marked by its longest option. */
function marksPaperBytes(ids: readonly string[], options: readonly string[]): number {
  const option = longestJsonString(options);
  const marks = objectBytes(ids.map((id) => jsonStringBytes(id) + 1 + option));
  return 2 + fieldBytes('marks') + marks;
}

/** `{"chosen":["<id>",…]}` with the `upTo` longest ids. */
function chosenPaperBytes(ids: readonly string[], upTo: number): number {
  const chosen = largest(ids.map(jsonStringBytes), upTo);
  // `[` + ids + commas + `]`
  const list = 2 + sum(chosen) + Math.max(0, chosen.length - 1);
  return 2 + fieldBytes('chosen') + list;
}

/** Per kind: the bound for one spec of that kind. */
const BOUNDS: { [K in BallotSpec['kind']]: (spec: Extract<BallotSpec, { kind: K }>) => number } = {
  // A motion key is the bare option: yes, no, abstain.
  motion: () => Math.max(...MOTION_OPTIONS.map((option) => encoder.encode(option).length)),
  list_vote: () => Math.max(...MOTION_OPTIONS.map((option) => encoder.encode(option).length)),
  batch: (spec) => {
    if (spec.batch.settings.combined) {
      // {"combined":"abstain"} or {"combined":null}
      return 2 + fieldBytes('combined') + Math.max(longestJsonString(MOTION_OPTIONS), 4);
    }
    return marksPaperBytes(
      spec.batch.items.map((item) => item.itemId),
      MOTION_OPTIONS,
    );
  },
  slate: (spec) => {
    const ids = spec.slate.projects.map((project) => project.projectId);
    // choose_up_to_k: more than `places` chosen is void (R4.3), so refused at cast.
    if (spec.slate.settings.form === 'choose_up_to_k') return chosenPaperBytes(ids, spec.slate.places);
    return marksPaperBytes(ids, MOTION_OPTIONS);
  },
  election: (spec) => {
    const ids = spec.election.candidates.map((candidate) => candidate.candidateId);
    // Abstain is dropped from election keys; every candidate may carry yes or no.
    const marks = objectBytes(ids.map((id) => jsonStringBytes(id) + 1 + longestJsonString(['yes', 'no'])));
    // A valid paper writes in at most `seats` people (R3.3), each in a candidate's slot.
    const slots = spec.election.settings.allowWriteIns ? largest(ids.map(jsonStringBytes), spec.election.seats) : [];
    const writeIns = objectBytes(slots.map((slot) => slot + 1 + MAX_WRITE_IN_BYTES));
    // {"marks":{…},"writeIns":{…}}
    return 2 + fieldBytes('marks') + marks + 1 + fieldBytes('writeIns') + writeIns;
  },
  rating: (spec) =>
    marksPaperBytes(
      spec.rating.subjects.map((subject) => subject.subjectId),
      RATING_OPTIONS,
    ),
};

/**
 * An upper bound on the UTF-8 byte length of the canonical box key of any valid paper of this
 * ballot. Stores size sealed papers from it (paperBytes = roundUp(bound + 4, 16)).
 */
export function paperKeyBound(spec: BallotSpec): number {
  const bound = BOUNDS[spec.kind] as (spec: BallotSpec) => number;
  return bound(spec);
}
