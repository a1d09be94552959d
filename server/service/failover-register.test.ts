import { describe, expect, it } from 'vitest';
import { boxOf } from '../../shared/domain/evolve';
import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import { CHAIR, T0, castAll, motionSpec, run, seatIdOf, sittingWith, votesOf, type Meeting } from '../../shared/domain/test-fixtures';
import { silentLogger } from '../logger';
import type { CastRequest, MeetingStore, StoredCast, VoteRecords } from '../store/types';
import { OneMeetingLog } from './one-meeting-log';
import { CastService } from './cast-service';
import { CommandService } from './command-service';
import { MeetingReplica } from './replica';

const BALLOT = 'b-1';
/** The seat whose vote the promoted replica never had. */
const LOST_SEAT = seatIdOf(4);

/**
 * A shared store in memory standing in for Redis across a Sentinel failover: `failOver()`
 * takes back the entries the old primary had not yet sent to its replica. The cast follows the
 * Lua script's order (a retry's key first, then the gate, then one vote per seat).
 */
class FailoverStore extends OneMeetingLog implements MeetingStore {
  readonly casts: CastRequest[] = [];
  private unreplicated: RegisterEntry[] = [];
  private unreplicatedEvents: MeetingEvent[] = [];

  constructor(
    log: MeetingEvent[],
    private register: RegisterEntry[],
    private readonly box: Record<string, number>,
  ) {
    super(log);
  }

