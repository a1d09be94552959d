import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { connect, emitOk } from '../support/sockets';
import { dealYes, hallDelegates, SOCKET_DELEGATES, STREET_PROJECTS } from './ballot-kinds-hall';
import { openMeetingOnConsole } from './console-login';
import { issueSeatCards } from './hall';
import { CONSOLE_VIEWPORT, WALL_VIEWPORT, type BrowserStage } from './stage';

/**
 * The meeting of the screens tests (issue 11): a ballot of every kind at hall size: 12
 * appointees, 15 projects (ids like ms2026-01 that no delegate should ever see), a named motion
 * for the seat map, an election, a list vote and a rating with a 不满意 subject.
 */
export const APPOINTEES = ['王海燕', '李文军', '张永福', '赵丽华', '钱志刚', '孙秀英', '周建国', '吴晓梅', '郑德胜', '冯玉兰', '陈卫东', '褚红梅'];
export const SCREENS_ITEMS = {
  motion: '关于召开第七次会议的决定',
  batch: '表决人事任免案',
  slate: '票决2026年民生实事项目',
  election: '选举镇人民政府副镇长',
  list: '通过大会主席团名单',
  rating: '镇政府组成人员满意度测评',
} as const;
export type ScreensKind = keyof typeof SCREENS_ITEMS;
export const PROJECT_IDS = STREET_PROJECTS.map((_, i) => `ms2026-${String(i + 1).padStart(2, '0')}`);

export function screensMeeting(meetingId: string): MeetingSpecInput {
  return {
    meetingId,
    body: { name: '某某镇人民代表大会', kind: 'congress' },
    title: '某某镇第十八届人民代表大会第六次会议',
    delegates: hallDelegates('s'),
    presidium: ['陈立新'],
    agenda: [
      { itemId: 'i-motion', title: SCREENS_ITEMS.motion, ballot: { kind: 'motion', title: SCREENS_ITEMS.motion, secrecy: 'named' } },
      {
        itemId: 'i-batch',
        title: SCREENS_ITEMS.batch,
        ballot: {
          kind: 'batch',
          title: '人事任免案（逐人表决）',
          batch: { items: APPOINTEES.map((name, i) => ({ itemId: `ap${i + 1}`, title: `任命${name}为副镇长` })) },
        },
      },
      {
        itemId: 'i-slate',
        title: SCREENS_ITEMS.slate,
        ballot: {
          kind: 'slate',
          title: '2026年民生实事项目票决',
          slate: {
            places: 8,
            projects: STREET_PROJECTS.map((title, i) => ({ projectId: PROJECT_IDS[i]!, title, sponsorUnit: '镇建设办', budgetFen: (i + 1) * 10_000_000, summary: '' })),
          },
        },
      },
      {
        itemId: 'i-election',
        title: SCREENS_ITEMS.election,
        ballot: {
          kind: 'election',
          title: '选举副镇长',
          election: {
            post: '镇人民政府副镇长',
            postType: 'deputy',
            seats: 2,
            candidates: ['刘国平', '徐晓红', '林淑珍'].map((name, i) => ({ candidateId: `c${i + 1}`, name })),
            tellers: { chief: '罗桂兰', members: ['高伟东'] },
          },
        },
      },
      { itemId: 'i-list', title: SCREENS_ITEMS.list, ballot: { kind: 'list_vote', title: '大会主席团名单', list: { members: ['陈立新', '王建国', '李秀英', '张志强', '刘丽华', '赵国强', '孙丽娟', '周海涛'] } } },
      {
        itemId: 'i-rating',
        title: SCREENS_ITEMS.rating,
        ballot: {
          kind: 'rating',
          title: '履职情况满意度测评',
          rating: { subjects: ['周明辉', '吴春梅', '孙德胜', '马玉兰'].map((name, i) => ({ subjectId: `s${i + 1}`, name, kind: 'appointee' as const })) },
        },
      },
    ],
  };
}

