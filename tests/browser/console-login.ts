import type { Page } from 'playwright-core';

/** A staff account's credentials, as `HttpClient.staffAccount` makes them. */
export interface StaffCredentials {
  login: string;
  password: string;
}

/**
 * Opens the console page and logs in with the account's login name and password, as staff do;
 * returns once the meeting list shows. The tests of the login form itself (wrong passwords,
 * lock-out) drive the form by hand in staff-accounts.test.ts.
 */
export async function logInToConsole(page: Page, baseUrl: string, account: StaffCredentials): Promise<void> {
  await page.goto(`${baseUrl}/console.html`);
  await page.getByLabel('登录名').fill(account.login);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '选择会议' }).waitFor();
}

/** Logs in (logInToConsole) and enters the meeting with this title from the meeting list. */
export async function openMeetingOnConsole(page: Page, baseUrl: string, account: StaffCredentials, title: string): Promise<void> {
  await logInToConsole(page, baseUrl, account);
  await page.getByRole('button', { name: `进入 ${title}` }).click();
}
