import { describe, expect, it } from 'vitest';
import { congressSpec, newDeviceId } from '../support/hall';
import { connect, emitOk } from '../support/sockets';
import { TEST_ADMIN_PASSWORD } from '../support/test-config';
import { chromiumAvailable } from './chromium';
import { CONSOLE_VIEWPORT, useBrowserStage } from './stage';

/**
 * The console's staff accounts in Chromium at 1440×900 (issue 8 §4): the administrator logs in
 * with login name and password (Chinese first), creates a chair's account on the accounts page
 * and is shown its password once; the chair then logs in and approves, on the console, a change
 * the secretariat asked for while a ballot is open. Screenshots: test-output/browser/accounts-*.png.
 */
describe.skipIf(!chromiumAvailable && !process.env['CI'])('staff accounts on the console', () => {
  const stage = useBrowserStage();

  it('an administrator creates an account; the new chair logs in and approves a pending change', async () => {
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    await page.goto(`${stage.server.baseUrl}/console.html`);
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await stage.shot(page, 'accounts-01-login');
    await page.getByLabel('登录名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText(/登录失败/).waitFor();
    await page.getByLabel('密码').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '选择会议' }).waitFor();
    await page.getByRole('button', { name: '账号管理' }).click();
    await page.getByRole('heading', { name: '工作人员账号' }).waitFor();

    await page.getByLabel('登录名').fill('zhaoqiang');
    await page.getByLabel('姓名（打印在记录和结果单上）').fill('赵强');
    await page.locator('form').getByLabel('秘书处').uncheck();
    await page.locator('form').getByLabel('会议主持人（主席）').check();
    await page.locator('form').getByLabel('所有会议').check();
    await page.getByRole('button', { name: '新建账号' }).click();
    const notice = page.getByText(/zhaoqiang 的新密码：/);
    await notice.waitFor();
    const password = /新密码：(\S+)（/.exec((await notice.textContent()) ?? '')?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await page.locator('tr[data-login="zhaoqiang"]').waitFor();
    await stage.shot(page, 'accounts-02-accounts-page');

    // A meeting with a ballot open; the secretariat asks to mark an absent seat present.
    const secretariat = await stage.http.staffToken('secretariat');
    const meetingId = await stage.http.createMeeting(secretariat, { ...congressSpec(3, '账号测试镇人民代表大会第一次会议') });
    const codes = await stage.http.issueCodes(secretariat, meetingId);
    for (const seatId of ['s01', 's02']) {
      const paired = await stage.http.pair(codes.get(seatId)!, newDeviceId());
      const tablet = await connect(stage.server.baseUrl, { token: paired.body.token });
      stage.sockets.push(tablet);
      await emitOk(tablet, 'delegate:signIn');
    }
    const member = await connect(stage.server.baseUrl, { token: await stage.http.staffToken('presidium'), meetingId });
    const clerk = await connect(stage.server.baseUrl, { token: secretariat, meetingId });
    stage.sockets.push(member, clerk);
    await emitOk(member, 'presidium:openSession');
    await emitOk(member, 'presidium:startItem', { itemId: 'item-1' });
    await emitOk(member, 'presidium:openBallot', { itemId: 'item-1', title: '关于年度预算的决议（草案）', secrecy: 'anonymous' });
    const asked = await emitOk(clerk, 'staff:recordAttendance', { seatId: 's03', status: 'present' });
    expect(asked.pendingRequestId).toEqual(expect.any(String));

    // The new chair logs in on another console and approves it there.
    const chairPage = await stage.newPage(CONSOLE_VIEWPORT);
    await chairPage.goto(`${stage.server.baseUrl}/console.html`);
    await chairPage.getByLabel('登录名').fill('zhaoqiang');
    await chairPage.getByLabel('密码').fill(password!);
    await chairPage.getByRole('button', { name: '登录' }).click();
    await chairPage.getByRole('button', { name: '进入 账号测试镇人民代表大会第一次会议' }).click();
    await chairPage.getByRole('heading', { name: '待主席批准的变更' }).waitFor();
    await chairPage.getByText('申请人：秘书处').waitFor();
    await stage.shot(chairPage, 'accounts-03-pending-approval');
    await chairPage.getByRole('button', { name: '批准' }).click();
    await chairPage.getByText(/已批准：赵强/).waitFor();
    await stage.shot(chairPage, 'accounts-04-approved');
    expect(stage.pageErrors).toEqual([]);
  });
});
