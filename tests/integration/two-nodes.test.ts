import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingSpec } from '../../shared/domain/meeting';
import { systemClock } from '../../server/clock';
import { silentLogger } from '../../server/logger';
import { MeetingService, type CastAnswer } from '../../server/meeting-service';
import { ServiceError } from '../../server/service/service-error';
import type { MeetingStore } from '../../server/store/types';
import { MemoryStore, closeTemporaryStores } from '../support/memory-store';

/**
 * Two MeetingService instances over one store behave like two cluster nodes: each has its own
 * cache, and only the store's conditional append and atomic cast keep them honest.
 */
const PRESIDIUM = { role: 'presidium', name: '主席' } as const;
const SECRETARIAT = { role: 'secretariat', name: '秘书处' } as const;

function spec(): MeetingSpec {
  return {
    meetingId: 'm1',
    body: { name: '测试常委会', kind: 'standing_committee' },
    title: '第一次会议',
    delegates: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ seatId: id, seatNo: id.toUpperCase(), name: `委员${id}`, group: '' })),
    presidium: ['主席'],
    agenda: [{ itemId: 'i1', title: '议题一', kind: 'vote' }],
  };
}

const service = (store: MeetingStore) => new MeetingService({ store, clock: systemClock, logger: silentLogger });

async function sittingOnTwoNodes() {
  const store = new MemoryStore();
  const nodeA = service(store);
  const nodeB = service(store);
  expect((await nodeA.createMeeting(spec(), SECRETARIAT)).ok).toBe(true);
  for (const seatId of ['a', 'b', 'c', 'd']) {
    expect((await nodeA.execute('m1', [{ type: 'SignIn', seatId }], { role: 'delegate', name: seatId })).ok).toBe(true);
  }
  expect((await nodeA.execute('m1', [{ type: 'OpenSession' }], PRESIDIUM)).ok).toBe(true);
  return { store, nodeA, nodeB };
}

function ok(outcome: CastAnswer | { ok: boolean }): void {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
}

