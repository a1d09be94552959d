import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { connect, emitOk } from '../support/sockets';
import { SOCKET_DELEGATES } from './ballot-kinds-hall';
import { openMeetingOnConsole } from './console-login';
import { issueSeatCards } from './hall';
import { CONSOLE_VIEWPORT, TABLET_VIEWPORT, WALL_VIEWPORT, type BrowserStage } from './stage';

/** A sitting hall: one delegate on a tablet page, the others on sockets, a console and a wall. */
export interface BrowserHall {
  meetingId: string;
  /** The socket delegates (seats 2 … 1 + SOCKET_DELEGATES), in seat order, signed in. */
  delegates: Socket[];
  seatIds: string[];
  /** A secretariat socket, for meeting:sync and attendance. */
  staff: Socket;
  tablet: Page;
  consolePage: Page;
  wall: Page;
}

/**
 * Creates `meeting`, pairs and signs in the socket delegates, signs the first seat in on a tablet
 * page, logs the presidium into the console and opens the session there, and puts up the wall.
 * Every socket goes into the stage's list, so the stage's teardown closes it.
 */
export async function openBrowserHall(stage: BrowserStage, meeting: MeetingSpecInput, devicePrefix: string): Promise<BrowserHall> {
  const secretariat = await stage.http.staffToken('secretariat');
  const meetingId = await stage.http.createMeeting(secretariat, meeting);
  const cards = await issueSeatCards(stage.http, secretariat, meetingId);
  const delegates: Socket[] = [];
  const seatIds: string[] = [];
  for (const card of cards.slice(1, 1 + SOCKET_DELEGATES)) {
    const { body } = await stage.http.pair(card.code, `${devicePrefix}-device-${card.seatId}`);
    const socket = await connect(stage.server.baseUrl, { token: body.token });
    stage.sockets.push(socket);
    delegates.push(socket);
    seatIds.push(card.seatId);
    await emitOk(socket, 'delegate:signIn', {});
  }
  const staff = await connect(stage.server.baseUrl, { token: secretariat, meetingId });
  stage.sockets.push(staff);

  const tablet = await stage.newPage(TABLET_VIEWPORT);
  await tablet.goto(cards[0]!.url);
  await tablet.getByRole('button', { name: '签到', exact: true }).click();
  await tablet.getByText('会议尚未开始，请稍候').waitFor();

  const consolePage = await stage.newPage(CONSOLE_VIEWPORT);
  // The chair logs in with their own account (login name + password).
  await openMeetingOnConsole(consolePage, stage.server.baseUrl, await stage.http.staffAccount('presidium', '陈立新'), meeting.title);
  // 宣布开会 is irreversible: the guided flow asks once more (GuidedFlow.svelte).
  await consolePage.getByRole('button', { name: '宣布开会' }).click();
  await consolePage.getByRole('button', { name: '确认：宣布开会' }).click();
  await consolePage.getByRole('heading', { name: /会议 · 会议进行中/ }).waitFor();

  // The wall pairs with a one-time code from the console (its QR link holds the code, no token).
  await consolePage.getByRole('button', { name: '大屏配对码' }).click();
  const wallUrl = await consolePage.getByRole('link', { name: '在本机打开大屏' }).getAttribute('href');
  const wall = await stage.newPage(WALL_VIEWPORT);
  await wall.goto(wallUrl!);
  await wall.getByRole('heading', { name: meeting.title }).waitFor();
  return { meetingId, delegates, seatIds, staff, tablet, consolePage, wall };
}
