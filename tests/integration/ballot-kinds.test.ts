import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BallotResult } from '../../shared/domain/ballots/kinds';
import { emitAck, emitOk } from '../support/sockets';
import type { Hall } from '../support/hall';
import { startTestServer, type TestServer } from '../support/test-server';
import {
  BATCH_IDS,
  BATCH_ITEM,
  CANDIDATE_IDS,
  ELECTION_ITEM,
  MANUAL_ITEM,
  openKindsHall,
  PROJECT_IDS,
  RATING_ITEM,
  recordMessages,
  SLATE_ITEM,
  SUBJECT_IDS,
  TIE_ITEM,
  type MessageLog,
} from './ballot-kinds-hall';

const DELEGATES = 60;
const MOTION = ['yes', 'no', 'abstain'] as const;
type Marks = Record<string, string>;

const pick = <T,>(options: readonly T[]): T => options[Math.floor(Math.random() * options.length)]!;
const shuffled = <T,>(items: readonly T[]): T[] => [...items].sort(() => Math.random() - 0.5);

/** Random per-project marks with at most `cap` 赞成; earlier projects are more popular, so some pass and some do not. */
function cappedMarks(ids: readonly string[], cap: number): Marks {
  const marks: Marks = {};
  let yes = 0;
  ids.forEach((id, i) => {
    const r = Math.random();
    if (yes < cap && r < 0.95 - i * 0.05) {
      marks[id] = 'yes';
      yes++;
    } else if (r < 0.9) marks[id] = pick(['no', 'abstain']);
  });
  return marks;
}

function allFiles(dir: string): Promise<string[]> {
  return readdir(dir, { withFileTypes: true, recursive: true }).then((entries) =>
    entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)),
  );
}

/** The places rule of R4.5/R3.6 done by hand: top `places` among qualifiers, a tie at the cut left to a re-vote. */
function expectedPlaces(scores: Array<[string, number]>, places: number, required: number) {
  const qualified = scores.filter(([, s]) => s >= required).sort((a, b) => b[1] - a[1]);
  if (qualified.length <= places) return { chosen: qualified.map(([id]) => id).sort(), tied: [] as string[] };
  const cut = qualified[places - 1]![1];
  if (qualified[places]![1] !== cut) return { chosen: qualified.slice(0, places).map(([id]) => id).sort(), tied: [] };
  return { chosen: qualified.filter(([, s]) => s > cut).map(([id]) => id).sort(), tied: qualified.filter(([, s]) => s === cut).map(([id]) => id).sort() };
}

