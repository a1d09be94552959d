/**
 * Key layout of the Redis store. Every key of a meeting carries the meeting id as a hash tag
 * (`{…}`), so all of them live in one cluster slot and one Lua script may touch them together.
 * Ids inside key names are checked first (input-checks.ts): they may not carry `{`, `}` or `:`,
 * which would move the hash tag or let one id forge another's key.
 *
 *   bj:meetings                      set     ids of all meetings (the only key outside a meeting's slot)
 *   bj:ack-fence                     string  written before each WAIT so it covers a retried cast's earlier answer (script-runner.ts)
 *   bj:{m}:log                       stream  the command log; entry id `<version>-0`, field `e` = event JSON
 *   bj:{m}:ver                       string  the log's version (number of events)
 *   bj:{m}:ballots                   set     ids of every ballot that was ever opened (or imported)
 *   bj:{m}:gate:<ballotId>           hash    open (1|0), deadline (ms or ''), named (1|0), last (1|0);
 *                                            a secret ballot also holds, from its open until its tally,
 *                                            wkey (its ballot key wrapped by BALLOT_KEY) and paper (paperBytes)
 *   bj:{m}:voters:<ballotId>         hash    seatId → its register entry (see register-entry-codec.ts)
 *   bj:{m}:box:<ballotId>            hash    choiceKey → count; counts only. A named ballot's box moves with
 *                                            each cast; a secret ballot's is written once, at its tally, in
 *                                            sorted key order, by one HSET (see scripts/tally.ts)
 *   bj:{m}:papers:<ballotId>         set     secret ballots while open: sealed papers (server/secrecy/), one
 *                                            per cast, fixed length; deleted by the tally
 *   bj:{m}:castseq                   string  meeting-wide counter giving the register its recording order
 *   bj:{m}:used:<ballotId>           set     last_counts ballots only: `seat\nidempotencyKey` of every paper cast,
 *                                            so a late retry of a replaced paper is a duplicate (named ballots only)
 */
export const MEETINGS_KEY = 'bj:meetings';

/** Field of a log entry that holds the event JSON. */
export const EVENT_FIELD = 'e';

export interface MeetingKeys {
  log: string;
  version: string;
  ballots: string;
  castSeq: string;
  gate(ballotId: string): string;
  voters(ballotId: string): string;
  box(ballotId: string): string;
  papers(ballotId: string): string;
  usedKeys(ballotId: string): string;
}

export function meetingKeys(meetingId: string): MeetingKeys {
  const prefix = `bj:{${meetingId}}:`;
  return {
    log: `${prefix}log`,
    version: `${prefix}ver`,
    ballots: `${prefix}ballots`,
    castSeq: `${prefix}castseq`,
    gate: (ballotId) => `${prefix}gate:${ballotId}`,
    voters: (ballotId) => `${prefix}voters:${ballotId}`,
    box: (ballotId) => `${prefix}box:${ballotId}`,
    papers: (ballotId) => `${prefix}papers:${ballotId}`,
    usedKeys: (ballotId) => `${prefix}used:${ballotId}`,
  };
}

/** The cast script's keys per ballot (scripts/cast.ts KEYS[1..7]), made once: every vote needs them. */
const castKeyLists = new Map<string, readonly string[]>();
/** Ballots whose cast keys are kept at most; a store serves a few meetings of a few dozen ballots. */
const CAST_KEY_LISTS_KEPT = 1024;

export function castKeysOf(meetingId: string, ballotId: string): readonly string[] {
  const id = `${meetingId}\n${ballotId}`;
  let keys = castKeyLists.get(id);
  if (keys) return keys;
  const meeting = meetingKeys(meetingId);
  keys = [meeting.version, meeting.gate(ballotId), meeting.voters(ballotId), meeting.box(ballotId), meeting.castSeq, meeting.usedKeys(ballotId), meeting.papers(ballotId)];
  if (castKeyLists.size >= CAST_KEY_LISTS_KEPT) castKeyLists.clear();
  castKeyLists.set(id, keys);
  return keys;
}

/** Stream entry id of the event that makes `version`. */
export function logEntryId(version: number): string {
  return `${version}-0`;
}