describe('meeting service on two nodes sharing a store', () => {
  afterEach(closeTemporaryStores);

  it('retries a command after a conflicting append by the other node', async () => {
    const { nodeA, nodeB } = await sittingOnTwoNodes();
    await nodeB.stateOf('m1'); // B caches the meeting now…
    ok(await nodeA.execute('m1', [{ type: 'RecordAttendance', seatId: 'e', status: 'on_leave' }], SECRETARIAT)); // …A moves on
    const started = await nodeB.execute('m1', [{ type: 'StartItem', itemId: 'i1' }], PRESIDIUM);
    ok(started);
    const b = await nodeB.stateOf('m1');
    expect(b?.seats.get('e')?.attendance).toBe('on_leave');
    expect(b?.currentItemId).toBe('i1');
    expect(b?.version).toBe((await nodeA.stateOf('m1'))!.version + 1);
  });

  it('lets a vote through on a node that has not seen the ballot open, and counts every node at close', async () => {
    const { nodeA, nodeB } = await sittingOnTwoNodes();
    await nodeB.stateOf('m1');
    ok(await nodeA.execute('m1', [{ type: 'StartItem', itemId: 'i1' }], PRESIDIUM));
    const spec = { kind: 'motion', ballotId: 'b1', itemId: 'i1', title: '表决', secrecy: 'anonymous', settings: { threshold: 'majority_of_all', requireHalfParticipation: false }, durationSec: null, rerunOf: null } as const;
    ok(await nodeA.execute('m1', [{ type: 'OpenBallot', spec, quorumOverrideReason: null }], PRESIDIUM));

    // B's cache has no ballot b1: it re-reads the log once and accepts.
    ok(await nodeB.cast('m1', 'a', { ballotId: 'b1', idempotencyKey: 'key-a-0001', choice: { option: 'yes' } }));
    ok(await nodeB.cast('m1', 'b', { ballotId: 'b1', idempotencyKey: 'key-b-0001', choice: { option: 'yes' } }));
    ok(await nodeA.cast('m1', 'c', { ballotId: 'b1', idempotencyKey: 'key-c-0001', choice: { option: 'no' } }));
    // A vote recorded through B is known to the store, so A refuses a second one.
    expect(await nodeA.cast('m1', 'a', { ballotId: 'b1', idempotencyKey: 'key-a-0002', choice: { option: 'no' } })).toMatchObject({
      ok: false,
      code: 'ALREADY_VOTED',
    });

    // A closes: its cached box saw one paper, the store's has three.
    ok(await nodeA.execute('m1', [{ type: 'CloseBallot', ballotId: 'b1', reason: 'presidium' }], PRESIDIUM));
    const published = await nodeA.execute('m1', [{ type: 'PublishResult', ballotId: 'b1' }], PRESIDIUM);
    ok(published);
    expect(published.ok && published.state.ballots.get('b1')?.result).toMatchObject({ voted: 3, yes: 2, no: 1, abstain: 0, present: 4, notVoted: 1 });
  });

  it('answers BUSY_RETRY when the append keeps conflicting, having written nothing', async () => {
    const inner = new MemoryStore();
    const nodeA = service(inner);
    ok(await nodeA.createMeeting(spec(), SECRETARIAT));
    const alwaysConflicting: MeetingStore = Object.assign(Object.create(inner) as MemoryStore, {
      append: async () => ({ ok: false as const, reason: 'conflict' as const, version: 1 }),
    });
    const busy = service(alwaysConflicting);
    expect(await busy.execute('m1', [{ type: 'SignIn', seatId: 'a' }], { role: 'delegate', name: 'a' })).toMatchObject({
      ok: false,
      code: 'BUSY_RETRY',
    });
    expect(await inner.readEvents('m1', 0)).toHaveLength(1);
  });

  it('turns a store failure into STORE_UNAVAILABLE', async () => {
    const inner = new MemoryStore();
    ok(await service(inner).createMeeting(spec(), SECRETARIAT));
    const failing: MeetingStore = Object.assign(Object.create(inner) as MemoryStore, {
      append: async () => {
        throw new Error('disk on fire');
      },
    });
    const node = service(failing);
    const attempt = node.execute('m1', [{ type: 'SignIn', seatId: 'a' }], { role: 'delegate', name: 'a' });
    await expect(attempt).rejects.toBeInstanceOf(ServiceError);
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('turns a failed or throwing store cast into STORE_UNAVAILABLE, records nothing, and takes the same key once after', async () => {
    const { store, nodeA } = await sittingOnTwoNodes();
    ok(await nodeA.execute('m1', [{ type: 'StartItem', itemId: 'i1' }], PRESIDIUM));
    const spec = { kind: 'motion', ballotId: 'b1', itemId: 'i1', title: '表决', secrecy: 'anonymous', settings: { threshold: 'majority_of_all', requireHalfParticipation: false }, durationSec: null, rerunOf: null } as const;
    ok(await nodeA.execute('m1', [{ type: 'OpenBallot', spec, quorumOverrideReason: null }], PRESIDIUM));
    let failure: 'reject' | 'throw' | null = 'reject';
    const flaky: MeetingStore = Object.assign(Object.create(store) as MemoryStore, {
      cast: (meetingId: string, request: Parameters<MeetingStore['cast']>[1]) => {
        if (failure === 'reject') return Promise.reject(new Error('disk on fire'));
        if (failure === 'throw') throw new Error('disk on fire, synchronously');
        return store.cast(meetingId, request);
      },
    });
    const node = service(flaky);
    const paper = { ballotId: 'b1', idempotencyKey: 'key-a-0001', choice: { option: 'yes' } };
    const expected = { code: 'STORE_UNAVAILABLE', details: { retry: 'same_idempotency_key' } };

    await expect(node.cast('m1', 'a', paper)).rejects.toMatchObject(expected); // first vote: the meeting is loaded first
    failure = 'throw';
    await expect(node.cast('m1', 'a', paper)).rejects.toMatchObject(expected); // copy loaded: the synchronous path
    expect((await store.readVotes('m1', ['b1'])).register).toHaveLength(0);
    expect(node.cachedState('m1')?.registers.get('b1')?.size).toBe(0);

    failure = null;
    const recorded = await node.cast('m1', 'a', paper);
    expect(recorded).toMatchObject({ ok: true, duplicate: false });
    expect(await node.cast('m1', 'a', paper)).toEqual({ ...recorded, duplicate: true });
    expect((await store.readVotes('m1', ['b1'])).register).toHaveLength(1);
    expect(node.cachedState('m1')?.registers.get('b1')?.size).toBe(1);
  });
});
