// Two nodes' registries over one Redis (cluster mode, issue 12): commands on the same body from
// both nodes at once all land exactly once, in one order, and each node reads the other's.
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { BodyRegistry } from '../../server/year/body-registry';
import { RedisBodyStore } from '../../server/year/redis-body-store';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';

const available = redisServerAvailable();
const STAFF = { role: 'secretariat' as const, name: '秘书处' };
const clock = { now: () => Date.UTC(2027, 0, 15, 2) };

describe.skipIf(!available)('body registry on two nodes over Redis', () => {
  let server: RedisServer | undefined;
  const stores: RedisBodyStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await server?.stop();
  });

  it('concurrent suggestions on one body from two nodes: all recorded once; each node sees all', async () => {
    server = await startRedis({ appendonly: true });
    const nodes = await Promise.all(
      [1, 2].map(async () => {
        const store = await RedisBodyStore.connect(server!.url, silentLogger);
        stores.push(store);
        return new BodyRegistry(async () => store, clock, silentLogger);
      }),
    );
    const [a, b] = nodes as [BodyRegistry, BodyRegistry];
    expect(
      await a.create({ type: 'CreateBody', info: { bodyId: 'county', name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18, convener: null, parentBodyId: null } }, STAFF),
    ).toMatchObject({ ok: true });
    // The second node cannot create it again.
    expect(
      await b.create({ type: 'CreateBody', info: { bodyId: 'county', name: 'x', kind: 'congress', level: 'county', term: 1, convener: null, parentBodyId: null } }, STAFF),
    ).toMatchObject({ ok: false, code: 'DUPLICATE_RECORD' });
    const members = Array.from({ length: 4 }, (_, i) => ({ memberId: `c${i}`, seatNo: `${i}`, name: `代表${i}`, group: '', category: null }));
    expect(await b.execute('county', [{ type: 'SetRoster', members }], STAFF)).toMatchObject({ ok: true });

    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).execute(
          'county',
          [{ type: 'SubmitSuggestion', suggestionId: `g${i}`, year: 2027, memberId: `c${i % 4}`, title: `建议${i}`, content: '…', category: '交通', coSigners: [], via: 'tablet' }],
          STAFF,
        ),
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [sa, sb] = await Promise.all([a.state('county'), b.state('county')]);
    expect(sa?.version).toBe(2 + 12);
    expect(sb?.version).toBe(sa?.version);
    expect([...sa!.suggestionOrder].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `g${i}`).sort());
    expect(sb!.suggestionOrder).toEqual(sa!.suggestionOrder);
    // A duplicate id from the other node is refused by the state it catches up to.
    expect(
      await a.execute('county', [{ type: 'SubmitSuggestion', suggestionId: 'g3', year: 2027, memberId: 'c0', title: 't', content: 'c', category: 'x', coSigners: [], via: 'console' }], STAFF),
    ).toMatchObject({ ok: false, code: 'DUPLICATE_RECORD' });
  });
});
