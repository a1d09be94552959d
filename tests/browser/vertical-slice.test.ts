import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { connect, emitAck, emitOk } from '../support/sockets';
import { chromiumAvailable, CHROMIUM_PATH } from './chromium';
import { openMeetingOnConsole } from './console-login';
import { issueSeatCards, type SeatCard } from './hall';
import { CONSOLE_VIEWPORT, TABLET_VIEWPORT, useBrowserStage, WALL_VIEWPORT } from './stage';

/**
 * One sitting, end to end, against the real server (server/main.ts in a child process): two
 * tablets pair from their seat-card links and sign in, the presidium opens the session from the
 * console (refused below quorum first), starts an item and opens a ballot, both tablets vote
 * through the confirm step, the console closes and publishes, and the wall shows the published
 * counts (and nothing before that). 25 further delegates take part over plain sockets so the
 * numbers are a real hall's. Then the harder paths: a stored-but-unacknowledged vote resent after
 * a reload, void and re-run, a ballot opened below quorum with a recorded reason, a vote confirmed
 * while the server is down, and a tablet displaced by a new pairing of its seat.
 * The steps share one hall and run in order. Screenshots go to test-output/browser/.
 */
const PENDING_CAST_KEY = 'biaojue.tablet.pendingCast';

if (!chromiumAvailable && !process.env['CI']) {
  console.warn(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! SKIPPING the browser test: ${CHROMIUM_PATH} is missing.\n` +
      `!! Install Debian's chromium package to run it (CI fails without it).\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  );
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('vertical slice in Chromium', () => {
  const stage = useBrowserStage();
  const { newPage, shot, bodyText, pageErrors, sockets } = stage;
  let meetingId = '';
  let meetingTitle = '';
  let secretariatToken = '';
  let codes: SeatCard[] = [];
  let tabletA: Page;
  let tabletB: Page;
  let consolePage: Page;
  let wall: Page;
  let ballotId = '';
  let required = 0;
  /** The socket delegates in seat order, from the third seat on (the first two are the tablets). */
  const delegateSockets: Socket[] = [];
  let staffSocket: Socket | null = null;

  it('finds the demo meeting and issues seat-card codes over HTTP', async () => {
    secretariatToken = await stage.http.staffToken('secretariat');
    const reply = await stage.http.request<{ ok: true; meetings: { meetingId: string; title: string }[] }>('GET', '/api/meetings', undefined, secretariatToken);
    const { meetings } = reply.body;
    expect(meetings.length).toBeGreaterThan(0);
    // The township congress (server/demo-meeting.ts); other demos (a standing committee, a year) sit beside it.
    const township = meetings.find((m) => m.meetingId === 'demo-township') ?? meetings[0]!;
    meetingId = township.meetingId;
    meetingTitle = township.title;
    codes = await issueSeatCards(stage.http, secretariatToken, meetingId);
    expect(codes).toHaveLength(40);
    expect(codes[0]!.url).toContain('/tablet.html?pair=');
  });

  it('refuses an unknown code typed into the pairing form, in words', async () => {
    const page = await newPage(TABLET_VIEWPORT);
    await page.goto(`${stage.server.baseUrl}/tablet.html`);
    await page.getByLabel('请输入座位卡上的配对码').fill('ZZZZZ-ZZZZZ');
    await page.getByRole('button', { name: '配对', exact: true }).click();
    await page.getByText('配对码无效或已使用，请联系工作人员').waitFor();
    await shot(page, '00-tablet-pair-refused');
    await page.context().close();
  });

  it('pairs two tablets from their ?pair= links and signs them in', async () => {
    tabletA = await newPage(TABLET_VIEWPORT);
    tabletB = await newPage(TABLET_VIEWPORT);
    for (const [page, card] of [
      [tabletA, codes[0]!],
      [tabletB, codes[1]!],
    ] as const) {
      await page.goto(card.url);
      await page.getByText(card.name, { exact: true }).waitFor();
      // The one-time code leaves the address bar once used.
      expect(new URL(page.url()).searchParams.has('pair')).toBe(false);
      if (page === tabletA) await shot(page, '00-tablet-sign-in');
      await page.getByRole('button', { name: '签到', exact: true }).click();
      await page.getByText('会议尚未开始，请稍候').waitFor();
    }
    await shot(tabletA, '01-tablet-signed-in');
  });

  it('refuses to open the session below quorum, then opens it once enough delegates are present', async () => {
    consolePage = await newPage(CONSOLE_VIEWPORT);
    // The chair logs in with their own account (login name + password).
    await openMeetingOnConsole(consolePage, stage.server.baseUrl, await stage.http.staffAccount('presidium', '陈立新'), meetingTitle);

    // The guided flow's 宣布开会 stays disabled below quorum and says by how much (R1.5).
    const flow = consolePage.getByRole('region', { name: '下一步' });
    const refusal = flow.getByText(/出席 2 人，尚不足法定人数 \d+ 人，不能宣布开会/);
    await refusal.waitFor();
    expect(await flow.getByRole('button', { name: '宣布开会' }).isDisabled()).toBe(true);
    required = Number(/法定人数 (\d+) 人/.exec((await refusal.textContent()) ?? '')?.[1]);
    expect(required).toBe(27); // R1.1: two thirds of 40, rounded up

    // The rest of the quorum arrives on their own tablets (sockets here) and signs in.
    for (const card of codes.slice(2, required)) {
      const { body } = await stage.http.pair(card.code, `device-${card.seatId}`);
      const socket = await connect(stage.server.baseUrl, { token: body.token });
      sockets.push(socket);
      delegateSockets.push(socket);
      await emitOk(socket, 'delegate:signIn', {});
    }
    // Staff record one delegate's approved leave from the console's seat grid.
    const last = codes[39]!;
    const roll = consolePage.getByRole('region', { name: '签到与出席' });
    await roll.getByRole('searchbox').fill(last.name);
    const seatRow = roll.locator(`[data-seat="${last.seatId}"]`);
    await seatRow.getByRole('button', { name: '请假', exact: true }).click();
    await seatRow.getByRole('textbox').fill('因病请假');
    await seatRow.getByRole('button', { name: '确定' }).click();
    await seatRow.getByText('（因病请假）').waitFor();
    await consolePage.getByText('符合法定人数').first().waitFor();

    await consolePage.getByRole('button', { name: '宣布开会' }).click();
    await consolePage.getByRole('button', { name: '确认：宣布开会' }).click();
    await consolePage.getByRole('heading', { name: /会议 · 会议进行中/ }).waitFor();
  });

  it('starts an item and opens a ballot with the title prefilled', async () => {
    const item = '审查和批准镇2025年财政预算执行情况和2026年财政预算';
    await consolePage.getByRole('button', { name: `开始此项：${item}` }).click();
    const title = consolePage.getByLabel('表决标题');
    await title.waitFor();
    expect(await title.inputValue()).toBe(item);
    await consolePage.getByRole('button', { name: '开始表决' }).click();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();

    staffSocket = await connect(stage.server.baseUrl, { token: secretariatToken, meetingId });
    sockets.push(staffSocket);
    const { view } = await emitOk(staffSocket, 'meeting:sync', {});
    const ballots = (view as { ballots: { ballotId: string; status: string }[] }).ballots;
    ballotId = ballots.find((b) => b.status === 'open')!.ballotId;
  });

  it('lets each tablet vote through the confirm step and shows the receipt', async () => {
    await tabletA.getByRole('button', { name: '赞成', exact: true }).waitFor();
    await tabletA.getByText('本次表决不记名，他人看不到您的选择').waitFor();
    // All three choices are on screen without scrolling, and big enough for an unsteady finger.
    for (const name of ['赞成', '反对', '弃权']) {
      const box = await tabletA.getByRole('button', { name, exact: true }).boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(TABLET_VIEWPORT.height);
      expect(box!.height).toBeGreaterThanOrEqual(72);
    }
    await shot(tabletA, '02-tablet-ballot-open');
    await tabletA.getByRole('button', { name: '赞成', exact: true }).click();
    await tabletA.getByText('您选择了：').waitFor();
    await shot(tabletA, '03-tablet-confirm');
    await tabletA.getByRole('button', { name: '确认提交' }).click();
    await tabletA.getByText('您的表决已记录').waitFor();
    await tabletA.getByText(/回执号：[0-9A-F]{4}-[0-9A-F]{4}/).waitFor();
    await shot(tabletA, '04-tablet-recorded');
    expect(await tabletA.evaluate((key) => localStorage.getItem(key), PENDING_CAST_KEY)).toBeNull();

    // Tablet B changes its mind at the confirm step before submitting.
    await tabletB.getByRole('button', { name: '反对', exact: true }).click();
    await tabletB.getByRole('button', { name: '返回修改' }).click();
    await tabletB.getByRole('button', { name: '弃权', exact: true }).click();
    await tabletB.getByText('您选择了：').waitFor();
    await tabletB.getByRole('button', { name: '确认提交' }).click();
    await tabletB.getByText('您的表决已记录').waitFor();

    // After a reload the tablet still knows it has voted (from the server's view, not memory).
    await tabletA.reload();
    await tabletA.getByText('您的表决已记录').waitFor();
    expect(await tabletA.getByRole('button', { name: '赞成', exact: true }).count()).toBe(0);
  });

  it('shows turnout but no choices on the wall while the ballot is open', async () => {
    // The rest of the hall votes: 20 for, 3 against, 1 abstains, 1 does not vote.
    const plan = [...Array<string>(20).fill('yes'), ...Array<string>(3).fill('no'), 'abstain'];
    await Promise.all(
      plan.map((option, i) =>
        emitOk(delegateSockets[i]!, 'ballot:cast', { ballotId, idempotencyKey: `browser-test-${i}-key`, choice: { option } }),
      ),
    );

    // The wall pairs with a one-time code from the console (its QR link holds the code, no token).
    await consolePage.getByRole('button', { name: '大屏配对码' }).click();
    const wallUrl = await consolePage.getByRole('link', { name: '在本机打开大屏' }).getAttribute('href');
    wall = await newPage(WALL_VIEWPORT);
    await wall.goto(wallUrl!);
    await wall.getByText(`26 / ${required}`).waitFor();
    await consolePage.getByText(`26 / ${required}`).waitFor();
    await shot(consolePage, '05-console-voting');
    const text = await bodyText(wall);
    expect(text).toContain('应到');
    expect(text).not.toContain('赞成');
    expect(text).not.toContain('反对');
    await shot(wall, '05-wall-turnout');
  });

  it('closes the ballot, keeps the count off the wall until it is published, then shows it', async () => {
    await consolePage.getByRole('button', { name: '结束表决' }).click();
    await consolePage.getByRole('button', { name: '确认', exact: true }).click();
    await consolePage.getByText('计票结果（尚未宣布）').waitFor();
    await wall.getByText('表决已结束，等待宣布结果').waitFor();
    expect(await bodyText(wall)).not.toContain('赞成');
    await consolePage.getByRole('button', { name: '宣布结果' }).click();

    await wall.getByText('通过', { exact: true }).waitFor();
    const counts = wall.locator('dl.counts');
    expect(await counts.getAttribute('aria-label')).toBe('赞成 21 票，反对 3 票，弃权 2 票');
    const text = await bodyText(wall);
    expect(text).toContain('未表决 1 人');
    expect(text).toContain('赞成票超过全体代表（应到 40 人）的半数，即不少于 21 票');
    expect(text).toMatch(/应到\s*40\s*人/);
    expect(text).toMatch(/实到\s*27\s*人/);
    expect(text).toMatch(/参加表决\s*26\s*人/);
    expect(text).toMatch(/请假\s*1 人/);
    // A projector cannot scroll: the whole announcement must fit the 16:9 screen.
    const board = await wall.getByRole('region', { name: '表决结果' }).boundingBox();
    expect(board!.y + board!.height).toBeLessThanOrEqual(WALL_VIEWPORT.height);
    await shot(wall, '06-wall-result');

    await tabletA.getByText('表决结果').waitFor();
    await shot(tabletA, '07-tablet-result');
    await consolePage.getByText('表决记录').waitFor();
    await shot(consolePage, '08-console-published');
  });

  it('links the published ballot to its printable result sheet and the meeting to its results export', async () => {
    // Both open through one-time link tickets: the staff token is in no URL.
    const [sheet] = await Promise.all([consolePage.waitForEvent('popup'), consolePage.getByRole('button', { name: '打印结果单' }).first().click()]);
    await sheet.waitForURL(/\/result-sheet\?ticket=/);
    await sheet.getByText('计票数字').waitFor();
    const sheetText = await bodyText(sheet);
    expect(sheetText).toContain('赞成');
    expect(sheetText).toMatch(/应到\s*40\s*人/);
    await shot(sheet, '08-result-sheet');
    await sheet.close();

    const [download] = await Promise.all([
      consolePage.waitForEvent('download'),
      consolePage.getByRole('button', { name: '导出全部结果（CSV 表格）' }).click(),
    ]);
    expect(download.url()).toMatch(/\/results\.csv\?ticket=/);
    const csv = await readFile((await download.path())!);
    expect(new Uint8Array(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('switches the wall to English and back, with the lang attribute', async () => {
    // No language button is projected (issue 11): the wall's address chooses the language.
    const wallPage = wall.url().split('?')[0]!;
    await wall.goto(`${wallPage}?lang=en`);
    await wall.getByText('Passed', { exact: true }).waitFor();
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('en');
    await wall.goto(wallPage);
    await wall.getByText('通过', { exact: true }).waitFor();
    expect(await wall.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('resends a cast that was stored but never acknowledged, with the same key, after a reload', async () => {
    const item = '关于镇人民政府工作报告的决议';
    await consolePage.getByRole('button', { name: `开始此项：${item}` }).click();
    await consolePage.getByRole('button', { name: '开始表决' }).click();
    await tabletB.getByRole('button', { name: '赞成', exact: true }).waitFor();
    const sync = await emitOk(staffSocket!, 'meeting:sync', {});
    const open = (sync['view'] as { ballots: { ballotId: string; status: string }[] }).ballots.find((b) => b.status === 'open')!;

    // As if the tablet had stored its confirmed vote and then lost power before the ack came back.
    const seeded = { seatId: codes[1]!.seatId, ballotId: open.ballotId, key: 'seeded-pending-cast-key', option: 'yes' };
    await tabletB.evaluate(([key, value]) => localStorage.setItem(key, value), [PENDING_CAST_KEY, JSON.stringify(seeded)] as const);
    await tabletB.reload();
    await tabletB.getByText('您的表决已记录').waitFor();
    expect(await tabletB.evaluate((key) => localStorage.getItem(key), PENDING_CAST_KEY)).toBeNull();

    // The server holds exactly that key: a replay is a duplicate, a new key is a second vote and refused.
    const session = JSON.parse((await tabletB.evaluate(() => localStorage.getItem('biaojue.tablet.session')))!) as { token: string };
    const sameSeat = await connect(stage.server.baseUrl, { token: session.token });
    sockets.push(sameSeat);
    const replay = await emitOk(sameSeat, 'ballot:cast', { ballotId: open.ballotId, idempotencyKey: seeded.key, choice: { option: 'yes' } });
    expect(replay['duplicate']).toBe(true);
    const second = await emitAck(sameSeat, 'ballot:cast', {
      ballotId: open.ballotId,
      idempotencyKey: 'a-different-key-0001',
      choice: { option: 'no' },
    });
    expect(second).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
  });

  it('voids a ballot with a reason and re-runs it', async () => {
    // The void reason is being written while the ballot is still open, and the ballot closes
    // meanwhile: the form moves to the closed ballot's panel, open, with what was typed.
    await consolePage.getByRole('button', { name: '宣布作废' }).first().click();
    await consolePage.getByLabel('作废理由（必填）').fill('表决器故障，部分代表未能表决');
    await consolePage.getByRole('button', { name: '结束表决' }).click();
    await consolePage.getByRole('button', { name: '确认', exact: true }).click();
    await consolePage.getByRole('button', { name: '宣布结果' }).waitFor();
    expect(await consolePage.getByLabel('作废理由（必填）').inputValue()).toBe('表决器故障，部分代表未能表决');
    await consolePage.getByRole('button', { name: '确认作废' }).click();
    await wall.getByText('本次表决已作废').waitFor();
    await tabletB.getByText('本次表决已作废').waitFor();

    await consolePage.getByRole('button', { name: '重新表决' }).click();
    await consolePage.getByRole('heading', { name: '重新表决' }).waitFor();
    await consolePage.getByRole('button', { name: '开始表决' }).click();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();
    // The re-run is a new ballot: the tablet that voted on the voided one may vote again.
    await tabletB.getByRole('button', { name: '赞成', exact: true }).waitFor();
    await shot(consolePage, '10-console-rerun-open');

    // The delegate's language choice is the tablet's, and survives a reload.
    await tabletB.getByRole('button', { name: 'Switch to English' }).click();
    await tabletB.reload();
    await tabletB.getByRole('button', { name: 'For', exact: true }).waitFor();
    expect(await tabletB.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(tabletB, '10-tablet-english');
    await tabletB.getByRole('button', { name: '切换到中文' }).click();
    await tabletB.getByRole('button', { name: '赞成', exact: true }).waitFor();
  });

  it('opens a ballot below quorum only with a recorded reason', async () => {
    await consolePage.getByRole('button', { name: '结束表决' }).click();
    await consolePage.getByRole('button', { name: '确认', exact: true }).click();
    // Closed first: while a ballot is open an attendance change is only a request for the chair.
    await consolePage.getByText('计票结果（尚未宣布）').waitFor();
    // One delegate leaves the hall: 26 present, one short of the quorum of 27.
    await emitOk(staffSocket!, 'staff:recordAttendance', { seatId: codes[required - 1]!.seatId, status: 'absent' });
    await consolePage.getByText('不足法定人数').first().waitFor();

    await consolePage.getByRole('button', { name: '开始此项：关于代表建议、批评和意见办理情况报告的决议' }).click();
    await consolePage.getByRole('button', { name: '开始表决' }).click();
    await consolePage.getByText(/实到 26 人，不足法定人数（应到 40 人，至少需 27 人）/).waitFor();
    await consolePage.getByLabel('理由', { exact: true }).fill('主席团决定继续表决，缺席代表另行告知');
    await consolePage.getByRole('button', { name: '记录理由并开始表决' }).click();
    await consolePage.getByText('开始时不足法定人数，已记录理由：主席团决定继续表决，缺席代表另行告知').first().waitFor();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();
  });

  it('keeps a vote confirmed while the server is down and sends it, with the same key, once it is back', async () => {
    await tabletA.getByRole('button', { name: '赞成', exact: true }).waitFor();
    await stage.server.stop();
    await tabletA.getByText('网络已断开，正在重新连接…').waitFor();
    await tabletA.getByRole('button', { name: '反对', exact: true }).click();
    await tabletA.getByRole('button', { name: '确认提交' }).click();
    await tabletA.getByText('网络不稳定，正在重新提交，请稍候…').waitFor();
    await shot(tabletA, '11-tablet-offline-retrying');
    const pending = JSON.parse((await tabletA.evaluate((key) => localStorage.getItem(key), PENDING_CAST_KEY))!) as {
      ballotId: string;
      key: string;
    };

    await stage.server.start();
    await tabletA.getByText('您的表决已记录').waitFor();
    expect(await tabletA.evaluate((key) => localStorage.getItem(key), PENDING_CAST_KEY)).toBeNull();
    const session = JSON.parse((await tabletA.evaluate(() => localStorage.getItem('biaojue.tablet.session')))!) as { token: string };
    const sameSeat = await connect(stage.server.baseUrl, { token: session.token });
    sockets.push(sameSeat);
    const replay = await emitOk(sameSeat, 'ballot:cast', { ballotId: pending.ballotId, idempotencyKey: pending.key, choice: { option: 'no' } });
    expect(replay['duplicate']).toBe(true);
  });

  it('stops a tablet whose seat was paired on another device', async () => {
    // Re-pairing during an open ballot needs a chair's approval (two-person rule): close it first.
    // The server restarted in the step before: the console reconnects and renders its ballot
    // panel afresh, so a first press can land on the panel it replaces. Press again until asked.
    // Wait for the close itself, not for any 宣布结果 button (an earlier ballot's may be on the page):
    // re-pairing while the ballot is still open would wait for a chair instead of replacing the tablet.
    // A press on a panel being replaced sends nothing; a press after the close is refused and the
    // button goes anyway, so pressing again never hides a lost close.
    const closeButton = consolePage.getByRole('button', { name: '结束表决' });
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && !(await closeButton.isVisible())) break;
      try {
        await closeButton.click({ timeout: 5_000 });
        await consolePage.getByRole('button', { name: '确认', exact: true }).click({ timeout: 5_000 });
        await closeButton.waitFor({ state: 'hidden', timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
    await consolePage.getByRole('button', { name: '宣布结果' }).first().waitFor();
    const [fresh] = await issueSeatCards(stage.http, secretariatToken, meetingId, [codes[0]!.seatId]);
    const { body } = await stage.http.pair(fresh!.code, 'replacement-tablet-0001');
    expect(body.ok).toBe(true);
    await tabletA.getByText('本座位已在另一台设备上配对').waitFor();
    await shot(tabletA, '12-tablet-replaced');
  });

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
