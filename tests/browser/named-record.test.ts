import { describe, expect, it } from 'vitest';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { connect, emitOk } from '../support/sockets';
import { hallDelegates } from './ballot-kinds-hall';
import { openBrowserHall } from './browser-hall';
import { chromiumAvailable } from './chromium';
import { useBrowserStage } from './stage';

/**
 * A named (记名) ballot on the console in Chromium (1440×900): while open, the seat map lists who
 * has not voted and marks who has (✓); once published, the per-delegate record shows on the
 * console. Screenshots: test-output/browser/named-record-voted-seats.png, named-record-console.png.
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('the named record on the console', () => {
  const stage = useBrowserStage();
  const { shot, pageErrors } = stage;

  it('lists who has not voted while open and each delegate’s vote once published', async () => {
    const meeting: MeetingSpecInput = {
      meetingId: 'named-hall',
      body: { name: '某某镇人民代表大会', kind: 'congress' },
      title: '某某镇第十八届人民代表大会第九次会议',
      delegates: hallDelegates('n'),
      presidium: ['陈立新'],
      agenda: [{ itemId: 'i-named', title: '关于设立镇人大代表联络站的决定', kind: 'vote' }],
    };
    const { consolePage, delegates, meetingId } = await openBrowserHall(stage, meeting, 'named');
    const chair = await connect(stage.server.baseUrl, { token: await stage.http.staffToken('presidium', '陈立新'), meetingId });
    stage.sockets.push(chair);
    await emitOk(chair, 'presidium:startItem', { itemId: 'i-named' });
    const opened = await emitOk(chair, 'presidium:openBallot', { itemId: 'i-named', title: '关于设立镇人大代表联络站的决定', secrecy: 'named' });
    const ballotId = opened['ballotId'] as string;
    await Promise.all(
      delegates.slice(0, 3).map((socket, i) => emitOk(socket, 'ballot:cast', { ballotId, idempotencyKey: `named-b-${i}-key`, choice: { option: i === 1 ? 'no' : 'yes' } })),
    );
    const roll = consolePage.getByTestId('not-voted-roll');
    // 26 signed in (the tablet page and 25 sockets), 3 voted.
    await roll.getByText('未表决名单（已出席）23 人').waitFor();
    expect(await roll.getByText('代表02').count()).toBe(0);
    // The three voted seats carry their ✓ as a background image, and no cell of the hall is
    // positioned: a positioned cell is a paint layer each frame's hit test walks (SeatMap.svelte).
    const hall = consolePage.getByTestId('seatmap-hall');
    await expect.poll(() => hall.locator('button.voted').count()).toBe(3);
    const cells = await hall.locator('button').evaluateAll((buttons) =>
      buttons.map((b) => ({ voted: b.classList.contains('voted'), position: getComputedStyle(b).position, check: getComputedStyle(b).backgroundImage })),
    );
    expect(cells.filter((c) => c.position !== 'static')).toEqual([]);
    expect(cells.filter((c) => c.voted).every((c) => c.check.startsWith('url("data:image/svg+xml'))).toBe(true);
    expect(cells.filter((c) => !c.voted).every((c) => c.check === 'none')).toBe(true);
    await hall.scrollIntoViewIfNeeded();
    await shot(consolePage, 'named-record-voted-seats');

    await emitOk(chair, 'presidium:closeBallot', { ballotId });
    await emitOk(chair, 'presidium:publishResult', { ballotId });
    const panel = consolePage.getByTestId('named-records');
    await panel.getByRole('button', { name: '查看逐人表决情况' }).click();
    const record = panel.getByTestId('named-record');
    await record.getByRole('row', { name: /1排03座 代表03 已表决 反对/ }).waitFor();
    await record.getByRole('row', { name: /1排01座 代表01 未表决/ }).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot(consolePage, 'named-record-console');
    expect(pageErrors).toEqual([]);
  });
});
