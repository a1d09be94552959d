// An attacker on a Redis-backed cluster (issue 8 §1): an operator who can run MONITOR, read every
// key of a meeting as often as it likes, read the AOF files as Redis writes them, and a staff
// member polling the meeting export. It records everything, then tries to link seats to papers.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, RESP_TYPES } from 'redis';
import type { MeetingArchive } from '../../server/store/types';

/** One command as MONITOR showed it: Redis' clock (ms) and the arguments. */
export interface MonitorLine {
  redisMs: number;
  args: string[];
}

/** One reading of one key. */
export interface KeyReading {
  type: string;
  encoding: string | null;
  /** HGETALL / SMEMBERS / XREVRANGE … flattened in the order Redis returned them. */
  values: string[];
  /** DUMP, as latin1 text (the serialized value, in the order Redis keeps it). */
  dump: string;
}

/** Every key of the meeting at one moment; `doneAt` is when the last read came back (local clock). */
export interface KeySnapshot {
  doneAt: number;
  keys: Map<string, KeyReading>;
}

export interface ExportReading {
  doneAt: number;
  archive: MeetingArchive;
}

export interface Recording {
  monitor: MonitorLine[];
  snapshots: KeySnapshot[];
  exports: ExportReading[];
  /** Every command of the AOF's incremental files, in file order, as read while Redis wrote them. */
  aof: string[][];
}

/** Unescapes one MONITOR argument (Redis writes it like a C string with \xHH escapes). */
function unescapeMonitor(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'latin1'));
      continue;
    }
    const next = text[++i];
    if (next === 'x') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };
      bytes.push(simple[next ?? ''] ?? (next ?? '').charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function parseMonitorLine(line: string): MonitorLine {
  const seconds = Number(line.slice(0, line.indexOf(' ')));
  const args = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescapeMonitor(m[1] ?? ''));
  return { redisMs: seconds * 1000, args };
}

/** The commands of a RESP command stream (an AOF incremental file). Stops at a partial tail. */
export function parseResp(bytes: Buffer): string[][] {
  const commands: string[][] = [];
  let at = 0;
  const line = (): string | null => {
    const end = bytes.indexOf('\r\n', at);
    if (end < 0) return null;
    const text = bytes.subarray(at, end).toString('latin1');
    at = end + 2;
    return text;
  };
  while (at < bytes.length) {
    const start = at;
    const head = line();
    if (head === null || !head.startsWith('*')) break;
    const n = Number(head.slice(1));
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      const size = line();
      if (size === null || !size.startsWith('$')) break;
      const length = Number(size.slice(1));
      if (at + length + 2 > bytes.length) break;
      args.push(bytes.subarray(at, at + length).toString('utf8'));
      at += length + 2;
    }
    if (args.length !== n) {
      at = start;
      break;
    }
    commands.push(args);
  }
  return commands;
}

const READS: Record<string, (key: string) => string[]> = {
  string: (key) => ['GET', key],
  hash: (key) => ['HGETALL', key],
  set: (key) => ['SMEMBERS', key],
  stream: (key) => ['XREVRANGE', key, '+', '-', 'COUNT', '3'],
};

/**
 * Starts recording: MONITOR, a poller reading every key of the meeting (values, encoding and
 * DUMP) back to back, an AOF reader, and an export poller. stop() ends it and returns it all.
 */
