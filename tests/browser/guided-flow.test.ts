import type { Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/domain/views';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { connect, emitOk } from '../support/sockets';
import { chromiumAvailable } from './chromium';
import { openMeetingOnConsole } from './console-login';
import { issueSeatCards } from './hall';
import { CONSOLE_VIEWPORT, TABLET_VIEWPORT, useBrowserStage } from './stage';

/**
 * The console's guided flow in Chromium at 1440×900 (next-action.ts, sittings.ts, countdown.ts):
 * one big button always shows the next step and why — start the 预备会议's sign-in → 宣布开会
 * (disabled below quorum, confirmed, with the chair's line) → items → the prepared ballot →
 * extend and pause its countdown → close → 宣布表决结果 (confirmed) → end the sitting → 闭会.
 * Screenshots: test-output/browser/guided-*.png.
 */

const SEATS = 12; // 2/3 of 12 = 8
const TITLE = '某某县第十九届人民代表大会第三次会议';
const REPORT = '听取和审议县人民政府工作报告';
const MOTION = '关于县人民政府工作报告的决议';

function meeting(): MeetingSpecInput {
  return {
    meetingId: 'guided-flow',
    body: { name: '某某县人民代表大会', kind: 'congress' },
    title: TITLE,
    delegates: Array.from({ length: SEATS }, (_, i) => ({
      seatId: `g${i + 1}`,
      seatNo: `1排${i + 1}座`,
      name: `代表${String.fromCharCode(0x7532 + i)}`,
      group: `第${(i % 3) + 1}代表团`,
    })),
    presidium: ['陈立新', '王秀英'],
    agenda: [
      { itemId: 'report', title: REPORT, kind: 'report' },
      { itemId: 'motion', title: MOTION, kind: 'vote', ballot: { kind: 'motion', title: `${MOTION}（草案）`, durationSec: 120 } },
    ],
  };
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('the guided flow on the console at 1440×900', () => {
  const stage = useBrowserStage();
  const { shot, pageErrors } = stage;
  let page: Page;
  /** Seat g10's tablet: never signs in (its button follows the window); g11's signs in late. */
  let idleTablet: Page;
  let lateTablet: Page;
  let staff: Socket;
  const delegates: Socket[] = [];

  const flow = () => page.getByRole('region', { name: '下一步' });
  const big = () => flow().locator('button.big');

  async function view(): Promise<ConsoleView> {
    return (await emitOk(staff, 'meeting:sync', {})).view as ConsoleView;
  }

  /** The big button is inside the 1440×900 viewport without scrolling, in large type. */
  async function expectProminent(button: Locator): Promise<void> {
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(CONSOLE_VIEWPORT.height);
    expect(box!.x + box!.width).toBeLessThanOrEqual(CONSOLE_VIEWPORT.width);
    const fontSize = await button.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);
  }

  /** Presses the big button; an irreversible step asks once more, and this confirms it. */
  async function press(label: string, confirm = false, screenshot?: string): Promise<void> {
    await big().filter({ hasText: label }).click();
    if (!confirm) return;
    const yes = flow().getByRole('button', { name: `确认：${label}` });
    await yes.waitFor();
    if (screenshot) await shot(page, screenshot);
    await yes.click();
  }

  it('creates a county congress of 12 with a report and a prepared motion; the console proposes the 预备会议', async () => {
    const secretariat = await stage.http.staffToken('secretariat');
    const meetingId = await stage.http.createMeeting(secretariat, meeting());
    const cards = await issueSeatCards(stage.http, secretariat, meetingId);
    for (const card of cards.slice(0, 9)) {
      const { body } = await stage.http.pair(card.code, `guided-${card.seatId}`);
      const socket = await connect(stage.server.baseUrl, { token: body.token });
      stage.sockets.push(socket);
      delegates.push(socket);
    }
    staff = await connect(stage.server.baseUrl, { token: secretariat, meetingId });
    stage.sockets.push(staff);
    idleTablet = await stage.newPage(TABLET_VIEWPORT);
    await idleTablet.goto(cards[9]!.url);
    lateTablet = await stage.newPage(TABLET_VIEWPORT);
    await lateTablet.goto(cards[10]!.url);
    await lateTablet.getByRole('button', { name: '签到', exact: true }).waitFor();

    page = await stage.newPage(CONSOLE_VIEWPORT);
    await openMeetingOnConsole(page, stage.server.baseUrl, await stage.http.staffAccount('presidium', '陈立新'), TITLE);

    await flow().getByText('会议尚未开始：先开始第一次会议的签到').waitFor();
    expect(await flow().getByLabel('会议名称').inputValue()).toBe('预备会议');
    await expectProminent(big());
    await shot(page, 'guided-1-start-sitting');
  });

  it('opens the sign-in; 宣布开会 stays disabled below quorum, then opens with the chair’s line after a confirmation', async () => {
    await press('开始签到：预备会议');
    await flow().getByText('出席 0 人，尚不足法定人数 8 人').waitFor();
    expect(await big().isDisabled()).toBe(true);
    for (const socket of delegates.slice(0, 7)) await emitOk(socket, 'delegate:signIn', {});
    await flow().getByText('出席 7 人，尚不足法定人数 8 人，不能宣布开会（还差 1 人）').waitFor();
    expect(await big().isDisabled()).toBe(true);
    await shot(page, 'guided-2-quorum-short');

    await emitOk(delegates[7]!, 'delegate:signIn', {});
    await emitOk(staff, 'sitting:mark', { seatId: 'g12', status: 'on_leave', reason: '因病请假' });
    await flow().getByText('应到 12 人，实到 8 人，请假 1 人，已达到法定人数').waitFor();
    expect(await big().isDisabled()).toBe(false);
    await expectProminent(big());
    await press('宣布开会', true, 'guided-3-confirm-open');
    await flow().getByText('已宣布开会：进入第一项议程').waitFor();
    expect((await view()).sitting).toMatchObject({ title: '预备会议', status: 'open' });

    // 截止签到: a tablet may still sign in, marked late on the roll.
    const sittingPanel = page.getByRole('region', { name: /本次会议/ });
    await sittingPanel.getByRole('button', { name: '截止签到' }).click();
    await sittingPanel.getByRole('button', { name: '确认', exact: true }).click();
    await lateTablet.getByText('签到已截止（之后签到记为迟到）').waitFor();
    await shot(lateTablet, 'guided-tablet-late-sign-in');
    await lateTablet.getByRole('button', { name: '签到', exact: true }).click();
    const roll = page.getByRole('region', { name: '签到与出席' });
    await roll.locator('[data-seat="g11"]').getByText('迟到').waitFor();
  });

  it('walks the items: a report, then the prepared motion; the countdown is extended and paused', async () => {
    await press(`进入议程：${REPORT}`);
    await flow().getByText('当前议程已完成：进入下一项议程').waitFor();
    await press(`进入议程：${MOTION}`);
    await flow().getByText('当前议程有已准备的表决').waitFor();
    await press(`进行表决：${MOTION}（草案）`);
    await flow().getByText('表决正在进行').waitFor();

    const controls = page.getByRole('group', { name: '倒计时' });
    const before = (await view()).ballots[0]!.deadline!;
    await controls.getByRole('button', { name: '延长 30 秒' }).click();
    await expect.poll(async () => (await view()).ballots[0]!.deadline).toBe(before + 30_000);
    await controls.getByRole('button', { name: '暂停计时' }).click();
    await controls.getByText(/计时已暂停，剩余 \d+:\d\d（暂停期间仍可表决）/).waitFor();
    await page.getByText(/计时暂停 \d+:\d\d/).first().waitFor();
    await shot(page, 'guided-4-countdown-paused');
    await controls.getByRole('button', { name: '继续计时' }).click();
    await controls.getByRole('button', { name: '暂停计时' }).waitFor();

    const ballotId = (await view()).ballots[0]!.ballotId;
    for (const [i, socket] of delegates.slice(0, 8).entries()) {
      await emitOk(socket, 'ballot:cast', { ballotId, idempotencyKey: `guided-cast-${i}-key`, choice: { option: i < 7 ? 'yes' : 'abstain' } });
    }
    await press('截止表决');
    await flow().getByText('表决已结束，结果已计出').waitFor();
    await press('宣布表决结果', true, 'guided-5-confirm-publish');
    await expect.poll(async () => (await view()).ballots[0]!.status).toBe('published');
  });

  it('ends the sitting and closes the session, each after a confirmation; a finished item needs a reason to reopen', async () => {
    await flow().getByText('议程已全部完成').waitFor();
    // A finished item: not re-opened by one tap.
    const agenda = page.getByRole('region', { name: '议程' });
    await agenda.getByRole('button', { name: `重新开始：${REPORT}` }).click();
    await agenda.getByText('该议程已完成。重新开始须说明理由').waitFor();
    expect(await agenda.getByRole('button', { name: '确定重新开始' }).isDisabled()).toBe(true);
    await agenda.getByRole('button', { name: '取消' }).click();

    await press('结束本次会议', true);
    await flow().getByText('所有会议已结束，议程已完成').waitFor();
    // Between sittings no roll runs: the tablet of a seat not signed in cannot sign in.
    await idleTablet.getByText('签到尚未开始，请等待秘书处开始签到').waitFor();
    expect(await idleTablet.getByRole('button', { name: '签到', exact: true }).isDisabled()).toBe(true);
    await shot(idleTablet, 'guided-tablet-sign-in-closed');
    await page.getByRole('region', { name: /本次会议/ }).getByText('已结束').first().waitFor();
    await press('闭会', true, 'guided-6-confirm-close');
    await flow().getByText('已闭会').waitFor();
    const closed = await view();
    expect(closed.phase).toBe('closed');
    expect(closed.sittings).toMatchObject([
      { title: '预备会议', status: 'closed', atOpening: { total: 12, present: 8, onLeave: 1 }, atClose: { present: 9, onLeave: 1 } },
    ]);
    await shot(page, 'guided-7-closed');
    expect(pageErrors).toEqual([]);
  });
});