/** The socket delegates' papers per kind: every kind gets a result worth reading. */
export function papersFor(kind: ScreensKind): unknown[] {
  const n = SOCKET_DELEGATES;
  switch (kind) {
    case 'motion':
    case 'list':
      return Array.from({ length: n }, (_, i) => ({ option: i < 18 ? 'yes' : i < 22 ? 'no' : 'abstain' }));
    case 'batch':
      return dealYes([20, 12, 18, 19, 21, 9, 17, 20, 16, 22, 18, 14], n, APPOINTEES.map((_, i) => `ap${i + 1}`), 'no').map((marks) => ({ marks }));
    case 'slate':
      return dealYes([21, 19, 17, 15, 14, 13, 12, 20, 3, 4, 5, 6, 7, 8, 9], n, PROJECT_IDS, 'no').map((marks) => ({ marks }));
    case 'election':
      return dealYes([20, 10, 8], n, ['c1', 'c2', 'c3'], 'no').map((marks) => ({ marks }));
    case 'rating':
      return Array.from({ length: n }, (_, i) => ({
        marks: { s1: i < 20 ? 'satisfied' : 'basically_satisfied', s2: 'basically_satisfied', s3: i < 5 ? 'satisfied' : 'unsatisfied', s4: 'satisfied' },
      }));
  }
}

/** A presidium socket for driving the sitting quickly (the console is exercised by other tests). */
export async function presidiumSocket(stage: BrowserStage, meetingId: string): Promise<Socket> {
  const socket = await connect(stage.server.baseUrl, { token: await stage.http.staffToken('presidium'), meetingId });
  stage.sockets.push(socket);
  return socket;
}

export interface ScreensHall {
  meetingId: string;
  /** Socket delegates (seats 2 … 26), signed in. */
  delegates: Socket[];
  presidium: Socket;
  /** One signed-in tablet page per viewport asked for (seats 1, 27, 28 …). */
  tablets: Page[];
  /** Per tablet, the Socket.IO frames it sent (to see a resync go out). */
  sentFrames: string[][];
  wall: Page;
}

/**
 * A sitting hall driven over sockets (the session opened by a presidium socket, the wall paired
 * with a code from the HTTP API), so these tests measure the screens and do not depend on how
 * the console lays out its panels.
 */
export async function openScreensHall(
  stage: BrowserStage,
  meeting: MeetingSpecInput,
  prefix: string,
  tabletViewports: { width: number; height: number }[],
  /** Runs before the session opens (the secretariat attaches documents while preparing). */
  prepare?: (meetingId: string, secretariatToken: string) => Promise<void>,
): Promise<ScreensHall> {
  const secretariat = await stage.http.staffToken('secretariat');
  const meetingId = await stage.http.createMeeting(secretariat, meeting);
  await prepare?.(meetingId, secretariat);
  const cards = await issueSeatCards(stage.http, secretariat, meetingId);
  const delegates: Socket[] = [];
  for (const card of cards.slice(1, 1 + SOCKET_DELEGATES)) {
    const { body } = await stage.http.pair(card.code, `${prefix}-device-${card.seatId}`);
    const socket = await connect(stage.server.baseUrl, { token: body.token });
    stage.sockets.push(socket);
    delegates.push(socket);
    await emitOk(socket, 'delegate:signIn', {});
  }
  const tabletCards = [cards[0]!, ...cards.slice(1 + SOCKET_DELEGATES)];
  const tablets: Page[] = [];
  const sentFrames: string[][] = [];
  for (const [i, viewport] of tabletViewports.entries()) {
    const tablet = await stage.newPage(viewport);
    const frames: string[] = [];
    sentFrames.push(frames);
    tablet.on('websocket', (ws) => ws.on('framesent', ({ payload }) => frames.push(String(payload))));
    await tablet.goto(tabletCards[i]!.url);
    await tablet.getByRole('button', { name: '签到', exact: true }).click();
    await tablet.getByText('会议尚未开始，请稍候').waitFor();
    tablets.push(tablet);
  }
  const presidium = await presidiumSocket(stage, meetingId);
  await emitOk(presidium, 'presidium:openSession', {});
  const link = await stage.http.request<{ ok: boolean; url: string }>('POST', `/api/meetings/${meetingId}/wall-code`, {}, secretariat);
  const wall = await stage.newPage(WALL_VIEWPORT);
  await wall.goto(link.body.url);
  await wall.locator('[data-wall-mode]').waitFor();
  return { meetingId, delegates, presidium, tablets, sentFrames, wall };
}

/** The console, logged in as the chair and showing the meeting. */
export async function openConsole(stage: BrowserStage, title: string): Promise<Page> {
  const consolePage = await stage.newPage(CONSOLE_VIEWPORT);
  await openMeetingOnConsole(consolePage, stage.server.baseUrl, await stage.http.staffAccount('presidium', '陈立新'), title);
  return consolePage;
}