export async function startRecording(options: {
  redisUrl: string;
  redisDir: string;
  meetingId: string;
  exportArchive: () => Promise<MeetingArchive | null>;
}): Promise<{ stop: () => Promise<Recording>; nextReading: () => Promise<void> }> {
  const recording: Recording = { monitor: [], snapshots: [], exports: [], aof: [] };
  let running = true;

  const monitor = createClient({ url: options.redisUrl });
  await monitor.connect();
  await monitor.monitor((line: string) => recording.monitor.push(parseMonitorLine(line)));

  const reader = createClient({ url: options.redisUrl });
  await reader.connect();
  const binary = reader.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const send = (args: string[]) => reader.sendCommand(args) as Promise<unknown>;
  const sendBinary = (args: string[]) => binary.sendCommand(args) as Promise<unknown>;
  const text = (value: unknown): string[] => [value].flat(Infinity).map((v) => String(v));

  const prefix = `bj:{${options.meetingId}}:`;
  let lastSnapshot = '';
  /** Waiting for a reading that starts after they asked (so it sees what happened before). */
  let waiting: (() => void)[] = [];
  const pollKeys = async () => {
    while (running) {
      const due = waiting;
      waiting = [];
      const keys = text(await send(['KEYS', `${prefix}*`])).sort();
      // All reads of one round at once (node-redis pipelines them): one round trip per step.
      const types = await Promise.all(keys.map(async (key) => text(await send(['TYPE', key]))[0] ?? 'none'));
      const readings = new Map<string, KeyReading>();
      await Promise.all(
        keys.map(async (key, i) => {
          const type = types[i]!;
          const read = READS[type];
          if (!read) return;
          const [values, encoding, dump] = await Promise.all([send(read(key)), send(['OBJECT', 'ENCODING', key]), sendBinary(['DUMP', key])]);
          readings.set(key, {
            type,
            encoding: encoding === null ? null : (text(encoding)[0] ?? null),
            values: text(values),
            dump: Buffer.isBuffer(dump) ? dump.toString('latin1') : '',
          });
        }),
      );
      const signature = JSON.stringify([...readings].sort(([a], [b]) => (a < b ? -1 : 1)));
      // Keep a reading when it differs from the last one (and always its time).
      if (signature !== lastSnapshot) recording.snapshots.push({ doneAt: Date.now(), keys: readings });
      else recording.snapshots.at(-1)!.doneAt = Date.now();
      lastSnapshot = signature;
      for (const resolve of due) resolve();
      await sleep(2);
    }
  };

  const aofDir = join(options.redisDir, 'appendonlydir');
  const aofFiles = new Map<string, Buffer>();
  const readAof = async () => {
    for (const file of (await readdir(aofDir).catch(() => [] as string[])).filter((f) => f.endsWith('.incr.aof'))) {
      const bytes = await readFile(join(aofDir, file)).catch(() => null);
      // Incremental files only grow; a rewrite starts a new one (and deletes the old one).
      if (bytes && bytes.length > (aofFiles.get(file)?.length ?? -1)) aofFiles.set(file, bytes);
    }
  };
  const pollAof = async () => {
    while (running) {
      await readAof();
      await sleep(10);
    }
  };

  let lastExport = '';
  const pollExport = async () => {
    while (running) {
      const archive = await options.exportArchive();
      if (archive) {
        const signature = JSON.stringify(archive.votes);
        if (signature !== lastExport) recording.exports.push({ doneAt: Date.now(), archive });
        else recording.exports.at(-1)!.doneAt = Date.now();
        lastExport = signature;
      }
      await sleep(40);
    }
  };

  const loops = [pollKeys(), pollAof(), pollExport()];
  return {
    nextReading: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async stop() {
      running = false;
      for (const resolve of waiting) resolve();
      await Promise.all(loops);
      await readAof();
      await sleep(200); // MONITOR lines still on their way
      await monitor.close();
      await reader.close();
      // Files in name order: base, then incr 1, 2, … (a rewrite's new incr file comes after).
      const byNumber = [...aofFiles].sort(([a], [b]) => Number(/\.(\d+)\.incr/.exec(a)?.[1]) - Number(/\.(\d+)\.incr/.exec(b)?.[1]));
      recording.aof = byNumber.flatMap(([, bytes]) => parseResp(bytes));
      return recording;
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Reconstruction: each method guesses seat → paper key from what was recorded.               */
/* ------------------------------------------------------------------------------------------ */

export type Guesses = Map<string, string>;

export interface BallotUnderAttack {
  meetingId: string;
  ballotId: string;
  /** The published totals (counts per paper key), all the attacker may legitimately know. */
  totals: Record<string, number>;
  /** Seat ids of the meeting. */
  seats: readonly string[];
}

const isPaper = (ballot: BallotUnderAttack, value: string) => Object.hasOwn(ballot.totals, value);

/** Count deltas against register deltas, in consecutive key readings (voters vs box hashes). */
export function byKeyDeltas(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const votersKey = `bj:{${ballot.meetingId}}:voters:${ballot.ballotId}`;
  const boxKey = `bj:{${ballot.meetingId}}:box:${ballot.ballotId}`;
  const series = recording.snapshots.map((s) => ({
    seats: new Set(evenItems(s.keys.get(votersKey)?.values ?? [])),
    box: countsOf(s.keys.get(boxKey)?.values ?? []),
  }));
  return linkDeltas(series, ballot);
}

/** The same on the export a staff member polls. */
export function byExportDeltas(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const series = recording.exports.map((e) => ({
    seats: new Set(e.archive.votes.participations.filter((p) => p.ballotId === ballot.ballotId).map((p) => p.seatId)),
    box: e.archive.votes.boxes[ballot.ballotId] ?? {},
  }));
  return linkDeltas(series, ballot);
}

/** A choice kept beside the seat in any export's register. */
export function byExportRegister(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const guesses: Guesses = new Map();
  for (const e of recording.exports) {
    for (const p of e.archive.votes.participations) {
      if (p.ballotId === ballot.ballotId && p.choiceKey !== null && isPaper(ballot, p.choiceKey)) guesses.set(p.seatId, p.choiceKey);
    }
  }
  return guesses;
}

/**
 * First appearance: the box's keys in the order Redis keeps them (listpack insertion order) set
 * against the register in recording order: the first voter cast the first key, and each new key
 * belongs to a voter after the previous new key's.
 */
export function byFirstAppearance(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const boxKey = `bj:{${ballot.meetingId}}:box:${ballot.ballotId}`;
  const last = [...recording.snapshots].reverse().find((s) => s.keys.has(boxKey));
  const finalExport = recording.exports.at(-1)?.archive.votes.participations.filter((p) => p.ballotId === ballot.ballotId) ?? [];
  const guesses: Guesses = new Map();
  const keys = evenItems(last?.keys.get(boxKey)?.values ?? []);
  const first = finalExport[0];
  if (first && keys[0]) guesses.set(first.seatId, keys[0]);
  return guesses;
}

/**
 * The AOF: a script's writes are one MULTI … EXEC block, in the order the script made them. A
 * cast script holds the casts of one turn (cast-batches.ts): within a block each register entry
 * is written just before its paper (a box increment, a set member, or inside the entry itself),
 * so the attacker pairs each seat with the next paper of the block.
 */
export function byAofBlocks(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const votersKey = `bj:{${ballot.meetingId}}:voters:${ballot.ballotId}`;
  const guesses: Guesses = new Map();
  let lastSeat: string | null = null;
  for (const command of recording.aof) {
    const name = command[0]?.toUpperCase();
    if (name === 'MULTI' || name === 'EXEC') {
      lastSeat = null;
      continue;
    }
    if (name === 'HSET' && command[1] === votersKey) {
      lastSeat = command[2] ?? null;
      const kept = JSON.parse(command[3] ?? 'null') as unknown[] | null;
      if (lastSeat && typeof kept?.[4] === 'string' && isPaper(ballot, kept[4])) {
        guesses.set(lastSeat, kept[4]);
        lastSeat = null;
      }
      continue;
    }
    const paper = command.slice(1).find((arg) => isPaper(ballot, arg));
    if (lastSeat && paper !== undefined) {
      guesses.set(lastSeat, paper);
      lastSeat = null;
    }
  }
  return guesses;
}

/**
 * MONITOR: a seat and the paper after it in one command's arguments (a cast script carries the
 * casts of one turn, each seat before its paper), or a register write then a box write.
 */
export function byMonitor(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const seats = new Set(ballot.seats);
  const votersKey = `bj:{${ballot.meetingId}}:voters:${ballot.ballotId}`;
  const guesses: Guesses = new Map();
  let lastSeat: string | null = null;
  for (const { args } of recording.monitor) {
    // Only commands about this ballot (its keys carry its id): a named ballot's casts are not this one's.
    if (!args.some((a) => a.includes(ballot.ballotId))) continue;
    let seat: string | null = null;
    for (const arg of args) {
      if (seats.has(arg)) seat = arg;
      else if (seat && isPaper(ballot, arg)) {
        if (!guesses.has(seat)) guesses.set(seat, arg);
        seat = null;
      }
    }
    const paper = args.find((a) => isPaper(ballot, a));
    if (args[0]?.toUpperCase() === 'HSET' && args[1] === votersKey) lastSeat = args[2] ?? null;
    else if (lastSeat && paper && !guesses.has(lastSeat)) {
      guesses.set(lastSeat, paper);
      lastSeat = null;
    }
  }
  return guesses;
}

/** Sealed papers in the papers set, in the order read, set against the register's order. */
export function bySealedPaperOrder(recording: Recording, ballot: BallotUnderAttack): Guesses {
  const papersKey = `bj:{${ballot.meetingId}}:papers:${ballot.ballotId}`;
  const guesses: Guesses = new Map();
  const last = [...recording.snapshots].reverse().find((s) => s.keys.has(papersKey));
  const members = last?.keys.get(papersKey)?.values ?? [];
  // Without the ballot key a member is opaque: only a member that is itself a paper could link.
  const register = recording.exports.at(-1)?.archive.votes.participations.filter((p) => p.ballotId === ballot.ballotId) ?? [];
  members.forEach((member, i) => {
    const seat = register[i]?.seatId;
    if (seat && isPaper(ballot, member)) guesses.set(seat, member);
  });
  return guesses;
}

export const METHODS = {
  'key count deltas': byKeyDeltas,
  'export count deltas': byExportDeltas,
  'export register': byExportRegister,
  'first appearance': byFirstAppearance,
  'AOF blocks': byAofBlocks,
  'MONITOR args and order': byMonitor,
  'sealed paper order': bySealedPaperOrder,
} as const;

/**
 * How many seats a method gets right. Where it has no guess the attacker falls back on the best
 * blind guess: the most common paper of the published totals.
 */
export function correctGuesses(guesses: Guesses, ballot: BallotUnderAttack, truth: ReadonlyMap<string, string>): number {
  const mode = Object.entries(ballot.totals).sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))[0]?.[0];
  let correct = 0;
  for (const [seat, paper] of truth) if ((guesses.get(seat) ?? mode) === paper) correct++;
  return correct;
}

/**
 * Chance, from the published totals alone: the best blind guess (the mode) is right for
 * max(count) of the N voters. A guess that uses no link is, seat by seat, right with probability
 * at most p = max/N; the bound is the smallest m with P(Binomial(N, p) ≥ m) ≤ 1e-6, so guessing
 * without a link stays under it with overwhelming probability, while a method that links even a
 * fair share of seats goes over it.
 */
export function chanceBound(totals: Record<string, number>): { voters: number; chance: number; bound: number } {
  const counts = Object.values(totals);
  const voters = counts.reduce((a, b) => a + b, 0);
  const chance = Math.max(...counts);
  const p = chance / voters;
  const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  let tail = 0;
  for (let m = voters; m >= 0; m--) {
    tail += Math.exp(logChoose(voters, m) + m * Math.log(p) + (voters - m) * Math.log1p(-p));
    if (tail > 1e-6) return { voters, chance, bound: m + 1 };
  }
  return { voters, chance, bound: 0 };
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

function evenItems(flat: readonly string[]): string[] {
  return flat.filter((_, i) => i % 2 === 0);
}

function countsOf(flat: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) counts[flat[i]!] = Number(flat[i + 1]);
  return counts;
}

/** Links the seats that joined the register between two readings to the papers the box gained. */
function linkDeltas(series: { seats: Set<string>; box: Record<string, number> }[], ballot: BallotUnderAttack): Guesses {
  const guesses: Guesses = new Map();
  for (let i = 1; i < series.length; i++) {
    const before = series[i - 1]!;
    const after = series[i]!;
    const joined = [...after.seats].filter((s) => !before.seats.has(s) && !guesses.has(s));
    const gained: string[] = [];
    for (const [key, count] of Object.entries(after.box)) {
      for (let n = before.box[key] ?? 0; n < count; n++) if (isPaper(ballot, key)) gained.push(key);
    }
    if (joined.length === 0 || gained.length !== joined.length) continue;
    joined.forEach((seat, k) => guesses.set(seat, gained[k]!));
  }
  return guesses;
}
