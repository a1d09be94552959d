import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MeetingSpec } from '../../shared/domain/meeting';
import { chromiumAvailable } from './chromium';
import { logInToConsole } from './console-login';
import { CONSOLE_VIEWPORT, useBrowserStage } from './stage';

/**
 * Issue 10, preparation on the console at 1440×900: the secretariat creates a meeting, imports
 * its roster from an .xlsx file (column mapping, row report), adds an election item with a
 * prepared ballot and a PDF, and lays out the hall from the seat numbers.
 * Screenshots: test-output/browser/prepare-*.png.
 */
const ROSTER_ROWS = 40;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function rosterXlsx(rows = ROSTER_ROWS, perRow = 10): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代表名单');
  sheet.addRow(['序号', '姓名', '座位号', '代表团/组', '性别', '民族', '类别']);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([i + 1, `代表${i + 1}`, `${Math.floor(i / perRow) + 1}排${(i % perRow) + 1}座`, `第${(i % 4) + 1}组`, i % 2 ? '男' : '女', '汉族', '农民']);
  }
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Nothing wider than the console's viewport, and the body text large enough to read (≥ 16px). */
async function fitsConsole(page: Page): Promise<void> {
  const { scrollWidth, fontSize } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    fontSize: parseFloat(getComputedStyle(document.querySelector('main') ?? document.body).fontSize),
  }));
  expect(scrollWidth).toBeLessThanOrEqual(CONSOLE_VIEWPORT.width);
  expect(fontSize).toBeGreaterThanOrEqual(16);
}