  /** An entry on the primary only: read by nodes, not yet on the replica. */
  writeUnreplicated(entry: RegisterEntry) {
    this.register.push(entry);
    this.unreplicated.push(entry);
  }
  /** An event on the primary only. */
  appendUnreplicated(event: MeetingEvent) {
    this.log.push(event);
    this.unreplicatedEvents.push(event);
  }
  failOver() {
    this.register = this.register.filter((p) => !this.unreplicated.includes(p));
    this.unreplicated = [];
    this.log = this.log.filter((e) => !this.unreplicatedEvents.includes(e));
    this.unreplicatedEvents = [];
  }
  /** Runs once, as the next readVotes starts (a cast landing while a resync reads). */
  onNextVotesRead: (() => Promise<void>) | null = null;
  registerSeats() {
    return this.register.map((p) => p.seatId).sort();
  }
  async readVotes(): Promise<VoteRecords> {
    const during = this.onNextVotesRead;
    this.onNextVotesRead = null;
    const entries = [...this.register];
    await during?.();
    return { register: entries, boxes: this.shut(BALLOT) ? { [BALLOT]: { ...this.box } } : {} };
  }
  async cast(_meetingId: string, request: CastRequest): Promise<StoredCast> {
    this.casts.push(request);
    const earlier = this.register.find((p) => p.ballotId === request.ballotId && p.seatId === request.seatId);
    if (earlier?.idempotencyKey === request.idempotencyKey) return { status: 'duplicate', entry: earlier, voted: this.register.length };
    if (this.shut(request.ballotId)) {
      return { status: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the ballot is not open' };
    }
    if (earlier) return { status: 'rejected', code: 'ALREADY_VOTED', message: 'this seat has already voted on this ballot' };
    const entry: RegisterEntry = {
      ballotId: request.ballotId,
      seatId: request.seatId,
      at: T0 + 6_000,
      idempotencyKey: request.idempotencyKey,
      receiptId: request.receiptId,
      choiceKey: null,
    };
    this.register.push(entry);
    this.box[request.choiceKey] = (this.box[request.choiceKey] ?? 0) + 1;
    return { status: 'recorded', entry, voted: this.register.length };
  }
}

/**
 * Five seats present, a secret motion open. Three papers reached the replica (2 赞成, 1 反对);
 * seat 4's 弃权 was on the old primary only, and a node read it (a catch-up) before the primary died.
 */
function hallBeforeTheFailover(): { meeting: Meeting; store: FailoverStore; lost: RegisterEntry } {
  let meeting = sittingWith('congress', 5, 5);
  meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
  const replicated = castAll(meeting, BALLOT, votesOf(2, 1, 0), T0 + 5_000);
  const withLost = castAll(meeting, BALLOT, votesOf(2, 1, 1), T0 + 5_000);
  const register = [...(replicated.state.registers.get(BALLOT)?.values() ?? [])].map((p) => ({ ...p, choiceKey: null }));
  const lost = withLost.state.registers.get(BALLOT)?.get(LOST_SEAT);
  if (!lost) throw new Error('no paper of seat 4');
  const store = new FailoverStore([...meeting.events], register, boxOf(replicated.state, BALLOT) ?? {});
  store.writeUnreplicated({ ...lost, choiceKey: null });
  return { meeting, store, lost };
}

const clock = { now: () => T0 + 10_000 };

/** A node's replica over the store; `cluster`: it shares the store with other nodes. */
function replicaOver(store: FailoverStore, cluster: boolean): MeetingReplica {
  const replica = new MeetingReplica({ store, clock, logger: silentLogger });
  if (cluster) replica.followPeers();
  return replica;
}

async function clusterNode(store: FailoverStore) {
  const replica = replicaOver(store, true);
  // The copy reads the register while the unreplicated entry is on the primary.
  expect((await replica.stateOf(store.meetingId))?.registers.get(BALLOT)?.size).toBe(4);
  store.failOver();
  return {
    replica,
    commands: new CommandService(replica, store, clock, silentLogger, 12, 8),
    casts: new CastService(replica, store, clock, silentLogger),
  };
}

describe('after a failover, a node never answers from a register entry the store lost', () => {
  it('the close counts the store register: the result adds up and is published', async () => {
    const { store } = hallBeforeTheFailover();
    const { commands, replica } = await clusterNode(store);

    const closed = await commands.execute(store.meetingId, [{ type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }], CHAIR);
    if (!closed.ok) throw new Error(`close refused: ${closed.code} ${closed.message}`);
    expect(replica.cached(store.meetingId)?.registers.get(BALLOT)?.has(LOST_SEAT)).toBe(false);

    const published = await commands.execute(store.meetingId, [{ type: 'PublishResult', ballotId: BALLOT }], CHAIR);
    if (!published.ok) throw new Error(`publish refused: ${published.code} ${published.message}`);
    const result = published.events.find((e) => e.type === 'ResultPublished');
    expect(result?.type === 'ResultPublished' && result.result).toMatchObject({ voted: 3, yes: 2, no: 1, abstain: 0 });
  });

  it("the tablet's retry with the same key reaches the store and is recorded, not acked from the copy", async () => {
    const { store, lost } = hallBeforeTheFailover();
    const { casts, replica } = await clusterNode(store);

    const answer = await casts.cast(store.meetingId, LOST_SEAT, { ballotId: BALLOT, idempotencyKey: lost.idempotencyKey, choice: { option: 'abstain' } });

    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect(store.casts).toHaveLength(1);
    expect(store.registerSeats()).toContain(LOST_SEAT);
    // The copy now holds the store's entry (its receipt), not the lost one.
    const entry = replica.cached(store.meetingId)?.registers.get(BALLOT)?.get(LOST_SEAT);
    expect(answer.ok && entry?.receiptId).toBe(answer.ok && answer.receipt.receiptId);
    expect(entry?.receiptId).not.toBe(lost.receiptId);
  });

  it('a press with a new key on that seat is recorded too (no ALREADY_VOTED from the copy)', async () => {
    const { store } = hallBeforeTheFailover();
    const { casts } = await clusterNode(store);

    const answer = await casts.cast(store.meetingId, LOST_SEAT, { ballotId: BALLOT, idempotencyKey: 'key-after-reload', choice: { option: 'no' } });

    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect(store.registerSeats()).toContain(LOST_SEAT);
  });

  it('a retry of a vote the store kept is answered by the store as a duplicate (one paper)', async () => {
    const { store } = hallBeforeTheFailover();
    const { casts } = await clusterNode(store);
    const kept = (await store.readVotes()).register.find((p) => p.seatId === seatIdOf(1));
    if (!kept) throw new Error('seat 1 voted');

    const answer = await casts.cast(store.meetingId, kept.seatId, { ballotId: BALLOT, idempotencyKey: kept.idempotencyKey, choice: { option: 'yes' } });

    expect(answer).toMatchObject({ ok: true, duplicate: true, receipt: { receiptId: kept.receiptId } });
    expect(store.casts).toHaveLength(1);
    expect(store.registerSeats()).toHaveLength(3);
  });
});

describe('embedded mode: a paper the copy accepts goes to the store, which holds the same register rule', () => {
  function embeddedNode(store: FailoverStore) {
    const replica = replicaOver(store, false);
    return { replica, casts: new CastService(replica, store, clock, silentLogger), commands: new CommandService(replica, store, clock, silentLogger, 12, 8) };
  }

  it('a retry on an open ballot: the first receipt, from the store, and nothing recorded twice', async () => {
    const { store } = hallBeforeTheFailover();
    const { casts, replica } = embeddedNode(store);
    const kept = (await store.readVotes()).register.find((p) => p.seatId === seatIdOf(1));
    if (!kept) throw new Error('seat 1 voted');
    const before = store.registerSeats();

    const answer = await casts.cast(store.meetingId, kept.seatId, { ballotId: BALLOT, idempotencyKey: kept.idempotencyKey, choice: { option: 'yes' } });

    expect(answer).toMatchObject({ ok: true, duplicate: true, receipt: { receiptId: kept.receiptId } });
    expect(store.casts).toHaveLength(1);
    expect(store.registerSeats()).toEqual(before);
    expect(replica.cached(store.meetingId)?.registers.get(BALLOT)?.get(kept.seatId)?.receiptId).toBe(kept.receiptId);
  });

  it('a second paper with a new key: ALREADY_VOTED, and the register and copy unchanged', async () => {
    const { store } = hallBeforeTheFailover();
    const { casts, replica } = embeddedNode(store);
    const copyBefore = await replica.stateOf(store.meetingId);
    const before = store.registerSeats();

    const answer = await casts.cast(store.meetingId, seatIdOf(1), { ballotId: BALLOT, idempotencyKey: 'second-press-of-seat-1', choice: { option: 'no' } });

    expect(answer).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    expect(store.registerSeats()).toEqual(before);
    expect(replica.cached(store.meetingId)).toBe(copyBefore);
  });

  it('a retry after the close, or with a paper the ballot refuses, is answered from the copy without asking the store', async () => {
    const { store } = hallBeforeTheFailover();
    const { casts, commands } = embeddedNode(store);
    const kept = (await store.readVotes()).register.find((p) => p.seatId === seatIdOf(1));
    if (!kept) throw new Error('seat 1 voted');

    const badPaper = await casts.cast(store.meetingId, kept.seatId, { ballotId: BALLOT, idempotencyKey: kept.idempotencyKey, choice: { option: 'constructor' } });
    expect(badPaper).toMatchObject({ ok: true, duplicate: true, receipt: { receiptId: kept.receiptId } });
    expect(store.casts).toHaveLength(0);

    const closed = await commands.execute(store.meetingId, [{ type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }], CHAIR);
    if (!closed.ok) throw new Error(`close refused: ${closed.code} ${closed.message}`);
    const afterClose = await casts.cast(store.meetingId, kept.seatId, { ballotId: BALLOT, idempotencyKey: kept.idempotencyKey, choice: { option: 'yes' } });
    expect(afterClose).toMatchObject({ ok: true, duplicate: true, receipt: { receiptId: kept.receiptId } });
    const secondAfterClose = await casts.cast(store.meetingId, kept.seatId, { ballotId: BALLOT, idempotencyKey: 'late-second-press', choice: { option: 'yes' } });
    expect(secondAfterClose).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    expect(store.casts).toHaveLength(0);
  });
});

/**
 * Another node closed the ballot on the old primary, and this node read the close before the
 * primary died; the promoted replica never had it.
 */
async function nodeThatReadALostClose() {
  const { store, meeting } = hallBeforeTheFailover();
  const replica = replicaOver(store, true);
  await replica.stateOf(store.meetingId);
  const closed = run(meeting, { type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }, T0 + 9_000);
  for (const event of closed.events.slice(meeting.events.length)) store.appendUnreplicated(event);
  await replica.catchUp(store.meetingId);
  expect(replica.cached(store.meetingId)?.ballots.get(BALLOT)?.status).toBe('closed');
  store.failOver();
  return { store, meeting, closed, replica };
}

describe('a resync after the store came back (failover): the copy becomes the store\'s', () => {
  it('drops a register entry the store lost, keeps a cast recorded while the read ran, and announces the change', async () => {
    const { store } = hallBeforeTheFailover();
    const { replica, casts } = await clusterNode(store);
    const changes: number[] = [];
    replica.changed.add(({ events }) => changes.push(events.length));
    // Seat 5 votes through this node while the resync's read of the register is under way.
    store.onNextVotesRead = async () => {
      const answer = await casts.cast(store.meetingId, seatIdOf(5), { ballotId: BALLOT, idempotencyKey: 'k-5', choice: { option: 'yes' } });
      expect(answer).toMatchObject({ ok: true, duplicate: false });
    };

    await replica.resyncAll();

    const register = replica.cached(store.meetingId)?.registers.get(BALLOT);
    expect([...(register?.keys() ?? [])].sort()).toEqual([seatIdOf(1), seatIdOf(2), seatIdOf(3), seatIdOf(5)]);
    expect(changes).toContain(0);
  });

  it('reads the meeting again when the store no longer has the copy\'s last event', async () => {
    const { store, replica } = await nodeThatReadALostClose();
    const loaded: number[] = [];
    replica.loaded.add((state) => loaded.push(state.version));
    const epochBefore = replica.epochOf(store.meetingId);

    await replica.resyncAll();

    const state = replica.cached(store.meetingId);
    expect(state?.version).toBe(store.log.length);
    expect(state?.ballots.get(BALLOT)?.status).toBe('open');
    expect(state?.registers.get(BALLOT)?.size).toBe(3);
    expect(loaded).toEqual([store.log.length]);
    // Behind the version clients saw: its views name a new epoch, so clients take them (docs/PROTOCOL.md §5).
    expect(replica.epochOf(store.meetingId)).toEqual(expect.any(String));
    expect(replica.epochOf(store.meetingId)).not.toBe(epochBefore);
  });

  it('reads the meeting again when another event took the place of the copy\'s last one', async () => {
    const { store, meeting, closed, replica } = await nodeThatReadALostClose();
    // After the failover the chair voids the ballot instead, at the version the lost close had.
    const voided = run(meeting, { type: 'VoidBallot', ballotId: BALLOT, reason: '表决器故障' }, T0 + 12_000);
    store.log.push(...voided.events.slice(meeting.events.length));
    expect(store.log.length).toBe(closed.events.length);

    await replica.resyncAll();

    expect(replica.cached(store.meetingId)?.ballots.get(BALLOT)?.status).toBe('void');
  });

  it('a resync with nothing lost reads no meeting again, also after this node\'s own commands', async () => {
    const { store } = hallBeforeTheFailover();
    const { replica, commands } = await clusterNode(store);
    const closed = await commands.execute(store.meetingId, [{ type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }], CHAIR);
    if (!closed.ok) throw new Error(`close refused: ${closed.code}`);
    const loaded: number[] = [];
    replica.loaded.add((state) => loaded.push(state.version));
    const epochBefore = replica.epochOf(store.meetingId);
    // The store as Redis keeps it: each event written as JSON and read back parsed.
    store.log = store.log.map((event) => JSON.parse(JSON.stringify(event)) as MeetingEvent);

    await replica.resyncAll();

    expect(loaded).toEqual([]);
    // The same copy, moved on by its own commands: the same epoch, ordered by version.
    expect(replica.epochOf(store.meetingId)).toBe(epochBefore);
  });
});