let keys = 0;
/** Starts the item and opens its prepared ballot; returns the ballot id. */
export async function openKind(presidium: Socket, kind: ScreensKind): Promise<string> {
  const itemId = `i-${kind}`;
  await emitOk(presidium, 'presidium:startItem', { itemId });
  const { ballotId } = (await emitOk(presidium, 'presidium:openPrepared', { itemId })) as unknown as { ballotId: string };
  return ballotId;
}

export async function voteAndPublish(presidium: Socket, delegates: Socket[], ballotId: string, kind: ScreensKind): Promise<void> {
  await Promise.all(
    papersFor(kind).map((choice, i) => {
      keys += 1;
      return emitOk(delegates[i]!, 'ballot:cast', { ballotId, idempotencyKey: `screens-${keys}-${i}-key`, choice });
    }),
  );
  await emitOk(presidium, 'presidium:closeBallot', { ballotId });
  await emitOk(presidium, 'presidium:publishResult', { ballotId });
}

export interface TextProblem {
  text: string;
  value: number;
}

export interface ScreenReport {
  /** Smallest computed font size of any visible element that carries text of its own. */
  minFontPx: number;
  smallest: TextProblem[];
  /** Elements sticking out of the viewport horizontally, and whether the page scrolls. */
  overflowX: string[];
  /** Text cut off by a box that clips it (overflow hidden) or by the screen's bottom edge. */
  clipped: string[];
  scrollsX: boolean;
  scrollsY: boolean;
  /** Lowest contrast of text against its effective background (WCAG 2 ratio). */
  minContrast: number;
  lowContrast: TextProblem[];
}

/**
 * Measures what a hall sees: every visible element with its own text (computed font size, its
 * colour against the background behind it, blended through translucent layers), and anything
 * outside the viewport. `root` limits the text checks to part of the page.
 */
export function measureScreen(page: Page, root = 'body'): Promise<ScreenReport> {
  return page.evaluate((rootSelector) => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const background = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let result: RGBA = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const lum = ([r, g, b]: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const contrast = (a: RGBA, b: RGBA) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const vw = window.innerWidth;
    /** Inside a box that clips or scrolls and is itself on the screen: not off the screen. */
    const clippedInside = (el: Element): boolean => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        if (getComputedStyle(e).overflowX !== 'visible') {
          const r = e.getBoundingClientRect();
          return r.left >= -1 && r.right <= vw + 1;
        }
      }
      return false;
    };
    const root = document.querySelector(rootSelector) ?? document.body;
    /** A text box not wholly inside the screen or inside a box that hides what overflows it (scrolling boxes excepted). */
    const cutOff = (el: Element, rect: DOMRect): boolean => {
      if (rect.bottom > window.innerHeight + 1 || rect.top < -1) {
        for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
          const o = getComputedStyle(e).overflowY;
          if (o === 'auto' || o === 'scroll') return false;
        }
        return true;
      }
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowY === 'auto' || style.overflowY === 'scroll') return false;
        if (style.overflowY === 'hidden' || style.overflowY === 'clip') {
          const r = e.getBoundingClientRect();
          if (rect.bottom > r.bottom + 1 || rect.top < r.top - 1) return true;
        }
      }
      return false;
    };
    const clipped: string[] = [];
    const sizes: TextProblem[] = [];
    const contrasts: TextProblem[] = [];
    const overflowX: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden, [aria-hidden="true"]')) continue;
      if ((rect.right > vw + 1 || rect.left < -1) && !clippedInside(el)) {
        overflowX.push(`${el.tagName}.${String(el.className)}: ${Math.round(rect.left)}–${Math.round(rect.right)}`);
      }
      if (!root.contains(el)) continue;
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const label = `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} “${own.slice(0, 24)}”`;
      sizes.push({ text: label, value: parseFloat(style.fontSize) });
      if (cutOff(el, rect)) clipped.push(label);
      const fg = over(parse(style.color), background(el));
      contrasts.push({ text: label, value: contrast(fg, background(el)) });
    }
    sizes.sort((a, b) => a.value - b.value);
    contrasts.sort((a, b) => a.value - b.value);
    const doc = document.documentElement;
    return {
      minFontPx: sizes[0]?.value ?? Infinity,
      smallest: sizes.slice(0, 5),
      overflowX: overflowX.slice(0, 10),
      clipped: clipped.slice(0, 10),
      scrollsX: doc.scrollWidth > vw + 1,
      scrollsY: doc.scrollHeight > window.innerHeight + 1,
      minContrast: contrasts[0]?.value ?? Infinity,
      lowContrast: contrasts.slice(0, 5),
    };
  }, root);
}
