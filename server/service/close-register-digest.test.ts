import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boxOf } from '../../shared/domain/evolve';
import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import { T0, castAll, motionSpec, run, sittingWith, votesOf } from '../../shared/domain/test-fixtures';
import type { Secrecy } from '../../shared/domain/ballots/kinds';
import { silentLogger } from '../logger';
import { registerDigest, type HeldRegister } from '../store/register-digest';
import type { MeetingStore, VoteRecords } from '../store/types';
import { OneMeetingLog } from './one-meeting-log';
import { MeetingReplica } from './replica';

const BALLOT = 'b-1';

/** A shared store in memory that, as the Redis store does, leaves out a register the reader holds the same. */
class DigestStore extends OneMeetingLog implements MeetingStore {
  reads: ('whole' | 'left out')[] = [];

  constructor(
    log: MeetingEvent[],
    public register: RegisterEntry[],
    private readonly box: Record<string, number>,
  ) {
    super(log);
  }

  async readVotes(_meetingId: string, _ballotIds?: readonly string[], held?: ReadonlyMap<string, HeldRegister>): Promise<VoteRecords> {
    const boxes: VoteRecords['boxes'] = this.shut(BALLOT) ? { [BALLOT]: this.box } : {};
    const mine = held?.get(BALLOT);
    if (mine && mine.size === this.register.length && mine.digest === registerDigest(this.register)) {
      this.reads.push('left out');
      return { register: [], boxes, unchanged: [BALLOT] };
    }
    this.reads.push('whole');
    return { register: this.register, boxes };
  }
  async cast(): Promise<never> {
    throw new Error('casts are in the register already');
  }
}

/** Five seats present, a secret motion open, three papers (2 赞成, 1 反对) with receipts as nodes make them; a node that loaded it, then the close. */
async function closedOnANode(storeRegister: (register: RegisterEntry[]) => RegisterEntry[]) {
  let meeting = sittingWith('congress', 5, 5);
  meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
  const voted = castAll(meeting, BALLOT, votesOf(2, 1, 0), T0 + 5_000);
  const register = [...(voted.state.registers.get(BALLOT)?.values() ?? [])].map((p) => ({ ...p, receiptId: randomUUID() }));
  const store = new DigestStore([...meeting.events], register, boxOf(voted.state, BALLOT) ?? {});
  const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
  replica.followPeers();
  const loaded = await replica.stateOf(store.meetingId);
  expect(loaded?.registers.get(BALLOT)?.size).toBe(3);
  store.register = storeRegister(register);
  store.reads = [];
  const closed = run(meeting, { type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }, T0 + 9_000);
  store.log.push(...closed.events.slice(meeting.events.length));
  await replica.followVersion(store.meetingId, store.log.length);
  const after = await replica.settled(store.meetingId);
  return { store, loaded: loaded!, after: after! };
}

describe("a close on a node of a cluster: the store's register read only when the copy's differs (register-digest.ts)", () => {
  it('keeps the copy’s register when the store holds the same, and takes the box', async () => {
    const { store, loaded, after } = await closedOnANode((register) => register);
    expect(store.reads).toEqual(['left out']);
    expect(after.ballots.get(BALLOT)?.status).toBe('closed');
    expect(after.registers.get(BALLOT)).toBe(loaded.registers.get(BALLOT));
    expect(boxOf(after, BALLOT)).toEqual({ yes: 2, no: 1 });
  });

  it('reads the register whole when the store has a vote the copy never heard of', async () => {
    const { store, after } = await closedOnANode((register) => [...register, { ...register[0]!, seatId: 'seat-004', receiptId: randomUUID(), idempotencyKey: 'k-4' }]);
    expect(store.reads).toEqual(['whole']);
    expect(after.registers.get(BALLOT)?.size).toBe(4);
  });

  it('reads the register whole when the copy holds a vote the store lost (a failover), and drops it', async () => {
    const { store, after } = await closedOnANode((register) => register.slice(1));
    expect(store.reads).toEqual(['whole']);
    expect([...(after.registers.get(BALLOT)?.keys() ?? [])].sort()).toEqual(['seat-002', 'seat-003']);
  });
});

/**
 * A node loads the meeting with a ballot open, then hears of three votes from a peer, each as
 * `noticed` makes it from the store's entry; then the ballot closes. Returns what the close read.
 */
async function closedAfterPeerNotices(secrecy: Secrecy, noticed: (entry: RegisterEntry) => RegisterEntry) {
  let meeting = sittingWith('congress', 5, 5);
  meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT, { secrecy }), quorumOverrideReason: null }, T0 + 4_000);
  const voted = castAll(meeting, BALLOT, votesOf(2, 1, 0), T0 + 5_000);
  const register = [...(voted.state.registers.get(BALLOT)?.values() ?? [])].map((p) => ({ ...p, receiptId: randomUUID() }));
  const store = new DigestStore([...meeting.events], [], boxOf(voted.state, BALLOT) ?? {});
  const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
  replica.followPeers();
  await replica.stateOf(store.meetingId);
  await replica.followCasts(
    store.meetingId,
    register.map((entry, i) => ({ entry: noticed(entry), voted: i + 1 })),
  );
  const heard = [...(replica.cached(store.meetingId)?.registers.get(BALLOT)?.values() ?? [])];

  store.register = register;
  store.reads = [];
  const closed = run(meeting, { type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }, T0 + 9_000);
  store.log.push(...closed.events.slice(meeting.events.length));
  await replica.followVersion(store.meetingId, store.log.length);
  const after = await replica.settled(store.meetingId);
  const choices = new Map([...(after?.registers.get(BALLOT)?.values() ?? [])].map((p) => [p.seatId, p.choiceKey]));
  return { register, heard, reads: store.reads, choices, box: after ? boxOf(after, BALLOT) : undefined };
}

describe('a named ballot closed on a node that heard of its votes from a peer', () => {
  it('takes the choices from the store when a notice carried none (notices before 2026-12-05), as the per-delegate record needs them', async () => {
    const { register, heard, reads, choices } = await closedAfterPeerNotices('named', (p) => ({ ...p, choiceKey: null }));
    expect(register.every((p) => p.choiceKey !== null)).toBe(true);
    expect(heard.map((p) => p.choiceKey)).toEqual([null, null, null]);
    expect(reads).toEqual(['whole']);
    expect(choices).toEqual(new Map(register.map((p) => [p.seatId, p.choiceKey])));
  });

  it('reads no register at the close when every notice carried its paper: the copy holds the store’s', async () => {
    const { register, heard, reads, choices, box } = await closedAfterPeerNotices('named', (p) => p);
    expect(heard.map((p) => p.choiceKey).sort()).toEqual(register.map((p) => p.choiceKey).sort());
    expect(reads).toEqual(['left out']);
    expect(choices).toEqual(new Map(register.map((p) => [p.seatId, p.choiceKey])));
    expect(box).toEqual({ yes: 2, no: 1 });
  });
});

describe('a secret ballot: a choice in a notice (a faulty node) is never kept beside the seat (invariant 4)', () => {
  it('the copy keeps the entry without it', async () => {
    const { heard, reads, choices } = await closedAfterPeerNotices('anonymous', (p) => ({ ...p, choiceKey: 'yes' }));
    expect(heard).toHaveLength(3);
    expect(heard.every((p) => p.choiceKey === null)).toBe(true);
    expect(reads).toEqual(['left out']);
    expect([...choices.values()].every((c) => c === null)).toBe(true);
  });
});
