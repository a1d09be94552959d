import { describe, expect, it } from 'vitest';
import { boxOf } from '../../shared/domain/evolve';
import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import { HOSTILE_IDS, T0, castAll, motionSpec, run, seatIdOf, sittingWith, votesOf } from '../../shared/domain/test-fixtures';
import { silentLogger } from '../logger';
import type { MeetingStore, VoteRecords } from '../store/types';
import { OneMeetingLog } from './one-meeting-log';
import { MeetingReplica } from './replica';

const BALLOT = 'b-1';

/** A shared store in memory: the log, and the register other nodes wrote. */
class PeerStore extends OneMeetingLog implements MeetingStore {
  register: RegisterEntry[] = [];
  async readVotes(): Promise<VoteRecords> {
    return { register: [...this.register], boxes: {} };
  }
  async cast(): Promise<never> {
    throw new Error('this node casts nothing here');
  }
}

/** Six seats present, a secret motion open, and the papers of seats 1–4 as the peer recorded them. */
async function nodeFollowingAPeer() {
  let meeting = sittingWith('congress', 6, 6);
  meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
  const peerVotes = [...(castAll(meeting, BALLOT, votesOf(2, 1, 1), T0 + 5_000).state.registers.get(BALLOT)?.values() ?? [])];
  const store = new PeerStore([...meeting.events]);
  const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
  replica.followPeers();
  const loaded = await replica.stateOf(store.meetingId);
  return { store, replica, loaded: loaded!, peerVotes };
}

describe("a peer's cast notice (replica.followCasts): its casts folded into the copy together", () => {
  it('adds every cast of the notice in one new copy, announces each with the store’s turnout, and keeps no choice', async () => {
    const { store, replica, loaded, peerVotes } = await nodeFollowingAPeer();
    const versions: unknown[] = [];
    replica.voted.add(() => versions.push(replica.cached(store.meetingId)));

    await replica.followCasts(store.meetingId, peerVotes.map((entry, i) => ({ entry, voted: i + 1 })));

    const copy = replica.cached(store.meetingId);
    const register = copy?.registers.get(BALLOT);
    expect([...(register?.keys() ?? [])].sort()).toEqual(peerVotes.map((p) => p.seatId).sort());
    expect([...(register?.values() ?? [])].every((p) => p.choiceKey === null)).toBe(true);
    expect(register?.get(seatIdOf(2))?.receiptId).toBe(peerVotes.find((p) => p.seatId === seatIdOf(2))?.receiptId);
    // One new copy for the whole notice: every listener, from the first, already sees all four.
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).toBe(copy);
    expect(copy).not.toBe(loaded);
    expect(loaded.registers.get(BALLOT)?.size).toBe(0);
  });

  it('announces each cast in the order of the notice, with its own turnout', async () => {
    const { store, replica, peerVotes } = await nodeFollowingAPeer();
    const heard: Array<[string, number]> = [];
    replica.voted.add(({ seatId, voted }) => heard.push([seatId, voted]));

    await replica.followCasts(store.meetingId, peerVotes.map((entry, i) => ({ entry, voted: i + 1 })));

    expect(heard).toEqual(peerVotes.map((p, i) => [p.seatId, i + 1]));
  });

  it('keeps the entry a seat already has (a notice heard twice counts once) and ignores seats and ballots the meeting does not have', async () => {
    const { store, replica, peerVotes } = await nodeFollowingAPeer();
    const first = peerVotes[0]!;
    await replica.followCasts(store.meetingId, [{ entry: first, voted: 1 }]);
    const strangers: RegisterEntry[] = [
      ...HOSTILE_IDS.map((seatId) => ({ ...first, seatId, receiptId: `r-${seatId}`, idempotencyKey: `k-${seatId}` })),
      { ...first, seatId: seatIdOf(99), receiptId: 'r-99', idempotencyKey: 'k-99' },
      { ...first, ballotId: 'constructor', seatId: seatIdOf(5), receiptId: 'r-5', idempotencyKey: 'k-5' },
    ];

    await replica.followCasts(store.meetingId, [
      { entry: { ...first, receiptId: 'another-receipt' }, voted: 1 },
      ...strangers.map((entry) => ({ entry, voted: 1 })),
      { entry: peerVotes[1]!, voted: 2 },
    ]);

    const register = replica.cached(store.meetingId)?.registers.get(BALLOT);
    expect(register?.size).toBe(2);
    expect(register?.get(first.seatId)?.receiptId).toBe(first.receiptId);
    expect(replica.cached(store.meetingId)?.registers.has('constructor')).toBe(false);
  });

  it("takes a named ballot's paper under a new receipt in place of the seat's entry (a replacement, or the store's entry after a failover)", async () => {
    let meeting = sittingWith('congress', 4, 4);
    meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT, { secrecy: 'named' }), quorumOverrideReason: null }, T0 + 4_000);
    const store = new PeerStore([...meeting.events]);
    const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
    replica.followPeers();
    await replica.stateOf(store.meetingId);
    const first: RegisterEntry = { ballotId: BALLOT, seatId: seatIdOf(1), idempotencyKey: 'key-first-1', receiptId: 'receipt-first', at: T0 + 5_000, choiceKey: 'yes' };
    const second: RegisterEntry = { ...first, idempotencyKey: 'key-second-1', receiptId: 'receipt-second', at: T0 + 6_000, choiceKey: 'no' };

    await replica.followCasts(store.meetingId, [{ entry: first, voted: 1 }]);
    expect(replica.cached(store.meetingId)?.registers.get(BALLOT)?.get(seatIdOf(1))?.choiceKey).toBe('yes');
    await replica.followCasts(store.meetingId, [{ entry: second, voted: 1 }]);

    const copy = replica.cached(store.meetingId);
    expect(copy?.registers.get(BALLOT)?.size).toBe(1);
    expect(copy?.registers.get(BALLOT)?.get(seatIdOf(1))).toMatchObject({ receiptId: 'receipt-second', choiceKey: 'no' });
    expect(copy ? boxOf(copy, BALLOT) : undefined).toEqual({ no: 1 });
  });

  it('reads the log first for a ballot the copy has not seen opened, then folds the casts on it', async () => {
    const sitting = sittingWith('congress', 6, 6);
    const store = new PeerStore([...sitting.events]);
    const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
    replica.followPeers();
    expect((await replica.stateOf(store.meetingId))?.registers.has(BALLOT)).toBe(false);
    // The peer opened the ballot and its seats voted before this node read the opening.
    const opened = run(sitting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
    store.log.push(...(opened.events.slice(sitting.events.length) as MeetingEvent[]));
    const peerVotes = [...(castAll(opened, BALLOT, votesOf(1, 1, 0), T0 + 5_000).state.registers.get(BALLOT)?.values() ?? [])];

    await replica.followCasts(store.meetingId, peerVotes.map((entry, i) => ({ entry, voted: i + 1 })));

    expect(replica.cached(store.meetingId)?.version).toBe(store.log.length);
    expect(replica.cached(store.meetingId)?.registers.get(BALLOT)?.size).toBe(2);
  });
});