describe.skipIf(!chromiumAvailable && !process.env['CI'])('meeting preparation on the console', () => {
  const stage = useBrowserStage();

  it('creates a meeting, imports the roster, prepares an election with a document and lays out the hall', async () => {
    const { login, password } = await stage.http.staffAccount('secretariat', '秘书处 王芳');
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    await logInToConsole(page, stage.server.baseUrl, { login, password });

    // Create: body, kind, title, session number, dates; the R8 defaults are shown.
    await page.getByRole('button', { name: '新建会议' }).click();
    const form = page.getByRole('form', { name: '新建会议' });
    await form.getByLabel('会议机构').fill('筹备测试镇人民代表大会');
    await form.getByLabel('会议名称').fill('筹备测试镇第十九届人民代表大会第一次会议');
    await form.getByLabel('第几次会议').fill('1');
    await form.getByLabel('开始日期').fill('2026-01-08');
    await form.getByLabel('结束日期').fill('2026-01-09');
    await form.getByText(/默认设置：不足法定人数时提醒/).waitFor();
    await stage.shot(page, 'prepare-01-create');
    await form.getByRole('button', { name: '创建会议' }).click();

    await page.getByRole('heading', { name: /会议筹备 · 筹备测试镇第十九届/ }).waitFor();
    await page.getByRole('heading', { name: '表决规则设置（R8）' }).waitFor();
    await expect(page.getByLabel('表决开始时不足法定人数').inputValue()).resolves.toBe('warn');
    await page.getByLabel('表决开始时不足法定人数').selectOption('block');
    await page.getByLabel('表决倒计时（秒）').fill('90');
    // R8 speakingLimitSeconds: shown with its default (300 s), set here to 240 s.
    const speakingRow = page.getByRole('row', { name: /发言时限（秒）/ });
    await expect(speakingRow.getByLabel('发言时限（秒）').inputValue()).resolves.toBe('300');
    await speakingRow.getByRole('cell', { name: '300 秒' }).waitFor();
    await speakingRow.getByLabel('发言时限（秒）').fill('240');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText(/已保存/).waitFor();
    await fitsConsole(page);
    await stage.shot(page, 'prepare-02-settings');

    // Roster: the file is read, the mapping guessed from the Chinese headers, then imported.
    await page.getByRole('button', { name: '代表名单' }).click();
    // A meeting made without a template has no placeholder seat: an empty roster, and a note why it cannot open yet.
    await page.getByTestId('roster-empty').getByText('名单为空').waitFor();
    await page.getByText('应到 0 人', { exact: true }).waitFor();
    // A bad file first: the row report names each row; nothing can be imported.
    const badCsv = Buffer.from('姓名,座位号,代表团/组\n,1排1座,第1组\n乙,1排1座,第1组\n', 'utf8');
    await page.getByLabel('名单文件').setInputFiles({ name: '有错的名单.csv', mimeType: 'text/csv', buffer: badCsv });
    const report = page.getByRole('table', { name: '逐行问题' });
    await report.getByText('姓名为空').waitFor();
    await report.getByText('座位号 1排1座 与第 2 行重复').waitFor();
    await expect(page.getByRole('button', { name: '导入 0 人' }).isDisabled()).resolves.toBe(true);
    await stage.shot(page, 'prepare-03-roster-row-report');
    await page.getByLabel('名单文件').setInputFiles({ name: '代表名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await rosterXlsx() });
    await page.getByText(`共 ${ROSTER_ROWS} 行，可导入 ${ROSTER_ROWS} 人，问题 0 处`).waitFor();
    await expect(page.getByRole('combobox', { name: '座位号' }).first().inputValue()).resolves.toBe('2');
    await stage.shot(page, 'prepare-04-roster-mapping');
    await page.getByRole('button', { name: `导入 ${ROSTER_ROWS} 人` }).click();
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByText(`已导入 ${ROSTER_ROWS} 人`).waitFor();
    await page.getByText(`应到 ${ROSTER_ROWS} 人`, { exact: true }).waitFor();
    await fitsConsole(page);
    await stage.shot(page, 'prepare-05-roster-imported');

    // Agenda: an election item with its prepared ballot, checked by the domain rules.
    await page.getByRole('button', { name: '议程与表决' }).click();
    await page.getByLabel('新议程名称').fill('选举镇人民政府副镇长');
    await page.locator('form.add').getByLabel('议程类型').selectOption('election');
    await page.getByRole('button', { name: '添加议程' }).click();
    const item = page.locator('li.item', { hasText: '选举镇人民政府副镇长' });
    await item.getByRole('button', { name: '准备表决' }).click();
    await item.getByLabel('选举职务').fill('镇人民政府副镇长');
    await item.getByLabel('应选人数').fill('2');
    for (const [name, post] of [['张明', '镇党委委员'], ['李华', '镇人大副主席'], ['王强', '镇政府办公室主任']]) {
      await item.getByRole('button', { name: '添加候选人' }).click();
      await item.getByLabel('候选人').last().fill(name!);
      await item.getByLabel('现任职务').last().fill(post!);
    }
    await expect(item.getByLabel('倒计时（秒）').inputValue()).resolves.toBe('90');
    await item.getByRole('button', { name: '保存表决' }).click();
    await item.getByText('预备表决：选举 · 选举镇人民政府副镇长').waitFor();

    // A document on the item: a PDF, served back to the console.
    await item.getByLabel('文件标题').fill('副镇长候选人简历');
    await item.getByLabel('上传文件（PDF 或文本）').setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF });
    await item.getByRole('button', { name: 'PDF · 副镇长候选人简历' }).waitFor();
    await fitsConsole(page);
    await stage.shot(page, 'prepare-06-agenda-ballot-document');

    // Layout from the seat numbers ("3排7座").
    await page.getByRole('button', { name: '座位布局' }).click();
    await page.getByRole('button', { name: /按座位号生成/ }).click();
    await page.getByText('4 排 × 10 座；无法识别 0 个，冲突 0 处').waitFor();
    await page.getByRole('button', { name: '保存座位布局' }).click();
    await page.getByText(/已保存/).waitFor();
    await stage.shot(page, 'prepare-07-layout');

    // What the server now holds, read over the API.
    const token = await stage.http.staffToken('secretariat', '秘书处 王芳');
    const meetings = await stage.http.request<{ meetings: { meetingId: string; title: string }[] }>('GET', '/api/meetings', undefined, token);
    const meetingId = meetings.body.meetings.find((m) => m.title.startsWith('筹备测试镇'))!.meetingId;
    const prep = await stage.http.request<{ spec: MeetingSpec; settings: { quorumAtBallotOpen: string; speakingLimitSeconds: number | null } }>('GET', `/api/meetings/${meetingId}/preparation`, undefined, token);
    expect(prep.body.settings.quorumAtBallotOpen).toBe('block');
    expect(prep.body.settings.speakingLimitSeconds).toBe(240);
    expect(prep.body.spec).toMatchObject({ sessionNo: 1, dates: { start: '2026-01-08', end: '2026-01-09' }, hall: { rows: 4, columns: 10 } });
    expect(prep.body.spec.delegates).toHaveLength(ROSTER_ROWS);
    expect(prep.body.spec.delegates[12]).toMatchObject({ seatNo: '2排3座', row: 2, column: 3, group: '第1组' });
    const election = prep.body.spec.agenda.find((a) => a.kind === 'election')!;
    expect(election.ballot).toMatchObject({ kind: 'election', durationSec: 90, election: { seats: 2, candidates: [{ name: '张明', post: '镇党委委员' }, { name: '李华' }, { name: '王强' }] } });
    expect(election.documents).toMatchObject([{ kind: 'pdf', title: '副镇长候选人简历', bytes: PDF.length }]);
    expect(stage.pageErrors).toEqual([]);
  });

  it('keeps the roster tab usable at 3,000 seats: one page of 100 rows, search by name and seat number', async () => {
    const { login, password } = await stage.http.staffAccount('secretariat', '秘书处 赵静');
    const token = await stage.http.staffToken('secretariat', '秘书处 赵静');
    const title = '三千座位测试大会';
    await stage.http.createMeeting(token, { body: { name: '三千座位测试市人民代表大会', kind: 'congress' }, title, delegates: [] });
    const page = await stage.newPage(CONSOLE_VIEWPORT);
    await logInToConsole(page, stage.server.baseUrl, { login, password });
    // The empty meeting's console: the guided flow points at the roster import, its button disabled
    // (the server would refuse any opening with EMPTY_ROSTER).
    await page.getByRole('button', { name: `进入 ${title}` }).click();
    const step = page.locator('button.next-action');
    await step.getByText('先导入代表名单').waitFor();
    expect(await step.isDisabled()).toBe(true);
    await page.getByRole('status').getByText('名单为空，不能开会').waitFor();
    await page.goto(`${stage.server.baseUrl}/console.html`);
    await page.getByRole('heading', { name: '选择会议' }).waitFor();
    await page.getByRole('button', { name: `筹备 ${title}` }).click();
    await page.getByRole('button', { name: '代表名单' }).click();
    await page.getByTestId('roster-empty').waitFor();

    const rows = 3000;
    await page.getByLabel('名单文件').setInputFiles({ name: '三千人名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await rosterXlsx(rows, 20) });
    await page.getByText(`共 ${rows} 行，可导入 ${rows} 人，问题 0 处`).waitFor();
    await page.getByRole('button', { name: `导入 ${rows} 人` }).click();
    const started = Date.now();
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByText(`已导入 ${rows} 人`).waitFor();
    const info = page.getByTestId('roster-page-info');
    await info.getByText(`第 1–100 人，共 ${rows} 人（第 1/30 页）`).waitFor();
    console.log(`[prepare-3000] import confirmed → first page shown: ${Date.now() - started} ms`);

    const table = page.getByRole('table', { name: '代表名单' });
    await expect(table.locator('tbody tr').count()).resolves.toBe(100);
    // Leaving and coming back renders the tab from the 3,000-seat spec again.
    await page.getByRole('button', { name: '会议设置' }).click();
    const again = Date.now();
    await page.getByRole('button', { name: '代表名单' }).click();
    await info.getByText(`共 ${rows} 人`).waitFor();
    console.log(`[prepare-3000] roster tab re-rendered: ${Date.now() - again} ms`);

    await page.getByRole('button', { name: '下一页' }).click();
    await info.getByText(`第 101–200 人，共 ${rows} 人（第 2/30 页）`).waitFor();
    await table.getByRole('cell', { name: '代表101', exact: true }).waitFor();

    const search = page.getByLabel('按姓名、座位号或代表团查找');
    const searched = Date.now();
    await search.fill('代表2999');
    await info.getByText('第 1–1 人，共 1 人（第 1/1 页）').waitFor();
    console.log(`[prepare-3000] search by name: ${Date.now() - searched} ms`);
    await table.getByRole('cell', { name: '150排19座' }).waitFor();
    await search.fill('150排');
    await info.getByText('第 1–20 人，共 20 人（第 1/1 页）').waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(20);
    await search.fill('无此人');
    await info.getByText('没有符合“无此人”的代表').waitFor();
    await search.fill('');
    await info.getByText(`第 1–100 人，共 ${rows} 人（第 1/30 页）`).waitFor();
    await fitsConsole(page);
    await stage.shot(page, 'prepare-3000');
    expect(stage.pageErrors).toEqual([]);
  });
});