describe('every ballot kind over real sockets: 60 delegates, counts equal an independent count', () => {
  let server: TestServer;
  let hall: Hall;

  beforeAll(async () => {
    server = await startTestServer();
    hall = await openKindsHall(server.baseUrl, DELEGATES);
    await Promise.all(hall.tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
    await emitOk(hall.presidium, 'presidium:openSession');
  });

  afterAll(async () => {
    hall?.closeSockets();
    await server?.close();
  });

  /** Starts the item, opens its prepared ballot in one click, and waits for every tablet to show it with its spec. */
  async function openPrepared(itemId: string): Promise<string> {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId });
    const ack = await emitOk(hall.presidium, 'presidium:openPrepared', { itemId });
    const ballotId = ack.ballotId as string;
    await Promise.all(
      hall.tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open' && v.ballotSpec?.ballotId === ballotId)),
    );
    return ballotId;
  }

  async function castAll(ballotId: string, papers: Map<string, unknown>): Promise<void> {
    const acks = await Promise.all(
      hall.tablets.map((t) => emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${ballotId}-${t.seatId}`, choice: papers.get(t.seatId) })),
    );
    for (const ack of acks) expect(ack).toMatchObject({ ok: true, duplicate: false });
  }

  async function closeAndPublish(ballotId: string): Promise<BallotResult> {
    await emitOk(hall.presidium, 'presidium:closeBallot', { ballotId });
    const pending = await hall.console.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.pendingResult !== null));
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const wall = await hall.wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published');
    const result = wall.ballot!.result!;
    expect(pending.ballots.find((b) => b.ballotId === ballotId)?.pendingResult).toEqual(result);
    return result;
  }

  it('R4: a slate of 15 projects choosing 10; an 11th 赞成 is refused with the reason; nothing links a seat to a paper', async () => {
    const messages: MessageLog = [];
    recordMessages(hall.wall, 'wall', messages);
    recordMessages(hall.presidium, 'console', messages);
    for (const t of hall.tablets) recordMessages(t.socket, t.seatId, messages);

    const ballotId = await openPrepared(SLATE_ITEM);
    const tabletSpec = hall.tablets[0]!.views.latest!.ballotSpec;
    expect(tabletSpec).toMatchObject({ kind: 'slate', slate: { places: 10 } });

    const overCap = Object.fromEntries(PROJECT_IDS.slice(0, 11).map((id) => [id, 'yes']));
    const refused = await emitAck(hall.tablets[0]!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'over-cap-key-1', choice: { marks: overCap } });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_CHOICE' });
    expect(!refused.ok && refused.message).toContain('超过10个');

    // Every seat's paper is different, so any message or record carrying a paper would identify its seat.
    const papers = new Map<string, unknown>();
    const keys = new Set<string>();
    for (const t of hall.tablets) {
      let marks = cappedMarks(PROJECT_IDS, 10);
      while (keys.has(JSON.stringify(Object.entries(marks).sort()))) marks = cappedMarks(shuffled(PROJECT_IDS), 10);
      keys.add(JSON.stringify(Object.entries(marks).sort()));
      papers.set(t.seatId, { marks });
    }
    await castAll(ballotId, papers);
    const result = await closeAndPublish(ballotId);
    if (result.kind !== 'slate') throw new Error('slate result expected');

    const counts = PROJECT_IDS.map((id) => {
      const c = { yes: 0, no: 0, abstain: 0, blank: 0 };
      // R4.3: a project left unmarked on a cast paper counts as 弃权 (was: counted apart as blank).
      for (const paper of papers.values()) c[((paper as { marks: Marks }).marks[id] ?? 'abstain') as keyof typeof c]++;
      return c;
    });
    expect(result).toMatchObject({ total: 60, present: 60, issued: 60, returned: 60, valid: 60, void: 0 });
    expect(result.projects.map(({ yes, no, abstain, blank }) => ({ yes, no, abstain, blank }))).toEqual(counts);
    const expected = expectedPlaces(PROJECT_IDS.map((id, i) => [id, counts[i]!.yes]), 10, 31);
    expect([...result.adopted].sort()).toEqual(expected.chosen);
    expect([...(result.tieRevote?.projectIds ?? [])].sort()).toEqual(expected.tied);

    // Invariant 4: no message to the wall, the console or any tablet carries a paper…
    expect(messages.filter((m) => m.to === 'wall' && m.event === 'meeting:view').length).toBeGreaterThan(0);
    expect(messages.filter((m) => m.to === hall.tablets[0]!.seatId).length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.json).not.toContain('marks');
      for (const paper of papers.values()) expect(m.json).not.toContain(JSON.stringify((paper as { marks: Marks }).marks));
    }
    // …and no stored record that names a seat carries a paper or a choice for this ballot.
    let seatsNamed = 0;
    let boxLines = 0;
    for (const file of await allFiles(server.dataDir)) {
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        // A journal line may hold a whole batch's register entries (journal-records.ts, `ps`).
        const seats = hall.tablets.filter((t) => line.includes(`"${t.seatId}"`)).length;
        if (line.includes('marks')) boxLines++;
        if (!line.includes(ballotId) || seats === 0) continue;
        seatsNamed += seats;
        expect(line).not.toMatch(/"choiceKey":"/);
        expect(line).not.toContain('marks');
      }
    }
    // The checks above looked at real records: the 60 register entries and the box.
    expect(seatsNamed).toBeGreaterThanOrEqual(60);
    expect(boxLines).toBeGreaterThan(0);
  });

  it('R5: a rating of 8 appointees; per subject the three counts, the rates and the tier', async () => {
    const ballotId = await openPrepared(RATING_ITEM);
    const papers = new Map<string, unknown>();
    for (const t of hall.tablets) {
      const marks: Marks = {};
      SUBJECT_IDS.forEach((id, i) => {
        // Later subjects are rated worse, so the tiers differ; some papers leave a subject blank.
        const r = Math.random();
        if (r < 0.05) return;
        marks[id] = r < 0.8 - i * 0.08 ? 'satisfied' : r < 0.9 - i * 0.03 ? 'basically_satisfied' : 'unsatisfied';
      });
      papers.set(t.seatId, { marks });
    }
    await castAll(ballotId, papers);
    const result = await closeAndPublish(ballotId);
    if (result.kind !== 'rating') throw new Error('rating result expected');
    expect(result).toMatchObject({ total: 60, present: 60, returned: 60, valid: 60, void: 0, quorum: { met: true } });
    SUBJECT_IDS.forEach((id, i) => {
      const c = { satisfied: 0, basically_satisfied: 0, unsatisfied: 0, blank: 0 };
      for (const paper of papers.values()) c[((paper as { marks: Marks }).marks[id] ?? 'blank') as keyof typeof c]++;
      const tier =
        c.satisfied + c.basically_satisfied + c.unsatisfied === 0
          ? null
          : c.satisfied * 2 > 60
            ? 'satisfied'
            : (c.satisfied + c.basically_satisfied) * 2 > 60
              ? 'basically_satisfied'
              : 'unsatisfied';
      expect(result.subjects[i]).toMatchObject({ subjectId: id, ...c, validPapers: 60, tier, followUp: tier === 'unsatisfied' });
      expect(result.subjects[i]!.satisfiedRate).toMatchObject({ numerator: c.satisfied, denominator: 60 });
    });
  });

  it('R3: an election of 2 from 3 candidates; a paper naming 3 is refused (R3.3); every count is published', async () => {
    const ballotId = await openPrepared(ELECTION_ITEM);
    const three = await emitAck(hall.tablets[0]!.socket, 'ballot:cast', {
      ballotId,
      idempotencyKey: 'three-names-key',
      choice: { marks: { 'c-1': 'yes', 'c-2': 'yes', 'c-3': 'yes' } },
    });
    expect(three).toMatchObject({ ok: false, code: 'INVALID_CHOICE' });
    const papers = new Map<string, unknown>();
    for (const t of hall.tablets) {
      const marks: Marks = {};
      for (const id of shuffled(CANDIDATE_IDS)) {
        const yes = Object.values(marks).filter((o) => o === 'yes').length;
        const option = pick(MOTION);
        if (option !== 'yes' || yes < 2) marks[id] = option;
      }
      papers.set(t.seatId, { marks });
    }
    await castAll(ballotId, papers);
    const result = await closeAndPublish(ballotId);
    if (result.kind !== 'election') throw new Error('election result expected');
    const counts = CANDIDATE_IDS.map((id) => {
      const c = { yes: 0, no: 0, abstain: 0 };
      for (const paper of papers.values()) c[((paper as { marks: Marks }).marks[id] ?? 'abstain') as keyof typeof c]++;
      return c;
    });
    expect(result).toMatchObject({ issued: 60, returned: 60, valid: 60, validity: 'valid', tellers: { chief: '总监票人' } });
    expect(result.candidates.map(({ yes, no, abstain }) => ({ yes, no, abstain }))).toEqual(counts);
    const expected = expectedPlaces(CANDIDATE_IDS.map((id, i) => [id, counts[i]!.yes]), 2, 31);
    expect(result.elected.map((p) => p.candidateId!).sort()).toEqual(expected.chosen);
    expect([...(result.tieRevote?.candidateIds ?? [])].sort()).toEqual(expected.tied);
  });

  it('R2.7: a batch of 3 appointments, each decided on its own over all 60 seats', async () => {
    const ballotId = await openPrepared(BATCH_ITEM);
    const papers = new Map<string, unknown>();
    for (const t of hall.tablets) {
      const marks: Marks = {};
      BATCH_IDS.forEach((id, i) => {
        if (Math.random() < 0.1) return;
        marks[id] = Math.random() < 0.75 - i * 0.2 ? 'yes' : pick(['no', 'abstain']);
      });
      papers.set(t.seatId, { marks });
    }
    await castAll(ballotId, papers);
    const result = await closeAndPublish(ballotId);
    if (result.kind !== 'batch') throw new Error('batch result expected');
    BATCH_IDS.forEach((id, i) => {
      const c = { yes: 0, no: 0, abstain: 0, blank: 0 };
      // An item left unmarked on a cast paper is 弃权 (R3.2/R4.3 by analogy; was: blank, in 未表决).
      for (const paper of papers.values()) c[((paper as { marks: Marks }).marks[id] ?? 'abstain') as keyof typeof c]++;
      expect(result.items[i]).toMatchObject({
        itemId: id,
        blank: 0,
        motion: { yes: c.yes, no: c.no, abstain: c.abstain, notVoted: 0, outcome: c.yes * 2 > 60 ? 'passed' : 'failed' },
      });
    });
  });

  it('R2.10: a show-of-hands ballot takes no tablet votes; the presidium enters 赞成→反对→弃权 and the record names who', async () => {
    const ballotId = await openPrepared(MANUAL_ITEM);
    const cast = await emitAck(hall.tablets[0]!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'manual-cast-key', choice: { option: 'yes' } });
    expect(cast).toMatchObject({ ok: false, code: 'MANUAL_BALLOT' });
    expect(await emitAck(hall.presidium, 'presidium:enterManualCount', { ballotId, counts: { kind: 'motion', yes: 50, no: 8, abstain: 3 } })).toMatchObject({
      ok: false,
      code: 'MANUAL_COUNT_INVALID',
    });
    await emitOk(hall.presidium, 'presidium:enterManualCount', { ballotId, counts: { kind: 'motion', yes: 50, no: 6, abstain: 3 } });
    const closed = await hall.console.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.status === 'closed'));
    expect(closed.ballots.find((b) => b.ballotId === ballotId)).toMatchObject({ method: 'manual', manualEntry: { role: 'chair' } });
    await emitOk(hall.presidium, 'presidium:publishResult', { ballotId });
    const wall = await hall.wallView.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'published');
    expect(wall.ballot).toMatchObject({ method: 'manual', result: { yes: 50, no: 6, abstain: 3, notVoted: 1, outcome: 'passed' } });
  });

  it('R4.5: a three-way tie for 2 places is offered as a re-vote among the tied, opened in one click with followUpOf', async () => {
    const ballotId = await openPrepared(TIE_ITEM);
    const papers = new Map<string, unknown>();
    const pairsOf = [{ 't-1': 'yes', 't-2': 'yes' }, { 't-1': 'yes', 't-3': 'yes' }, { 't-2': 'yes', 't-3': 'yes' }];
    hall.tablets.forEach((t, i) => papers.set(t.seatId, { marks: pairsOf[i % 3] }));
    await castAll(ballotId, papers);
    const result = await closeAndPublish(ballotId);
    expect(result).toMatchObject({ kind: 'slate', outcome: 'tie_revote', adopted: [], tieRevote: { projectIds: ['t-1', 't-2', 't-3'], places: 2 } });

    const ack = await emitOk(hall.presidium, 'presidium:openFollowUp', { sourceBallotId: ballotId, reason: 'tie_revote' });
    const revoteId = ack.ballotId as string;
    const tablet = await hall.tablets[0]!.views.waitFor((v) => v.ballot?.ballotId === revoteId && v.ballot.status === 'open');
    expect(tablet.ballot).toMatchObject({ followUpOf: { ballotId, reason: 'tie_revote' } });
    expect(tablet.ballotSpec).toMatchObject({ kind: 'slate', slate: { places: 2, settings: { rule: 'top_k_only' } } });
    const revotePapers = new Map<string, unknown>();
    hall.tablets.forEach((t, i) => revotePapers.set(t.seatId, { marks: i < 40 ? { 't-1': 'yes', 't-3': 'yes' } : { 't-2': 'yes' } }));
    await castAll(revoteId, revotePapers);
    const revote = await closeAndPublish(revoteId);
    expect(revote).toMatchObject({ kind: 'slate', outcome: 'filled', adopted: ['t-1', 't-3'] });
    expect(await emitAck(hall.presidium, 'presidium:openFollowUp', { sourceBallotId: ballotId, reason: 'tie_revote' })).toMatchObject({
      ok: false,
      code: 'FOLLOW_UP_NOT_POSSIBLE',
    });
  });

  it('pressRule last_counts on a named ballot: a delegate changes its vote before the close and the last press counts', async () => {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-2' });
    expect(await emitAck(hall.presidium, 'presidium:openBallot', { itemId: 'item-2', title: '不记名不能改票', pressRule: 'last_counts' })).toMatchObject({
      ok: false,
      code: 'INVALID_BALLOT_SPEC',
    });
    const ack = await emitOk(hall.presidium, 'presidium:openBallot', { itemId: 'item-2', title: '记名表决', secrecy: 'named', pressRule: 'last_counts' });
    const ballotId = ack.ballotId as string;
    const [first, second] = hall.tablets;
    await emitOk(first!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'change-key-1', choice: { option: 'yes' } });
    await emitOk(second!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'change-key-2', choice: { option: 'yes' } });
    const changed = await emitOk(first!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'change-key-3', choice: { option: 'no' } });
    expect(changed).toMatchObject({ duplicate: false });
    // A late retry of the replaced paper does not bring it back.
    expect(await emitOk(first!.socket, 'ballot:cast', { ballotId, idempotencyKey: 'change-key-1', choice: { option: 'yes' } })).toMatchObject({
      duplicate: true,
      receipt: changed['receipt'],
    });
    const result = await closeAndPublish(ballotId);
    expect(result).toMatchObject({ kind: 'motion', voted: 2, yes: 1, no: 1, notVoted: 58 });
  });

  it('refuses a malformed openBallot or follow-up with a clear code, and the session closes only when all is published', async () => {
    await emitOk(hall.presidium, 'presidium:startItem', { itemId: 'item-1' });
    expect(
      await emitAck(hall.presidium, 'presidium:openBallot', { itemId: 'item-1', kind: 'rating', title: '记名测评', secrecy: 'named', rating: { subjects: [{ subjectId: 'x', name: '甲', kind: 'appointee' }] } }),
    ).toMatchObject({ ok: false, code: 'INVALID_BALLOT_SPEC' });
    expect(await emitAck(hall.presidium, 'presidium:openBallot', { itemId: 'item-1', kind: 'slate', title: '缺少项目' })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
    expect(await emitAck(hall.presidium, 'presidium:openFollowUp', { sourceBallotId: 'nope', reason: 'tie_revote' })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_BALLOT',
    });
    expect(await emitAck(hall.presidium, 'presidium:openPrepared', { itemId: 'item-1' })).toMatchObject({ ok: false, code: 'UNKNOWN_ITEM' });
    await emitOk(hall.presidium, 'presidium:closeSession');
  });
});
