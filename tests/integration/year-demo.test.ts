// The demo's year (issue 12): made through the real paths (meetings voted by the service), it
// holds one body of each kind with 2026's records linked by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { createDemoYear, DEMO_YEAR_BODY_IDS } from '../../server/demo-year';
import { bodyView } from '../../shared/domain/year/views';
import { heldMeetings } from '../../server/year/meeting-link';
import { startTestServer, type TestServer } from '../support/test-server';

describe('demo year', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const warnings: unknown[] = [];
    await createDemoYear(server.app, { ...silentLogger, warn: (...args: unknown[]) => warnings.push(args) } as typeof silentLogger);
    expect(warnings).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a county congress, a township congress, a standing committee and a street congress', async () => {
    const kinds = await Promise.all(DEMO_YEAR_BODY_IDS.map(async (id) => (await server.app.bodies.state(id))?.info));
    expect(kinds.map((k) => [k?.kind, k?.level])).toEqual([['congress', 'county'], ['congress', 'township'], ['standing_committee', 'county'], ['street_congress', 'street']]);
  });

  it('a year of history: street recommendation forwarded, ONE county decision after a tie re-vote, progress, ratings, 整改, suggestions, fund', async () => {
    const now = server.app.service.now();
    const streetState = (await server.app.bodies.state('demo-street'))!;
    const street = bodyView(streetState, now, new Set());
    // R6.2: of its two 2026 meetings the street congress sat once (the second is only prepared),
    // so on 3 December 2026 the second regular meeting is still due.
    const held = await heldMeetings(server.app.service, streetState, 2026);
    expect([...held]).toEqual(['demo-street-1']);
    expect(bodyView(streetState, Date.UTC(2026, 11, 3), held).due).toMatchObject({ expected: 2, held: 1, next: { no: 2, dueBy: '2026-12-31', status: 'due' } });
    expect(street.meetings[0]?.presidium).toEqual(['王建国', '李秀英', '张明']);
    expect(street.projects.find((p) => p.projectId === 'j-lift')?.forwardedTo).toEqual([{ bodyId: 'demo-county', projectId: 'c-lift' }]);
    const county = bodyView((await server.app.bodies.state('demo-county'))!, now, new Set());
    expect(county.decisions).toHaveLength(1);
    expect(county.decisions[0]).toMatchObject({ year: 2026, adopted: ['c-water', 'c-clinic', 'c-lift'], ballotIds: ['slate-vote', 'slate-revote'] });
    expect(county.projects.filter((p) => p.adopted).every((p) => p.progress.length === 4 && p.ratings.length === 1)).toBe(true);
    expect(county.suggestions.map((g) => g.status)).toEqual(['rehandling', 'closed', 'assigned']);
    expect(county.funds[0]?.allocations.every((a) => a.ratings[0]?.tier === 'satisfied')).toBe(true);
    expect(county.meetings.map((m) => m.sessionNo)).toEqual([3, 4, 5]);
    const town = bodyView((await server.app.bodies.state('demo-town'))!, now, new Set());
    expect(town.decisions[0]?.adopted).toEqual(['t-road', 't-water']);
    const standing = bodyView((await server.app.bodies.state('demo-standing'))!, now, new Set());
    expect(standing.supervision[0]?.ratings[0]?.tier).toBe('unsatisfied');
    expect(standing.supervision[0]?.followUps).toHaveLength(1);
    expect(standing.appointees.map((a) => a.ratings[0]?.tier)).toEqual(['satisfied', 'satisfied', 'basically_satisfied']);
    // The 履职情况报告 are documents of the year-end meeting's report and rating items.
    const yearEnd = await server.app.service.stateOf('demo-standing-22');
    for (const itemId of ['reports', 'rate-ap']) {
      const docs = yearEnd?.spec.agenda.find((a) => a.itemId === itemId)?.documents ?? [];
      expect(docs.map((doc) => doc.title)).toEqual(['赵敏（副院长）2026年履职情况报告', '钱进（审判委员会委员）2026年履职情况报告', '孙丽（庭长）2026年履职情况报告']);
    }
  });
});
