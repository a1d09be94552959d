import { describe, expect, it } from 'vitest';
import { congressSpec, newDeviceId } from '../support/hall';
import { connect, emitOk } from '../support/sockets';
import { chromiumAvailable } from './chromium';
import { openMeetingOnConsole } from './console-login';
import { CONSOLE_VIEWPORT, useBrowserStage } from './stage';

/**
 * RECORD on the console in Chromium at 1440×900 (issue 10): the chair's script (宣布稿) follows
 * the sitting from the attendance to the result, worded exactly as the sheet (R1.5, R2.6, R2.8);
 * the minutes (会议记录) list the ballot, print on A4 by a one-time link; the audit log names the
 * person of every command. Screenshots: test-output/browser/record-*.png.
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('record: chair script, minutes and audit log on the console', () => {
  const stage = useBrowserStage();

  it('the chair reads the attendance, then the result; the minutes print; the audit log names the person', async () => {
    const secretariat = await stage.http.staffToken('secretariat');
    const meetingId = await stage.http.createMeeting(secretariat, { ...congressSpec(4, '记录测试镇第一届人民代表大会第一次会议') });
    const codes = await stage.http.issueCodes(secretariat, meetingId);
    const tablets = [];
    for (const seatId of ['s01', 's02', 's03']) {
      const paired = await stage.http.pair(codes.get(seatId)!, newDeviceId());
      const tablet = await connect(stage.server.baseUrl, { token: paired.body.token });
      stage.sockets.push(tablet);
      await emitOk(tablet, 'delegate:signIn');
      tablets.push(tablet);
    }
    const member = await connect(stage.server.baseUrl, { token: await stage.http.staffToken('presidium'), meetingId });
    stage.sockets.push(member);

    const { login, password } = await stage.http.staffAccount('presidium');
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    await openMeetingOnConsole(page, stage.server.baseUrl, { login, password }, '记录测试镇第一届人民代表大会第一次会议');

    const script = page.locator('section.chair-script');
    await script.getByText('应到 4 人，实到 3 人，请假 0 人，已达到法定人数，可以开会。').waitFor();
    expect(await script.getAttribute('data-step')).toBe('attendance');

    await emitOk(member, 'presidium:openSession');
    await emitOk(member, 'presidium:startItem', { itemId: 'item-1' });
    const opened = await emitOk(member, 'presidium:openBallot', { itemId: 'item-1', title: '关于年度预算的决议（草案）', secrecy: 'anonymous' });
    const ballotId = String(opened['ballotId']);
    await script.getByText('赞成票超过全体代表（应到 4 人）的半数，即不少于 3 票，为通过。', { exact: false }).waitFor();
    await stage.shot(page, 'record-01-chair-script-opening');

    await Promise.all(
      tablets.map((t, i) => emitOk(t, 'ballot:cast', { ballotId, idempotencyKey: `record-key-${i}`, choice: { option: i < 2 ? 'yes' : 'no' } })),
    );
    await emitOk(member, 'presidium:closeBallot', { ballotId });
    await emitOk(member, 'presidium:publishResult', { ballotId });
    // R2.6, R2.8: 参加表决 3 + 未表决 0 = 实到 3; 2 + 1 + 0 = 3; 2 < 3 needed of 应到 4 → 未通过.
    const result = '应到 4 人，实到 3 人，参加表决 3 人，未表决 0 人。赞成 2 票，反对 1 票，弃权 0 票。未通过。';
    await script.getByText(result, { exact: false }).waitFor();
    expect(await script.getAttribute('data-step')).toBe('result');
    // Large, inside the console's first screen.
    const paragraph = script.locator('.text p').first();
    const box = await paragraph.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(CONSOLE_VIEWPORT.height);
    expect(box!.x + box!.width).toBeLessThanOrEqual(CONSOLE_VIEWPORT.width);
    const fontSize = await paragraph.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(20);
    await stage.shot(page, 'record-02-chair-script-result');

    // The same words on the printed sheet.
    const sheet = await stage.http.request<string>('POST', `/api/meetings/${meetingId}/link-tickets`, { purpose: 'result-sheet', ballotId }, secretariat);
    const sheetHtml = await (await fetch(stage.server.baseUrl + (sheet.body as unknown as { url: string }).url)).text();
    expect(sheetHtml).toContain(result);

    // The minutes, at the bottom of the console.
    const minutes = page.locator('section.minutes');
    await minutes.scrollIntoViewIfNeeded();
    await minutes.getByText('应到 4 人，实到 3 人，请假 0 人，已达到法定人数').waitFor();
    await minutes.getByRole('cell', { name: '关于年度预算的决议（草案）' }).waitFor();
    await minutes.getByRole('cell', { name: '未通过', exact: true }).waitFor();
    await stage.shot(page, 'record-03-minutes');

    const [printed] = await Promise.all([page.context().waitForEvent('page'), minutes.getByRole('button', { name: '打印会议记录（A4）' }).click()]);
    await printed.waitForLoadState();
    await printed.getByRole('heading', { name: '会议记录' }).waitFor();
    expect(await printed.locator('body').textContent()).toContain(result);
    await printed.setViewportSize(CONSOLE_VIEWPORT);
    await stage.shot(printed, 'record-04-minutes-a4');

    await page.getByRole('tab', { name: '操作日志' }).click();
    const audit = page.locator('section.audit');
    await audit.getByRole('cell', { name: '宣布表决结果' }).waitFor();
    await audit.getByRole('cell', { name: '开始表决：关于年度预算的决议（草案）' }).waitFor();
    expect(await audit.locator('tbody').textContent()).toContain('主席团');
    await audit.getByLabel('操作类型').selectOption('ResultPublished');
    await audit.getByRole('button', { name: '筛选' }).click();
    await audit.getByText('共 1 条').waitFor();
    await stage.shot(page, 'record-05-audit-log');
    expect(stage.pageErrors).toEqual([]);
  });
});
