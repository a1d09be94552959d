import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { HttpClient } from '../support/http-client';
import { ensureClientBuilt, repoRoot } from './build-client';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from './chromium';
import { startServer, type RunningServer } from './server-process';

export { CONSOLE_VIEWPORT, TABLET_VIEWPORT, WALL_VIEWPORT } from './viewports';

/** The tablet's full-screen prompt when a ballot opens (issue 11): 表决开始, the title, 开始表决. */
export const ballotPrompt = (page: Page) => page.locator('[data-ballot-prompt]');

/**
 * Waits for the prompt and taps 开始表决 like a finger (a mouse click at the button, no locator,
 * so the handler newPage installs stays out of it); resolves once it is gone.
 */
export async function tapStartVoting(page: Page): Promise<void> {
  await waitForBallotPrompt(page);
  const box = await page.evaluate(() => {
    const r = document.querySelector('[data-ballot-prompt] button')!.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await page.waitForFunction(() => !document.querySelector('[data-ballot-prompt]'));
}

/** Waits for the prompt without a locator (a locator would set off the handler and dismiss it). */
export async function waitForBallotPrompt(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-ballot-prompt] button') !== null);
}

/** Where every browser test's screenshots go. */
const SHOTS = path.join(repoRoot, 'test-output', 'browser');

/** What a browser test drives: the real server, an HTTP client for it, and Chromium. */
export interface BrowserStage {
  /** The server, the HTTP client and the browser exist once beforeAll has run. */
  readonly server: RunningServer;
  readonly http: HttpClient;
  readonly browser: Browser;
  /** Uncaught errors of every page opened with newPage, for a final "no errors" check. */
  readonly pageErrors: string[];
  /** Every socket the test opens goes here; all are disconnected at teardown. */
  readonly sockets: Socket[];
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<Buffer>;
  bodyText(page: Page): Promise<string>;
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`the browser stage's ${name} is used before beforeAll set it up`);
  return value;
}

/**
 * Registers, in the calling describe block, the hooks that build the clients, start the real
 * server and launch Chromium (beforeAll), and that disconnect the sockets, close the browser and
 * remove the server's data (afterAll).
 */
export function useBrowserStage(): BrowserStage {
  let server: RunningServer | undefined;
  let http: HttpClient | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error(`CI is set and ${CHROMIUM_PATH} is missing: the browser test cannot run`);
    await mkdir(SHOTS, { recursive: true });
    await ensureClientBuilt();
    server = await startServer();
    http = new HttpClient(server.baseUrl);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    if (server) await server.dispose();
  });

  return {
    get server() {
      return ready(server, 'server');
    },
    get http() {
      return ready(http, 'http');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    pageErrors,
    sockets,
    async newPage(viewport) {
      // A context each: separate localStorage, like separate devices.
      const context = await ready(browser, 'browser').newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
      // The one extra tap a delegate makes when a ballot opens: whenever a test acts on a page
      // while the prompt covers it, 开始表决 is tapped first (every tablet test shares this).
      await page.addLocatorHandler(ballotPrompt(page), (prompt) => prompt.getByRole('button').click());
      return page;
    },
    shot: (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }),
    bodyText: async (page) => (await page.locator('body').textContent()) ?? '',
  };
}
