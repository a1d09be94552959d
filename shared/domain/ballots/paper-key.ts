/**
 * Canonical ballot-paper keys, the keys of a BallotBox.
 *
 * A key is compact JSON (no whitespace) with object keys in UTF-16 code-unit order; each kind
 * sorts its own unordered lists and drops what carries no meaning before encoding. So one paper
 * has exactly one key, papers that say the same thing share one box entry whatever order a
 * client sent them in, and a key never depends on locale or ICU version.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Ordering by UTF-16 code units: stable everywhere, unlike localeCompare. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.keys(value)
      .sort(compareCodeUnits)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Parses a box key with a kind's reader and accepts it only if it is that paper's canonical
 * key; a second spelling of the same paper would otherwise split its count over two entries.
 */
export function parseCanonicalKey<P>(
  key: string,
  read: (value: unknown) => Parsed<P>,
  encode: (paper: P) => string,
): Parsed<P> {
  let value: unknown;
  try {
    value = JSON.parse(key);
  } catch {
    return { ok: false, message: 'paper key is not JSON' };
  }
  const parsed = read(value);
  if (!parsed.ok) return parsed;
  if (encode(parsed.value) !== key) return { ok: false, message: 'paper key is not in canonical form' };
  return parsed;
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const MAX_ID_LENGTH = 64;

/**
 * Ids of a ballot's items, projects, candidates and subjects, as its spec and papers name them:
 * short non-empty strings (a paper's marks are also held to the ids its spec knows). Not the
 * protocol's id rule for meetings, seats and ballots (`isId`, shared/protocol/ids.ts).
 */
export function isMarkId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Reads `{ id: option }` marks, keeping only ids in `known` and options in `options`. */
export function readMarks<O extends string>(
  value: unknown,
  known: ReadonlySet<string> | null,
  options: readonly O[],
  what: string,
): Parsed<Record<string, O>> {
  if (!isRecord(value)) return { ok: false, message: `${what} must be an object of id → option` };
  const entries: Array<[string, O]> = [];
  for (const [id, option] of Object.entries(value)) {
    if (!isMarkId(id)) return { ok: false, message: `${what}: ids must be 1–${MAX_ID_LENGTH} characters` };
    if (known && !known.has(id)) return { ok: false, message: `${what}: unknown id ${JSON.stringify(id)}` };
    if (typeof option !== 'string' || !(options as readonly string[]).includes(option)) {
      return { ok: false, message: `${what}.${id} must be one of ${options.join(', ')}` };
    }
    entries.push([id, option as O]);
  }
  return { ok: true, value: sortedRecord(entries) };
}

/** An object with own properties in code-unit order; safe for any id, "__proto__" included. */
export function sortedRecord<V>(entries: ReadonlyArray<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareCodeUnits(a, b))) as Record<string, V>;
}

/** Own-property lookup, so ids like "constructor" never hit Object.prototype. */
export function ownValue<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The result of checking one ballot paper against its ballot:
 * - ok with voidReason null: a valid paper;
 * - ok with a voidReason: a readable paper that breaks a counting rule (e.g. R3.3 overfilled).
 *   It is still a returned ballot and is counted as void, never dropped;
 * - not ok: not a paper of this ballot at all (unknown ids, wrong shape). Reject it at cast time.
 */
export type PaperCheck<P, R extends string> =
  | { ok: true; paper: P; key: string; voidReason: R | null }
  | { ok: false; message: string };
