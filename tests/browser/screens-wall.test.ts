import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { emitOk } from '../support/sockets';
import { SOCKET_DELEGATES, STREET_PROJECTS } from './ballot-kinds-hall';
import { chromiumAvailable } from './chromium';
import { APPOINTEES, measureScreen, openConsole, openKind, openScreensHall, PROJECT_IDS, screensMeeting, voteAndPublish, type ScreensKind } from './screens-hall';
import { useBrowserStage, WALL_VIEWPORT } from './stage';

/**
 * Issue 11, the wall: every mode chosen from the console reaches the wall (through the server,
 * as WallModeSet), and is measured in Chromium at 1920×1080: no text smaller than 48 px,
 * headers included; nothing outside the screen, no scroll bars; text contrast at least 7:1.
 * Long tables (12 appointees, 15 projects) are split into screens that advance on their own.
 * The same holds at 1280×720 and 3840×2160, scaled. Screenshots: test-output/browser/screens-wall-*.
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('the wall at 30 m (issue 11)', () => {
  const stage = useBrowserStage();
  let wall: Page;
  let consolePage: Page;
  let presidium: Socket;
  let delegates: Socket[] = [];

  /** Waits for the wall to draw `mode`, then measures it at 1920×1080 (and the two other sizes when asked). */
  async function expectReadable(mode: string, shotName: string, allSizes = false): Promise<void> {
    await wall.locator(`[data-wall-mode="${mode}"]`).waitFor();
    const sizes = allSizes ? [WALL_VIEWPORT, { width: 1280, height: 720 }, { width: 3840, height: 2160 }] : [WALL_VIEWPORT];
    for (const size of sizes) {
      await wall.setViewportSize(size);
      const report = await measureScreen(wall);
      // 48 px at 1080 lines, the same share of the screen at any other height.
      const floor = 48 * Math.min(size.width / 1920, size.height / 1080);
      expect(report.minFontPx, `${mode} at ${size.width}: ${JSON.stringify(report.smallest)}`).toBeGreaterThanOrEqual(floor - 0.5);
      expect(report.overflowX, `${mode} at ${size.width}`).toEqual([]);
      expect(report.clipped, `${mode} cut off at ${size.width}`).toEqual([]);
      expect(report.scrollsX || report.scrollsY, `${mode} scrolls at ${size.width}`).toBe(false);
      expect(report.minContrast, `${mode}: ${JSON.stringify(report.lowContrast)}`).toBeGreaterThanOrEqual(7);
      const suffix = size === WALL_VIEWPORT ? '' : `-${size.width}`;
      await stage.shot(wall, `screens-wall-${shotName}${suffix}`);
    }
    await wall.setViewportSize(WALL_VIEWPORT);
  }

  async function setMode(mode: string, notice?: string): Promise<void> {
    await emitOk(presidium, 'presidium:setWallMode', notice === undefined ? { mode } : { mode, notice });
  }

  it('sets up a hall of 30 with a ballot of every kind', async () => {
    const meeting = screensMeeting('screens-wall');
    const hall = await openScreensHall(stage, meeting, 'screens-wall', [{ width: 1280, height: 800 }]);
    ({ wall, presidium, delegates } = hall);
    consolePage = await openConsole(stage, meeting.title);
    expect(delegates).toHaveLength(SOCKET_DELEGATES);
  });

  it('auto: sign-in progress in big numbers between ballots (应到/实到/请假 and the quorum line)', async () => {
    await expectReadable('attendance', 'attendance', true);
    const text = (await wall.locator('[data-wall-mode]').textContent()) ?? '';
    expect(text.replace(/\s+/g, '')).toContain('应到30人');
    expect(text.replace(/\s+/g, '')).toContain('实到26人');
    expect(text).toContain('符合法定人数');
    // No language button is projected; a URL parameter chooses English instead.
    expect(await wall.getByRole('button').count()).toBe(0);
  });

  it('the console switches every wall in one click: 会标, agenda, notice, speaker, blank', async () => {
    await consolePage.getByRole('button', { name: '会标', exact: true }).click();
    await consolePage.getByText('大屏当前：会标').waitFor();
    await expectReadable('emblem', 'emblem', true);
    expect(await wall.locator('[data-wall-mode]').textContent()).toContain('某某镇第十八届人民代表大会第六次会议');
    await consolePage.getByRole('button', { name: '大屏预览' }).click();
    await consolePage.locator('figure [data-wall-mode="emblem"]').waitFor();
    await stage.shot(consolePage, 'screens-wall-console-control');

    await emitOk(presidium, 'presidium:startItem', { itemId: 'i-motion' });
    await setMode('agenda');
    await expectReadable('agenda', 'agenda');
    expect(await wall.locator('li.current').textContent()).toContain('关于召开第七次会议的决定');

    await setMode('notice', '请各位代表于下午2:30前回到会场，下午继续审议各项报告');
    await expectReadable('notice', 'notice', true);
    await wall.getByText('请各位代表于下午2:30前回到会场').waitFor();

    await setMode('speaker');
    await expectReadable('speaker', 'speaker');
    await setMode('blank');
    await wall.locator('[data-wall-mode="blank"]').waitFor();
    // Nothing visible is drawn on a blank wall.
    expect((await measureScreen(wall)).minFontPx).toBe(Infinity);
    await stage.shot(wall, 'screens-wall-blank');
    await setMode('auto');
  });

  it('voting: turnout and countdown while open; result and the named seat map once published', async () => {
    const ballotId = await openKind(presidium, 'motion');
    await expectReadable('voting', 'voting');
    expect(await wall.locator('[data-wall-mode]').textContent()).toContain('0 / 26');
    await voteAndPublish(presidium, delegates, ballotId, 'motion');
    await expectReadable('result', 'result-motion');
    expect(await wall.locator('dl.counts').getAttribute('aria-label')).toBe('赞成 18 票，反对 4 票，弃权 3 票');

    await setMode('named_map');
    await wall.locator('.seat').first().waitFor();
    await expectReadable('named_map', 'named-map');
    expect(await wall.locator('.seat').count()).toBe(30);
    expect(await wall.locator('.seat.mark-yes').count()).toBe(18);
    await setMode('auto');
  });

  const kinds: [ScreensKind, string][] = [
    ['batch', 'batch'],
    ['slate', 'slate'],
    ['election', 'election'],
    ['list', 'list'],
    ['rating', 'rating'],
  ];
  for (const [kind, name] of kinds) {
    it(`${kind}: the result board at 48 px or more, long tables paged`, async () => {
      const ballotId = await openKind(presidium, kind);
      await wall.locator('[data-wall-mode="voting"]').waitFor();
      await voteAndPublish(presidium, delegates, ballotId, kind);
      await expectReadable('result', `result-${name}`, kind === 'slate');
      const board = wall.getByRole('region', { name: '表决结果' });
      const pageSizes = await board.locator('table').evaluateAll((tables) => tables.map((t) => t.querySelectorAll('tbody tr').length));
      expect(Math.max(...pageSizes)).toBeLessThanOrEqual(4);
      if (kind === 'batch') expect(pageSizes).toEqual([4, 4, 4]);
      if (kind === 'slate') {
        expect(pageSizes).toEqual([4, 4, 4, 3]);
        const rows = (await board.locator('tbody tr').allTextContents()).join('');
        for (const title of STREET_PROJECTS) expect(rows).toContain(title);
        for (const id of PROJECT_IDS) expect(rows).not.toContain(id);
        // The screens advance on their own.
        await board.getByText('第 2/4 页').waitFor({ timeout: 20_000 });
        await stage.shot(wall, 'screens-wall-result-slate-page-2');
      }
      if (kind === 'batch') expect((await board.locator('tbody tr').allTextContents()).join('')).toContain(APPOINTEES[11]);
      // Papers are counted in 张, people in 人.
      const figures = ((await board.locator('dl.figures').textContent()) ?? '').replace(/\s+/g, '');
      expect(figures).toContain('应到30人');
      if (kind !== 'list') expect(figures).toMatch(/有效\d+张/);
      if (kind === 'election') expect(await board.locator('td.mark').allTextContents()).not.toContain('');
    });
  }

  it('a countdown: its last 10 seconds are cued in big type, readable like the rest', async () => {
    // The deadline passing is what the wall waits for; nothing here depends on how long that takes.
    const opened = (await emitOk(presidium, 'presidium:openBallot', { itemId: 'i-rating', title: '关于测评结果的决定（限时表决）', durationSec: 12 })) as unknown as {
      ballotId: string;
    };
    await wall.locator('[data-wall-mode="voting"] [role="timer"]').waitFor();
    await wall.getByText('最后 10 秒').waitFor({ timeout: 20_000 });
    await expectReadable('voting', 'voting-last-seconds');
    await emitOk(presidium, 'presidium:voidBallot', { ballotId: opened.ballotId, reason: '测试倒计时提示' });
  });

  it('English by the wall’s address, Chinese by default; no button on the projected screen', async () => {
    await setMode('attendance');
    const page = wall.url().split('?')[0]!;
    await wall.goto(`${page}?lang=en`);
    await wall.getByText('Attendance').waitFor();
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectReadable('attendance', 'attendance-english');
    await wall.goto(page);
    await wall.getByText('出席情况').waitFor();
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('raised no uncaught error in any page', () => {
    expect(stage.pageErrors).toEqual([]);
  });
});
