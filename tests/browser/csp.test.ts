import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_STAFF_PASSWORD } from '../support/test-config';
import { chromiumAvailable } from './chromium';
import { openMeetingOnConsole } from './console-login';
import { issueSeatCards } from './hall';
import { CONSOLE_VIEWPORT, TABLET_VIEWPORT, useBrowserStage, WALL_VIEWPORT } from './stage';

/**
 * The real build (vite) under the server's Content-Security-Policy (server/http/security-
 * headers.ts): every app and printable page loads and works with no CSP violation reported by
 * Chromium, and the wall, paired by a one-time code, keeps no code or token in its address.
 */
interface Violations {
  list: string[];
}

/** Records CSP violations: the page's own events (an init script, which CSP does not govern) and console reports. */
async function watchViolations(page: Page): Promise<Violations> {
  const violations: Violations = { list: [] };
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation/i.test(text)) violations.list.push(`${page.url()}: ${text}`);
  });
  return violations;
}

function localStorageOf(context: BrowserContext, origin: string): Promise<Record<string, string>> {
  return context.storageState().then((state) =>
    Object.fromEntries(state.origins.find((o) => o.origin === origin)?.localStorage.map((e) => [e.name, e.value]) ?? []),
  );
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('the apps under the Content-Security-Policy', () => {
  const stage = useBrowserStage();

  it('console, tablet and wall load and run with no CSP violation; the wall pairs with a one-time code', async () => {
    const secretariat = await stage.http.staffToken('secretariat');
    const meetings = await stage.http.request<{ meetings: { meetingId: string; title: string }[] }>('GET', '/api/meetings', undefined, secretariat);
    // The township demo (server/demo-meeting.ts), still prepared with no sitting, so its tablets
    // show the 签到 button; the year's demo meetings listed before it are already in session.
    const meeting = meetings.body.meetings.find((m) => m.meetingId === 'demo-township')!;
    expect(meeting).toBeDefined();

    const consolePage = await stage.newPage(CONSOLE_VIEWPORT);
    const consoleViolations = await watchViolations(consolePage);
    await consolePage.goto(`${stage.server.baseUrl}/console.html`);
    await consolePage.locator('form').first().waitFor();
    expect(await consolePage.locator('#app').innerHTML()).not.toBe('');

    const [card] = await issueSeatCards(stage.http, secretariat, meeting.meetingId);
    const tablet = await stage.newPage(TABLET_VIEWPORT);
    const tabletViolations = await watchViolations(tablet);
    await tablet.goto(card!.url);
    await tablet.getByRole('button', { name: '签到', exact: true }).waitFor();

    const wall = await stage.newPage(WALL_VIEWPORT);
    const wallViolations = await watchViolations(wall);
    await wall.goto(`${stage.server.baseUrl}/wall.html`);
    await wall.getByText('本大屏尚未配对').waitFor();
    const issued = await stage.http.request<{ code: string; url: string }>('POST', `/api/meetings/${meeting.meetingId}/wall-code`, {}, secretariat);
    await wall.getByRole('textbox').fill(issued.body.code);
    await wall.getByRole('button', { name: '配对' }).click();
    await wall.getByRole('heading', { name: meeting.title }).waitFor();
    const stored = await localStorageOf(wall.context(), stage.server.baseUrl);
    expect(JSON.parse(stored['biaojue.wall.session']!)).toMatchObject({ meetingId: meeting.meetingId, token: expect.any(String) });

    // The QR link pairs at once, and the code leaves the address bar.
    const second = await stage.newPage(WALL_VIEWPORT);
    const again = await stage.http.request<{ code: string; url: string }>('POST', `/api/meetings/${meeting.meetingId}/wall-code`, {}, secretariat);
    await second.goto(again.body.url);
    await second.getByRole('heading', { name: meeting.title }).waitFor();
    expect(second.url()).toBe(`${stage.server.baseUrl}/wall.html`);
    // A reload stays paired (the token is in storage, not in the URL).
    await second.reload();
    await second.getByRole('heading', { name: meeting.title }).waitFor();

    expect([...consoleViolations.list, ...tabletViolations.list, ...wallViolations.list]).toEqual([]);
    expect(stage.pageErrors).toEqual([]);
  });

  it('the console opens seat cards, exports and the wall code with no staff token in any URL it requests', async () => {
    const secretariat = await stage.http.staffToken('secretariat'); // makes the account "test-secretariat"
    const meetings = await stage.http.request<{ meetings: { meetingId: string; title: string }[] }>('GET', '/api/meetings', undefined, secretariat);
    const meeting = meetings.body.meetings[0]!;
    const consolePage = await stage.newPage(CONSOLE_VIEWPORT);
    const violations = await watchViolations(consolePage);
    const requested: string[] = [];
    consolePage.context().on('request', (request) => requested.push(request.url()));

    await openMeetingOnConsole(consolePage, stage.server.baseUrl, { login: 'test-secretariat', password: TEST_STAFF_PASSWORD }, meeting.title);

    // Issuing codes is a confirmed action (issue 10): the confirmation's click opens the print tab.
    await consolePage.getByRole('button', { name: '发放全部座位卡并打印…' }).click();
    const [cards] = await Promise.all([consolePage.waitForEvent('popup'), consolePage.getByTestId('seat-cards').getByRole('button', { name: '确认', exact: true }).click()]);
    await cards.locator('.card svg').first().waitFor();
    expect(cards.url()).toMatch(/\/seat-cards\?ticket=[A-Za-z0-9_-]{32}$/);
    // Reloading the printed page (or opening it from the history) opens nothing: the ticket is used.
    const reloaded = await cards.reload();
    expect(reloaded?.status()).toBe(401);

    const [download] = await Promise.all([
      consolePage.waitForEvent('download'),
      consolePage.getByRole('button', { name: '导出全部结果（JSON）' }).click(),
    ]);
    expect(download.url()).toMatch(/\/results\.json\?ticket=/);
    expect(JSON.parse(await readFile((await download.path())!, 'utf8'))).toMatchObject({ meetingId: meeting.meetingId });

    await consolePage.getByRole('button', { name: '大屏配对码' }).click();
    const wallLink = await consolePage.getByRole('link', { name: '在本机打开大屏' }).getAttribute('href');
    expect(wallLink).toMatch(/\/wall\.html\?pair=[A-Z0-9]{10}$/);

    const staffLogin = JSON.parse((await consolePage.evaluate(() => JSON.stringify(sessionStorage))) as string) as Record<string, string>;
    const token = Object.values(staffLogin).map((v) => /"token":"([^"]+)"/.exec(v)?.[1]).find(Boolean);
    expect(token).toMatch(/^eyJ/);
    expect(requested.length).toBeGreaterThan(5);
    for (const url of [...requested, cards.url(), download.url(), wallLink!]) {
      expect(url).not.toContain(token!);
      expect(url).not.toMatch(/[?&]token=|eyJ[A-Za-z0-9_-]{10,}/);
    }
    expect(violations.list).toEqual([]);
  });

  it('the printable seat cards render their hashed style and QR codes under their own stricter policy', async () => {
    const secretariat = await stage.http.staffToken('secretariat');
    const meetings = await stage.http.request<{ meetings: { meetingId: string }[] }>('GET', '/api/meetings', undefined, secretariat);
    const meetingId = meetings.body.meetings[0]!.meetingId;
    const ticket = await stage.http.request<{ url: string }>('POST', `/api/meetings/${meetingId}/link-tickets`, { purpose: 'seat-cards' }, secretariat);
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    const violations = await watchViolations(page);
    await page.goto(`${stage.server.baseUrl}${ticket.body.url}`);
    await page.locator('.card svg').first().waitFor();
    // The hashed <style> applied: the card is laid out as an A4 cut-out (69 mm high), not unstyled.
    const height = await page.locator('.card').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(200);
    expect(violations.list).toEqual([]);

    // The watch does see a violation: an image from elsewhere is refused (img-src data: only).
    const reported = page.waitForEvent('console', (m) => /CSP violation: img-src/.test(m.text()));
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'http://192.0.2.1/tracker.png';
      document.body.append(img);
    });
    await reported;
    // Chromium's own report and the page's event: both about that image, nothing else.
    expect(violations.list.length).toBeGreaterThan(0);
    for (const v of violations.list) expect(v).toContain('tracker.png');
  });
});
