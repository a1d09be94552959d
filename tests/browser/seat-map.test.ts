import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { connect, emitOk } from '../support/sockets';
import { chromiumAvailable } from './chromium';
import { logInToConsole } from './console-login';
import { issueSeatCards } from './hall';
import { CONSOLE_VIEWPORT, useBrowserStage } from './stage';

/**
 * The console's seat map in Chromium at 1440×900: a county congress of 400 seats laid out from
 * "r排c座", and a 3,000-seat hall. The map renders every seat, search finds a delegate and a
 * click opens the seat's details. Render times are printed for the report, never asserted.
 * Screenshots: test-output/browser/seatmap-*.png.
 */

function hallSpec(meetingId: string, seats: number, columns: number, title: string): MeetingSpecInput {
  return {
    meetingId,
    body: { name: '某某县人民代表大会', kind: 'congress' },
    title,
    delegates: Array.from({ length: seats }, (_, i) => ({
      seatId: `s${i + 1}`,
      seatNo: `${Math.floor(i / columns) + 1}排${(i % columns) + 1}座`,
      name: `代表${i + 1}`,
      group: `第${(i % 12) + 1}代表团`,
    })),
    presidium: ['陈立新'],
    agenda: [{ itemId: 'item-1', title: '关于县人民政府工作报告的决议', kind: 'vote' }],
  };
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('the seat map in Chromium', () => {
  const stage = useBrowserStage();
  const { shot, pageErrors } = stage;

  /** Logs the secretariat into the console and opens the meeting; returns the ms until every seat is on the map. */
  async function openMap(page: Page, title: string, seats: number): Promise<number> {
    await logInToConsole(page, stage.server.baseUrl, await stage.http.staffAccount('secretariat', '王芳'));
    const enter = page.getByRole('button', { name: `进入 ${title}` });
    await enter.waitFor();
    const started = Date.now();
    await enter.click();
    await page.locator('[data-testid=seatmap-hall] button').nth(seats - 1).waitFor();
    return Date.now() - started;
  }

  async function searchAndPick(page: Page, name: string, seatId: string): Promise<void> {
    const search = page.getByTestId('seatmap-search');
    await search.fill(name);
    await page.getByText('找到 1 位').waitFor();
    await search.press('Enter');
    const details = page.getByTestId('seat-details');
    await details.locator('p.name', { hasText: name }).waitFor();
    await details.getByRole('button', { name: '关闭' }).click();
    await page.locator(`[data-testid=seatmap-hall] [data-seat="${seatId}"]`).click();
    await details.waitFor();
  }

  it('400 seats: every seat placed, coloured by attendance and online state; search and a click open the details', async () => {
    const secretariat = await stage.http.staffToken('secretariat', '王芳');
    const title = '某某县第十八届人民代表大会第三次会议';
    const meetingId = await stage.http.createMeeting(secretariat, hallSpec('map-400', 400, 20, title));
    // Thirty tablets online and signed in; two delegates on leave.
    const cards = await issueSeatCards(stage.http, secretariat, meetingId, Array.from({ length: 30 }, (_, i) => `s${i + 1}`));
    for (const card of cards) {
      const { body } = await stage.http.pair(card.code, `map-device-${card.seatId}`);
      const socket = await connect(stage.server.baseUrl, { token: body.token });
      stage.sockets.push(socket);
      await emitOk(socket, 'delegate:signIn', {});
    }
    const staff = await connect(stage.server.baseUrl, { token: secretariat, meetingId });
    stage.sockets.push(staff);
    for (const seatId of ['s41', 's42']) await emitOk(staff, 'staff:recordAttendance', { seatId, status: 'on_leave' });

    const page = await stage.newPage(CONSOLE_VIEWPORT);
    const ms = await openMap(page, title, 400);
    console.log(`[seat map] 400 seats rendered ${ms} ms after entering the meeting`);
    const hall = page.getByTestId('seatmap-hall');
    expect(await hall.locator('button').count()).toBe(400);
    expect(await hall.locator('button.att-present').count()).toBe(30);
    expect(await hall.locator('button.att-on_leave').count()).toBe(2);
    await page.getByTestId('seatmap-summary').getByText(/在线 30/).waitFor();
    // "3排12座" sits in row 3, column 12.
    const placed = await hall.locator('[data-seat="s52"]').evaluate((el) => getComputedStyle(el).gridArea);
    expect(placed).toMatch(/^3 \/ 12/);
    await expect.poll(() => page.getByTestId('seatmap-groups').locator('tbody tr').count()).toBe(12);

    await searchAndPick(page, '代表123', 's123');
    const box = await page.getByTestId('seat-map').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(CONSOLE_VIEWPORT.width);
    const nameSize = await page.getByTestId('seat-details').locator('p.name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(nameSize).toBeGreaterThanOrEqual(18);

    await page.getByTestId('seatmap-filter').selectOption('notSignedIn');
    expect(await hall.locator('button.dim').count()).toBe(30);
    await page.getByTestId('seat-map').scrollIntoViewIfNeeded();
    await shot(page, 'seatmap-400');
  });

  it('3,000 seats stay usable: rendered, searched and clicked', async () => {
    const secretariat = await stage.http.staffToken('secretariat', '王芳');
    const title = '某某市人民代表大会（3000座测试）';
    await stage.http.createMeeting(secretariat, hallSpec('map-3000', 3000, 60, title));
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    const ms = await openMap(page, title, 3000);
    console.log(`[seat map] 3000 seats rendered ${ms} ms after entering the meeting`);
    expect(await page.getByTestId('seatmap-hall').locator('button').count()).toBe(3000);
    const started = Date.now();
    await searchAndPick(page, '代表2999', 's2999');
    console.log(`[seat map] 3000 seats: search and pick took ${Date.now() - started} ms`);
    await page.getByTestId('seat-map').scrollIntoViewIfNeeded();
    await shot(page, 'seatmap-3000');
    expect(pageErrors).toEqual([]);
  });
});
