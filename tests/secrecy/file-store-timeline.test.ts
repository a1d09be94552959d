// Issue 8 §1, embedded mode: an attacker who watches everything while secret ballots run (every
// file under the data directory as it is written, every message a staff socket gets, every
// export a staff token can fetch) tries to link seats to papers, and does no better than the
// published totals allow. The same attacker links a named ballot completely: it is not blind.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electionPaperKey, type ElectionPaper } from '../../shared/domain/ballots/election';
import { congressSpec, openBallot, openHall, startSitting, type Hall, type Tablet } from '../support/hall';
import { connect, emitAck, emitOk } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';
import { accuracy, ATTACKS, chanceLevel, chanceMargin, type Observation, type Target } from './file-attacks';

const DELEGATES = 66;
const CANDIDATES = Array.from({ length: 7 }, (_, i) => `c-${i + 1}`);
const ELECTION_SEATS = 3;
/** Attack runs the margin must cover: every attack on every ballot. */
const TRIALS = Object.keys(ATTACKS).length * 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function shuffle<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every valid election paper (每人 yes/no/blank, at most ELECTION_SEATS yes), to deal distinct ones out. */
function allElectionPapers(): ElectionPaper[] {
  const papers: ElectionPaper[] = [];
  const walk = (i: number, marks: Record<string, 'yes' | 'no'>, yes: number) => {
    if (i === CANDIDATES.length) return void papers.push({ marks: { ...marks }, writeIns: {} });
    const id = CANDIDATES[i] as string;
    walk(i + 1, marks, yes);
    walk(i + 1, { ...marks, [id]: 'no' }, yes);
    if (yes < ELECTION_SEATS) walk(i + 1, { ...marks, [id]: 'yes' }, yes + 1);
  };
  walk(0, {}, 0);
  return papers;
}

/** Records everything the attacker can see, and the modes of everything in the data directory. */
class Attacker {
  readonly observations: Observation[] = [];
  readonly modes: Array<{ path: string; mode: number; dir: boolean }> = [];
  readonly keyFilesSeen = new Set<string>();
  private readonly versions = new Map<string, string>();
  private stopped = false;
  private watcher: FSWatcher | null = null;
  private polling: Promise<void> = Promise.resolve();
  private exporting: Promise<void> = Promise.resolve();
  private pollQueued = false;

  constructor(
    private readonly dataDir: string,
    private readonly baseUrl: string,
  ) {}

  start(meetingId: string, staffToken: string, sockets: Socket[]): void {
    for (const socket of sockets) {
      socket.onAny((event: string, ...args: unknown[]) => {
        const now = Date.now();
        this.observations.push({ t: now, observedAt: now, source: 'message', name: event, text: JSON.stringify(args) });
      });
    }
    this.watcher = watch(this.dataDir, { recursive: true }, () => this.pollSoon());
    this.polling = (async () => {
      while (!this.stopped) {
        await this.pollFiles();
        await sleep(3);
      }
    })();
    this.exporting = (async () => {
      while (!this.stopped) {
        const res = await fetch(`${this.baseUrl}/api/meetings/${meetingId}/export`, { headers: { authorization: `Bearer ${staffToken}` } });
        const text = await res.text();
        const now = Date.now();
        if (res.status === 200) this.observations.push({ t: now, observedAt: now, source: 'export', name: 'export', text });
        await sleep(10);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    await Promise.all([this.polling, this.exporting]);
    await this.pollFiles();
  }

  /** Reads every file once more now: whatever the polling missed under load, the attacker can read at leisure. */
  async catchUp(): Promise<void> {
    await this.pollFiles();
  }

  /** Observations seen before `time`. */
  before(time: number): Observation[] {
    return this.observations.filter((o) => o.observedAt < time);
  }

  private pollSoon(): void {
    if (this.pollQueued || this.stopped) return;
    this.pollQueued = true;
    setImmediate(() => {
      this.pollQueued = false;
      void this.pollFiles();
    });
  }

  private async pollFiles(): Promise<void> {
    for (const path of await this.walk(this.dataDir)) {
      try {
        const info = await stat(path);
        const name = relative(this.dataDir, path);
        this.modes.push({ path: name, mode: info.mode & 0o777, dir: info.isDirectory() });
        if (info.isDirectory()) continue;
        if (name.includes('keys/')) this.keyFilesSeen.add(name);
        const text = await readFile(path, 'utf8');
        if (this.versions.get(name) === text) continue;
        this.versions.set(name, text);
        this.observations.push({ t: info.mtimeMs, observedAt: Date.now(), source: 'file', name, text });
      } catch {
        // removed between readdir and read: the next poll sees the directory as it is
      }
    }
  }

  private async walk(dir: string): Promise<string[]> {
    const found: string[] = [dir];
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return found;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) found.push(...(await this.walk(path)));
      else found.push(path);
    }
    return found;
  }
}

describe('secret ballots on the file store: a watcher of disk, sockets and exports cannot link seats to papers', () => {
  let server: TestServer;
  let hall: Hall;
  let attacker: Attacker;
  let secretariatSocket: Socket;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openHall(server.baseUrl, congressSpec(DELEGATES));
    secretariatSocket = await connect(server.baseUrl, { token: hall.secretariatToken, meetingId: hall.meetingId });
    attacker = new Attacker(server.dataDir, server.baseUrl);
    attacker.start(hall.meetingId, hall.secretariatToken, [hall.presidium, hall.wall, secretariatSocket]);
    await startSitting(hall);
  }, 60_000);

