import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { emitOk } from '../support/sockets';
import { castAll, dealYes, hallDelegates, SOCKET_DELEGATES } from './ballot-kinds-hall';
import { openBrowserHall } from './browser-hall';
import { chromiumAvailable } from './chromium';
import { useBrowserStage } from './stage';

/**
 * The console's less-travelled paths in Chromium against the real server: an election tied at
 * the cut-off and re-voted among the tied in one click (R3.6), a paper count of a project vote
 * entered by hand (R2.9, R3.4), an electronic ballot switched to a hand count at opening (R2.4),
 * and a ballot opened below quorum only with a recorded reason (R1.5). Screenshots go to
 * test-output/browser/ (console-*.png).
 */

const CANDIDATES = ['刘国平', '徐晓红', '林淑珍'];
const PAPER_PROJECTS = ['社区食堂建设', '老旧小区加装电梯', '农村道路硬化', '学校塑胶跑道'];
const ITEMS = {
  tie: '选举镇人民政府副镇长',
  paper: '票决2027年民生实事项目（纸质票）',
  switched: '关于加强河道管理的决议',
  quorum: '关于调整会议日程的决定',
} as const;

function consoleMeeting(): MeetingSpecInput {
  return {
    meetingId: 'console-hall',
    body: { name: '某某镇人民代表大会', kind: 'congress' },
    title: '某某镇第十八届人民代表大会第七次会议',
    delegates: hallDelegates('c'),
    presidium: ['陈立新'],
    agenda: [
      {
        itemId: 'i-tie',
        title: ITEMS.tie,
        ballot: {
          kind: 'election',
          title: '选举副镇长',
          election: {
            post: '镇人民政府副镇长',
            postType: 'deputy',
            seats: 2,
            candidates: CANDIDATES.map((name, i) => ({ candidateId: `e${i + 1}`, name })),
          },
        },
      },
      {
        itemId: 'i-paper',
        title: ITEMS.paper,
        // R2.9: paper 表决票 counted by the tellers and entered on the console.
        ballot: {
          kind: 'slate',
          title: '2027年民生实事项目票决（纸质表决票）',
          method: 'manual',
          slate: {
            places: 2,
            year: 2027,
            projects: PAPER_PROJECTS.map((title, i) => ({ projectId: `pp${i + 1}`, title, sponsorUnit: '镇建设办' })),
          },
        },
      },
      { itemId: 'i-switched', title: ITEMS.switched, ballot: { kind: 'motion', title: ITEMS.switched } },
      { itemId: 'i-quorum', title: ITEMS.quorum, ballot: { kind: 'motion', title: ITEMS.quorum } },
    ],
  };
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('the console’s follow-ups, hand counts and quorum override in Chromium', () => {
  const stage = useBrowserStage();
  const { shot, pageErrors } = stage;
  let tablet: Page;
  let consolePage: Page;
  let wall: Page;
  let staff: Socket;
  let meetingId = '';
  /** The socket delegates in seat order: papers[i] is cast by delegates[i]. */
  const delegates: Socket[] = [];
  const seatIds: string[] = [];

  const board = () => wall.getByRole('region', { name: '表决结果' });
  const rowsOf = async (page: Page) =>
    (await page.getByRole('region', { name: '表决结果' }).locator('tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ''));

  /** Starts the item; the prepared ballot's card is returned, not yet opened. */
  async function startItem(item: string, summary: string) {
    await consolePage.getByRole('button', { name: `开始此项：${item}` }).click();
    const prepared = consolePage.getByRole('article', { name: '本项议程已准备的表决' });
    await prepared.getByText(summary).first().waitFor();
    return prepared;
  }

  async function closeAndPublish(): Promise<void> {
    await consolePage.getByRole('button', { name: '结束表决' }).click();
    await consolePage.getByRole('button', { name: '确认', exact: true }).click();
    await consolePage.getByText('计票结果（尚未宣布）').waitFor();
    await consolePage.getByRole('button', { name: '宣布结果' }).click();
    await consolePage.getByText('计票结果（尚未宣布）').waitFor({ state: 'detached' });
  }

  const row = (name: string) => tablet.getByRole('group', { name, exact: true });
  const press = (name: string, option: string) => row(name).getByRole('button', { name: option, exact: true }).click();

  async function confirmOnTablet(name: string): Promise<void> {
    await tablet.getByRole('button', { name: '下一步：核对选票' }).click();
    await tablet.getByRole('region', { name: '请核对您的选票' }).waitFor();
    await tablet.getByRole('button', { name: '确认提交' }).click();
    await tablet.getByText('您的表决已记录').waitFor();
    await shot(tablet, `console-${name}-tablet-recorded`);
  }

  it('sets up a hall of 30 with 26 present and opens the session', async () => {
    const hall = await openBrowserHall(stage, consoleMeeting(), 'console');
    ({ meetingId, staff, tablet, consolePage, wall } = hall);
    delegates.push(...hall.delegates);
    seatIds.push(...hall.seatIds);
  });

  it('election tied at the cut-off: one click opens a new vote among the tied, the tablet votes it, the winner is published', async () => {
    const prepared = await startItem(ITEMS.tie, '镇人民政府副镇长：应选 2 名，候选人 3 名（差额选举）');
    await prepared.getByRole('button', { name: '开始此项表决' }).click();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();
    await press(CANDIDATES[0]!, '赞成');
    await press(CANDIDATES[1]!, '反对');
    await press(CANDIDATES[2]!, '反对');
    await confirmOnTablet('tie');
    // Sockets: 17/16/16 赞成, at most two per paper; with the tablet 18/16/16. 应到 30 → at least 16
    // to be elected (R3.5): three qualify for two seats and places 2 and 3 tie at 16 (R3.6).
    await castAll(staff, delegates, 'console', dealYes([17, 16, 16], SOCKET_DELEGATES, ['e1', 'e2', 'e3'], 'no').map((marks) => ({ marks })));
    await closeAndPublish();
    await board().getByText('得票相等，须就 1 个名额在上述人员中再次投票').waitFor();
    const text = (await board().textContent()) ?? '';
    expect(text).toContain(CANDIDATES[0]);
    expect(text).toContain('18');
    await shot(wall, 'console-tie-wall');

    const offer = consolePage.getByRole('article', { name: '票数相同，须在并列者中再次投票' });
    await offer.getByText(`${CANDIDATES[1]}、${CANDIDATES[2]}`).waitFor();
    await shot(consolePage, 'console-tie-offer');
    await offer.getByRole('button', { name: '就票数相同者再次投票' }).click();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();
    // The re-vote lists only the tied, for the one seat left.
    await tablet.getByText('已选 0/1 人').waitFor();
    expect(await tablet.getByRole('group').count()).toBe(2);
    expect(await row(CANDIDATES[0]!).count()).toBe(0);
    await press(CANDIDATES[2]!, '赞成');
    await shot(tablet, 'console-tie-revote-tablet');
    await confirmOnTablet('tie-revote');
    // 10 for 徐晓红, 15 + the tablet = 16 for 林淑珍: the most votes win.
    await castAll(staff, delegates, 'console', dealYes([10, 15], SOCKET_DELEGATES, ['e2', 'e3'], null).map((marks) => ({ marks })));
    await closeAndPublish();
    await board().getByText('应选 1 名全部选出').waitFor();
    const revote = (await board().textContent()) ?? '';
    expect(revote).toContain(CANDIDATES[2]);
    expect(revote).not.toContain(CANDIDATES[0]);
    await shot(wall, 'console-tie-revote-wall');
    // Offered once: after the re-vote no second tie button remains.
    expect(await consolePage.getByRole('button', { name: '就票数相同者再次投票' }).count()).toBe(0);
  });

  it('paper count of a project vote: 发出/收回/无效 then every project, entered by hand and published to the wall', async () => {
    const prepared = await startItem(ITEMS.paper, '候选项目 4 个，拟选 2 个');
    expect(await prepared.textContent()).toContain('人工计票（举手或纸质选票）');
    // R4.7: voted in December for next year, so the year is set on the slate and shown before opening.
    expect(await prepared.textContent()).toContain('2027年度项目');
    await prepared.getByRole('button', { name: '开始此项表决' }).click();
    await tablet.getByText('本项采用举手或纸质选票计票，请听主持人指示').waitFor();
    const form = consolePage.getByRole('form', { name: '人工计票录入' });
    await form.waitFor();
    expect(await form.locator('legend').first().textContent()).toBe('发出与收回');
    expect(await form.locator('fieldset').first().locator('label > span').allTextContents()).toEqual(['发出', '收回', '无效票']);
    // A paper count has no raised hands: its project rows read 赞成/反对/弃权.
    expect(await form.locator('fieldset').nth(1).locator('label > span').allTextContents()).toEqual(['赞成', '反对', '弃权']);
    await form.getByLabel('发出', { exact: true }).fill('26');
    await form.getByLabel('收回', { exact: true }).fill('26');
    await form.getByLabel('无效票', { exact: true }).fill('1');
    // 25 valid papers with at most 2 赞成 each, so at most 50 赞成 in all (20+17+8+5 = 50);
    // 应到 30 → a project needs at least 16 赞成 (R4.5).
    const counts = [
      [20, 4, 1],
      [17, 6, 2],
      [8, 12, 5],
      [5, 15, 5],
    ];
    for (const [i, title] of PAPER_PROJECTS.entries()) {
      const [yes, no, abstain] = counts[i]!;
      await form.getByLabel(`${title} 赞成`, { exact: true }).fill(String(yes));
      await form.getByLabel(`${title} 反对`, { exact: true }).fill(String(no));
      await form.getByLabel(`${title} 弃权`, { exact: true }).fill(String(abstain));
    }
    await shot(consolePage, 'console-paper-entry');
    // One 赞成 too many for 25 papers of at most 2 赞成 each: refused, nothing closes.
    await form.getByLabel(`${PAPER_PROJECTS[1]} 赞成`, { exact: true }).fill('18');
    await form.getByLabel(`${PAPER_PROJECTS[1]} 反对`, { exact: true }).fill('5');
    await form.getByRole('button', { name: '保存计票结果' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.textContent()).toContain('赞成票共 51');
    await shot(consolePage, 'console-paper-entry-refused');
    expect(await consolePage.getByRole('button', { name: '结束表决' }).count()).toBe(1);
    await form.getByLabel(`${PAPER_PROJECTS[1]} 赞成`, { exact: true }).fill('17');
    await form.getByLabel(`${PAPER_PROJECTS[1]} 反对`, { exact: true }).fill('6');
    await form.getByRole('button', { name: '保存计票结果' }).click();
    await consolePage.getByText('计票结果（尚未宣布）').waitFor();
    await consolePage.getByText('已录入：陈立新').first().waitFor();
    await consolePage.getByRole('button', { name: '宣布结果' }).click();
    await board().getByText('入选项目 2 个，2 个名额全部确定').waitFor();
    const rows = await rowsOf(wall);
    expect(rows.slice(0, 2)).toEqual([`1${PAPER_PROJECTS[0]}2041✔入选`, `2${PAPER_PROJECTS[1]}1762✔入选`]);
    expect(rows[2]).toContain(`3${PAPER_PROJECTS[2]}8125`);
    expect(rows[3]).toContain(`4${PAPER_PROJECTS[3]}5155`);
    await shot(wall, 'console-paper-wall');
    // The printed draft decision names the slate's year, whatever the vote date.
    const secretariat = await stage.http.staffToken('secretariat');
    const synced = (await emitOk(staff, 'meeting:sync', {})).view as { ballots: { ballotId: string; itemId: string }[] };
    const paperBallot = synced.ballots.find((b) => b.itemId === 'i-paper')!.ballotId;
    const sheet = await fetch(`${stage.server.baseUrl}/api/meetings/${meetingId}/ballots/${paperBallot}/result-sheet`, {
      headers: { authorization: `Bearer ${secretariat}` },
    });
    expect(sheet.status).toBe(200);
    expect(await sheet.text()).toContain('某某镇第十八届人民代表大会第七次会议关于2027年民生实事项目的决定（草案）');
  });

  it('an electronic ballot switched to a hand count at opening: the tablet is told, the show of hands is entered', async () => {
    const prepared = await startItem(ITEMS.switched, '电子表决器');
    await prepared.getByLabel('表决器故障：改为举手或纸质选票，人工录入票数').check();
    await shot(consolePage, 'console-switch-manual');
    await prepared.getByRole('button', { name: '开始此项表决' }).click();
    await tablet.getByText('本项采用举手或纸质选票计票，请听主持人指示').waitFor();
    expect(await tablet.getByRole('button', { name: '赞成', exact: true }).count()).toBe(0);
    const form = consolePage.getByRole('form', { name: '人工计票录入' });
    // The tablets hear of the open ballot first; the console's view follows a turn later (fan-out.ts).
    await form.getByLabel('赞成（请举手）').waitFor();
    expect(await form.locator('label > span').allTextContents()).toEqual(['赞成（请举手）', '反对', '弃权']);
    await form.getByLabel('赞成（请举手）').fill('21');
    await form.getByLabel('反对').fill('3');
    await form.getByLabel('弃权').fill('2');
    await form.getByRole('button', { name: '保存计票结果' }).click();
    await consolePage.getByRole('button', { name: '宣布结果' }).click();
    await wall.getByText('通过', { exact: true }).waitFor();
    expect(await wall.locator('dl.counts').getAttribute('aria-label')).toBe('赞成 21 票，反对 3 票，弃权 2 票');
    await shot(wall, 'console-switch-wall');
  });

  it('below quorum a prepared ballot opens only with a reason, which stays on record', async () => {
    // 12 of the 26 present are marked absent: 14 present, 20 needed (R1.1).
    await Promise.all(seatIds.slice(0, 12).map((seatId) => emitOk(staff, 'staff:recordAttendance', { seatId, status: 'absent' })));
    const prepared = await startItem(ITEMS.quorum, '电子表决器');
    await prepared.getByRole('button', { name: '开始此项表决' }).click();
    const prompt = prepared.getByRole('alert');
    await prompt.getByText('实到 14 人，不足法定人数（应到 30 人，至少需 20 人）', { exact: false }).waitFor();
    const submit = prepared.getByRole('button', { name: '记录理由并开始表决' });
    expect(await submit.isDisabled()).toBe(true);
    // Nothing opened on the refusal.
    expect(await consolePage.getByRole('button', { name: '结束表决' }).count()).toBe(0);
    await prepared.getByLabel('理由').fill('部分代表赴现场视察，经主席团同意继续表决日程调整');
    await shot(consolePage, 'console-quorum-reason');
    await submit.click();
    await consolePage.getByRole('button', { name: '结束表决' }).waitFor();
    await consolePage.getByText('开始时不足法定人数，已记录理由：部分代表赴现场视察，经主席团同意继续表决日程调整').first().waitFor();
    await shot(consolePage, 'console-quorum-opened');
    const { view } = await emitOk(staff, 'meeting:sync', {});
    const opened = (view as { ballots: { status: string; quorumMet: boolean; quorumOverride: { reason: string } | null }[] }).ballots.find(
      (b) => b.status === 'open',
    );
    expect(opened?.quorumMet).toBe(false);
    expect(opened?.quorumOverride?.reason).toBe('部分代表赴现场视察，经主席团同意继续表决日程调整');
  });

  it('raised no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
