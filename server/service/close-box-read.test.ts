import { describe, expect, it } from 'vitest';
import { boxOf } from '../../shared/domain/evolve';
import type { MeetingEvent, RegisterEntry } from '../../shared/domain/meeting';
import { CHAIR, T0, castAll, motionSpec, run, sittingWith, votesOf } from '../../shared/domain/test-fixtures';
import { silentLogger } from '../logger';
import type { MeetingStore, VoteRecords } from '../store/types';
import { OneMeetingLog } from './one-meeting-log';
import { CommandService } from './command-service';
import { MeetingReplica } from './replica';

const BALLOT = 'b-1';

/**
 * A shared store in memory whose readVotes the test holds, as Redis is slow to answer after a
 * restart: the register of three voters is there from the start, the box only once shut.
 */
class SlowVotesStore extends OneMeetingLog implements MeetingStore {
  holdVotes = false;
  /** The next readVotes fails (Redis gone for a moment). */
  failVotes = false;
  private readonly held: (() => void)[] = [];

  constructor(
    log: MeetingEvent[],
    private readonly register: RegisterEntry[],
    private readonly box: Record<string, number>,
  ) {
    super(log);
  }

  async readVotes(): Promise<VoteRecords> {
    if (this.holdVotes) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failVotes) {
      this.failVotes = false;
      throw new Error('connection lost');
    }
    return { register: this.register, boxes: this.shut(BALLOT) ? { [BALLOT]: this.box } : {} };
  }
  releaseVotes() {
    for (const resolve of this.held.splice(0)) resolve();
  }
  get waitingReads() {
    return this.held.length;
  }
  async cast(): Promise<never> {
    throw new Error('casts are in the register already');
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a close folded from another node: nothing decides before its box is read', () => {
  it('a publish that arrives while the box is read waits for it and counts every paper', async () => {
    // Five seats present, a secret motion open, three papers: 2 赞成, 1 反对.
    let meeting = sittingWith('congress', 5, 5);
    meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
    const voted = castAll(meeting, BALLOT, votesOf(2, 1, 0), T0 + 5_000);
    const box = boxOf(voted.state, BALLOT) ?? {};
    const register: RegisterEntry[] = [...(voted.state.registers.get(BALLOT)?.values() ?? [])];
    expect(register).toHaveLength(3);

    const store = new SlowVotesStore([...meeting.events], register, box);
    const clock = { now: () => T0 + 10_000 };
    const replica = new MeetingReplica({ store, clock, logger: silentLogger });
    replica.followPeers();
    const service = new CommandService(replica, store, clock, silentLogger, 12, 8);
    expect((await replica.stateOf(store.meetingId))?.registers.get(BALLOT)?.size).toBe(3);

    // Another node shuts the ballot; this node hears of it and folds the close, then reads the box (slowly).
    const closed = run(meeting, { type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }, T0 + 9_000);
    store.log.push(...closed.events.slice(meeting.events.length));
    store.holdVotes = true;
    const following = replica.followVersion(store.meetingId, store.log.length);
    await settle();
    expect(store.waitingReads).toBe(1);
    expect(replica.cached(store.meetingId)?.ballots.get(BALLOT)?.status).toBe('closed');

    // The chair presses 宣布结果 in that gap.
    const publishing = service.execute(store.meetingId, [{ type: 'PublishResult', ballotId: BALLOT }], CHAIR);
    await settle();
    store.holdVotes = false;
    store.releaseVotes();
    await following;
    const outcome = await publishing;

    if (!outcome.ok) throw new Error(`publish refused: ${outcome.code} ${outcome.message}`);
    const published = outcome.events.find((e) => e.type === 'ResultPublished');
    expect(published?.type === 'ResultPublished' && published.result).toMatchObject({ voted: 3, yes: 2, no: 1 });
  });

  it('a copy dropped after a failed box read is read again and sent to every client, under a new epoch', async () => {
    let meeting = sittingWith('congress', 5, 5);
    meeting = run(meeting, { type: 'OpenBallot', spec: motionSpec(BALLOT), quorumOverrideReason: null }, T0 + 4_000);
    const voted = castAll(meeting, BALLOT, votesOf(2, 1, 0), T0 + 5_000);
    const register: RegisterEntry[] = [...(voted.state.registers.get(BALLOT)?.values() ?? [])];
    const store = new SlowVotesStore([...meeting.events], register, boxOf(voted.state, BALLOT) ?? {});
    const replica = new MeetingReplica({ store, clock: { now: () => T0 + 10_000 }, logger: silentLogger });
    replica.followPeers();
    await replica.stateOf(store.meetingId);
    const firstEpoch = replica.epochOf(store.meetingId);
    const notices: { version: number; events: number; epoch: string | undefined }[] = [];
    replica.changed.add(({ meetingId, state, events }) => notices.push({ version: state.version, events: events.length, epoch: replica.epochOf(meetingId) }));

    // Another node closes the ballot; this node's read of the box fails: it drops its copy.
    const closed = run(meeting, { type: 'CloseBallot', ballotId: BALLOT, reason: 'presidium' }, T0 + 9_000);
    store.log.push(...closed.events.slice(meeting.events.length));
    store.failVotes = true;
    await replica.followVersion(store.meetingId, store.log.length);
    const again = await replica.stateOf(store.meetingId);
    expect(store.failVotes).toBe(false);

    // Read again whole: with the box, under a new epoch, and announced to every client (a
    // push of the re-read copy), after the close announced from the copy without its box.
    expect(boxOf(again!, BALLOT)).toEqual(boxOf(voted.state, BALLOT));
    expect(replica.epochOf(store.meetingId)).not.toBe(firstEpoch);
    expect(notices.map((n) => n.events)).toEqual([1, 0]);
    expect(notices[1]).toEqual({ version: store.log.length, events: 0, epoch: replica.epochOf(store.meetingId) });
  });
});