  afterAll(async () => {
    await attacker?.stop();
    secretariatSocket?.close();
    hall?.closeSockets();
    await server?.close();
  });

  /**
   * Delegates vote in small random batches (one to three at once, so many batches hold a single
   * voter) with short pauses that let the attacker see each batch land. Returns seat → paper key
   * and the time the close was sent.
   */
  async function runBallot(ballotId: string, paperOf: (tablet: Tablet, i: number) => { choice: unknown; key: string }) {
    const truth = new Map<string, string>();
    const tablets = shuffle(hall.tablets);
    for (let i = 0; i < tablets.length; ) {
      const batch = tablets.slice(i, i + 1 + Math.floor(Math.random() * 3));
      const acks = await Promise.all(
        batch.map((tablet, j) => {
          const { choice, key } = paperOf(tablet, i + j);
          truth.set(tablet.seatId, key);
          return emitAck(tablet.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${ballotId}-${tablet.seatId}`, choice });
        }),
      );
      for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });
      i += batch.length;
      await sleep(5 + Math.floor(Math.random() * 20));
    }
    await sleep(30);
    const closeSentAt = Date.now();
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    await sleep(30);
    return { truth, closeSentAt };
  }

  async function attackAll(ballotId: string, truth: Map<string, string>, totals: Map<string, number>) {
    // The journal as it stands after the close too: a busy machine can leave the last poll behind
    // the last batch, and the attacker is not hurried (the named control once missed one seat so).
    await attacker.catchUp();
    const target: Target = { ballotId, totals };
    const scores: Record<string, number> = {};
    for (const [name, attack] of Object.entries(ATTACKS)) scores[name] = accuracy(attack(attacker.observations, target), truth, totals);
    return scores;
  }

  /** The published totals, as the export after close carries them (sorted counts). */
  async function totalsOf(ballotId: string): Promise<Map<string, number>> {
    const reply = await hall.http.request<{ votes: { boxes: Record<string, Record<string, number>> } }>(
      'GET',
      `/api/meetings/${hall.meetingId}/export`,
      undefined,
      hall.secretariatToken,
    );
    const box = reply.body.votes.boxes[ballotId] ?? {};
    const keys = Object.keys(box);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    return new Map(Object.entries(box));
  }

  /** Direct checks: nothing of an open secret box anywhere before close; after it, sorted counts and no key. */
  async function checkSecretBallot(ballotId: string, truth: Map<string, string>, closeSentAt: number) {
    const keys = new Set(truth.values());
    const seenBefore = attacker.before(closeSentAt);
    expect(seenBefore.filter((o) => o.source === 'file').length).toBeGreaterThan(DELEGATES / 4);
    expect(seenBefore.filter((o) => o.source === 'export').length).toBeGreaterThan(3);
    expect(seenBefore.filter((o) => o.source === 'message').length).toBeGreaterThan(10);
    // Not even the motion's bare "yes"/"no"/"abstain": no file, message or export carries them before close.
    const spellings = [...keys].flatMap((key) => (key.startsWith('{') ? [JSON.stringify(key), key] : [JSON.stringify(key)]));
    const leaks = seenBefore.filter((o) => spellings.some((spelling) => o.text.includes(spelling)));
    expect(leaks.map((o) => `${o.source} ${o.name}`)).toEqual([]);
    for (const o of seenBefore.filter((x) => x.source === 'export')) {
      expect((JSON.parse(o.text) as { votes: { boxes: Record<string, unknown> } }).votes.boxes[ballotId]).toBeUndefined();
    }
    // The key existed while the ballot was open, and is gone now.
    expect([...attacker.keyFilesSeen].some((name) => name.endsWith(`keys/${ballotId}.key`))).toBe(true);
    const keysDir = join(server.dataDir, 'meetings', hall.meetingId, 'keys');
    expect(await readdir(keysDir)).not.toContain(`${ballotId}.key`);
    // The journal holds the box once: counts in code-unit order.
    const journal = await readFile(join(server.dataDir, 'meetings', hall.meetingId, 'journal.jsonl'), 'utf8');
    const counts = journal
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { r: { k: string; b?: string; t?: Array<[string, number]> } }).r)
      .filter((r) => r.k === 't' && r.b === ballotId);
    expect(counts).toHaveLength(1);
    const pairs = counts[0]?.t ?? [];
    expect(pairs.map(([key]) => key)).toEqual(pairs.map(([key]) => key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const expected = new Map<string, number>();
    for (const key of truth.values()) expected.set(key, (expected.get(key) ?? 0) + 1);
    expect(new Map(pairs)).toEqual(expected);
  }

  it('an anonymous motion: no attack beats the totals', async () => {
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议（无记名）' });
    const options = ['yes', 'no', 'abstain'] as const;
    const { truth, closeSentAt } = await runBallot(ballotId, () => {
      const option = options[Math.floor(Math.random() * 3)] as string;
      return { choice: { option }, key: option };
    });
    await checkSecretBallot(ballotId, truth, closeSentAt);
    const totals = await totalsOf(ballotId);
    const scores = await attackAll(ballotId, truth, totals);
    if (process.env['SHOW_ATTACKS']) console.log('attacks on', ballotId, JSON.stringify(scores), 'chance', chanceLevel(totals));
    const bound = chanceLevel(totals) + chanceMargin(DELEGATES, TRIALS);
    for (const [name, score] of Object.entries(scores)) expect({ name, score, below: score <= bound }).toMatchObject({ below: true });
  }, 120_000);

  it(`an election of ${ELECTION_SEATS} from ${CANDIDATES.length} where every paper is different: no attack beats the totals`, async () => {
    const ballotId = await openBallot(hall.presidium, {
      itemId: 'item-1',
      kind: 'election',
      title: '选举委员',
      election: {
        post: '委员',
        postType: 'committee',
        seats: ELECTION_SEATS,
        candidates: CANDIDATES.map((candidateId, i) => ({ candidateId, name: `候选人${i + 1}` })),
        settings: { marginOverride: { min: 0, max: null } },
      },
    });
    const papers = shuffle(allElectionPapers()).slice(0, DELEGATES);
    const { truth, closeSentAt } = await runBallot(ballotId, (_, i) => {
      const paper = papers[i] as ElectionPaper;
      return { choice: paper, key: electionPaperKey(paper) };
    });
    expect(new Set(truth.values()).size).toBe(DELEGATES);
    await checkSecretBallot(ballotId, truth, closeSentAt);
    const totals = await totalsOf(ballotId);
    const scores = await attackAll(ballotId, truth, totals);
    if (process.env['SHOW_ATTACKS']) console.log('attacks on', ballotId, JSON.stringify(scores), 'chance', chanceLevel(totals));
    const bound = chanceLevel(totals) + chanceMargin(DELEGATES, TRIALS);
    expect(chanceLevel(totals)).toBeCloseTo(1 / DELEGATES);
    for (const [name, score] of Object.entries(scores)) expect({ name, score, below: score <= bound }).toMatchObject({ below: true });
  }, 120_000);

  it('a named (记名) motion: the same attacker links every seat, so it is not blind', async () => {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-2', title: '关于民生实事项目的决定（记名）', secrecy: 'named' });
    const options = ['yes', 'no', 'abstain'] as const;
    const { truth } = await runBallot(ballotId, () => {
      const option = options[Math.floor(Math.random() * 3)] as string;
      return { choice: { option }, key: option };
    });
    const totals = await totalsOf(ballotId);
    const scores = await attackAll(ballotId, truth, totals);
    if (process.env['SHOW_ATTACKS']) console.log('attacks on', ballotId, JSON.stringify(scores), 'chance', chanceLevel(totals));
    expect(Math.max(...Object.values(scores))).toBe(1);
    expect(chanceLevel(totals) + chanceMargin(DELEGATES, TRIALS)).toBeLessThan(1);
  }, 120_000);

  it('keeps the data directory 0700 and every file 0600, at every moment it was watched', async () => {
    await attacker.stop();
    expect(attacker.modes.length).toBeGreaterThan(100);
    expect(attacker.modes.filter((m) => m.dir && m.mode !== 0o700)).toEqual([]);
    expect(attacker.modes.filter((m) => !m.dir && m.mode !== 0o600)).toEqual([]);
  });
});
