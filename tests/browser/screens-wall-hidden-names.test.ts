import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './chromium';
import { measureScreen, openKind, openScreensHall, screensMeeting, voteAndPublish } from './screens-hall';
import { useBrowserStage } from './stage';

/** The rating's third subject: 20 of the 25 socket papers mark 孙德胜 不满意 (screens-hall papersFor). */
const UNSATISFIED = '孙德胜';
const SATISFIED = ['周明辉', '吴春梅', '马玉兰'];

/**
 * Issue 11 / R8, end to end: the setting hideUnsatisfiedNamesOnWall is set the way the secretariat
 * sets it (the preparation revision route, docs/PROTOCOL.md "Preparation"), a rating ballot is cast
 * over real sockets and published, and the wall at 1920×1080 shows no name of the 不满意 subject;
 * with the setting at its default (off) the same ballot shows it.
 * Screenshot: test-output/browser/screens-wall-hidden-names.png (and -shown).
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('the wall hides the names of 不满意 subjects when the meeting says so (R8)', () => {
  const stage = useBrowserStage();

  /** Sets the meeting's settings through GET /preparation + POST /revision, as the settings tab does. */
  async function hideUnsatisfiedNames(meetingId: string, token: string): Promise<void> {
    const read = await stage.http.request<{ ok: boolean; version: number; spec: Record<string, unknown>; settings: Record<string, unknown> }>(
      'GET',
      `/api/meetings/${meetingId}/preparation`,
      undefined,
      token,
    );
    expect(read.body.ok).toBe(true);
    expect(read.body.settings['hideUnsatisfiedNamesOnWall']).toBe(false);
    const { meetingId: _id, ...spec } = read.body.spec;
    const revised = await stage.http.request<{ ok: boolean }>(
      'POST',
      `/api/meetings/${meetingId}/revision`,
      { expectedVersion: read.body.version, spec: { ...spec, settings: { ...read.body.settings, hideUnsatisfiedNamesOnWall: true } } },
      token,
    );
    expect(revised.body).toMatchObject({ ok: true });
    const after = await stage.http.request<{ settings: Record<string, unknown> }>('GET', `/api/meetings/${meetingId}/preparation`, undefined, token);
    expect(after.body.settings['hideUnsatisfiedNamesOnWall']).toBe(true);
  }

  /** Runs the rating ballot over sockets, publishes it and returns the wall's result board text. */
  async function ratedOnWall(meetingId: string, hide: boolean, shot: string): Promise<string> {
    const hall = await openScreensHall(stage, screensMeeting(meetingId), meetingId, [], hide ? (id, token) => hideUnsatisfiedNames(id, token) : undefined);
    const ballotId = await openKind(hall.presidium, 'rating');
    await hall.wall.locator('[data-wall-mode="voting"]').waitFor();
    await voteAndPublish(hall.presidium, hall.delegates, ballotId, 'rating');
    const board = hall.wall.locator('[data-wall-mode="result"]').getByRole('region', { name: '表决结果' });
    await board.waitFor();
    const size = hall.wall.viewportSize();
    expect(size).toEqual({ width: 1920, height: 1080 });
    // Hall-grade as every wall board: 48 px or more, nothing outside the screen.
    const report = await measureScreen(hall.wall);
    expect(report.minFontPx, JSON.stringify(report.smallest)).toBeGreaterThanOrEqual(47.5);
    expect(report.overflowX).toEqual([]);
    await stage.shot(hall.wall, shot);
    return (await board.textContent()) ?? '';
  }

  it('on: the 不满意 subject is on the wall without a name', async () => {
    const text = await ratedOnWall('screens-hidden-on', true, 'screens-wall-hidden-names');
    expect(text).not.toContain(UNSATISFIED);
    expect(text).toContain('不公布');
    for (const name of SATISFIED) expect(text).toContain(name);
  });

  it('off (the default): the same ballot shows every name', async () => {
    const text = await ratedOnWall('screens-hidden-off', false, 'screens-wall-hidden-names-shown');
    expect(text).toContain(UNSATISFIED);
    expect(text).not.toContain('不公布');
    for (const name of SATISFIED) expect(text).toContain(name);
  });

  it('no page error', () => {
    expect(stage.pageErrors).toEqual([]);
  });
});
