import { describe, expect, it } from 'vitest';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { emitOk } from '../support/sockets';
import { hallDelegates } from './ballot-kinds-hall';
import { openBrowserHall } from './browser-hall';
import { chromiumAvailable } from './chromium';
import { useBrowserStage } from './stage';

/**
 * Speaking requests in Chromium: a delegate asks for the floor on the tablet (1280×800), the chair
 * gives it on the console (1440×900) with a time limit, and the wall's speaker mode shows who
 * speaks (1920×1080). Screenshots: test-output/browser/speaking-*.png.
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('speaking requests in Chromium', () => {
  const stage = useBrowserStage();
  const { shot, pageErrors } = stage;

  it('tablet request → console queue and grant → the floor on the tablet and the wall', async () => {
    const meeting: MeetingSpecInput = {
      meetingId: 'speak-hall',
      body: { name: '某某镇人民代表大会', kind: 'congress' },
      title: '某某镇第十八届人民代表大会第八次会议',
      delegates: hallDelegates('p'),
      presidium: ['陈立新'],
      agenda: [{ itemId: 'i-report', title: '审议镇人民政府工作报告', kind: 'report' }],
    };
    const { tablet, consolePage, wall, delegates } = await openBrowserHall(stage, meeting, 'speak');
    await consolePage.getByRole('button', { name: '开始此项：审议镇人民政府工作报告' }).click();

    await tablet.getByRole('button', { name: '申请发言' }).click();
    const waiting = tablet.getByText('已申请发言，请等待主席安排');
    await waiting.waitFor();
    expect(await waiting.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    await shot(tablet, 'speaking-tablet-queued');
    // Portrait too: the withdraw button stays inside the screen.
    await tablet.setViewportSize({ width: 800, height: 1280 });
    const withdraw = await tablet.getByRole('button', { name: '撤回申请' }).boundingBox();
    expect(withdraw!.x + withdraw!.width).toBeLessThanOrEqual(800);
    expect(withdraw!.y + withdraw!.height).toBeLessThanOrEqual(1280);
    await shot(tablet, 'speaking-tablet-portrait');
    await tablet.setViewportSize({ width: 1280, height: 800 });
    await emitOk(delegates[0]!, 'delegate:requestFloor', { kind: 'inquiry' });

    const panel = consolePage.getByTestId('speaking-panel');
    await panel.getByText('排队 2 人').waitFor();
    await panel.getByLabel('发言时限（分钟，0 为不限）').fill('3');
    await panel.getByRole('button', { name: '安排发言' }).first().click();
    await panel.getByTestId('speaking-current').getByText(/正在发言：1排01座 代表01/).waitFor();
    await panel.getByText(/剩余 [23]:\d\d/).waitFor();
    await shot(consolePage, 'speaking-console');

    await tablet.getByText('请发言').waitFor();
    await consolePage.getByRole('button', { name: '发言', exact: true }).click();
    await wall.getByText('代表01').waitFor();
    await shot(wall, 'speaking-wall');

    await panel.getByRole('button', { name: '结束发言' }).click();
    await panel.getByTestId('speaking-current').waitFor({ state: 'detached' });
    await tablet.getByRole('button', { name: '申请发言' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
