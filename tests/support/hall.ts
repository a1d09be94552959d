import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { ConsoleView, DelegateView, PublicView } from '../../shared/domain/views';
import type { MeetingSpecInput } from '../../shared/protocol/meeting';
import { HttpClient } from './http-client';
import { connect, emitOk, ViewLog } from './sockets';

/** A congress roster of `count` seats s01…, ten to a group, with two vote items. */
export function congressSpec(count: number, title = '测试镇第一届人民代表大会第一次会议'): MeetingSpecInput {
  return {
    body: { name: '测试镇人民代表大会', kind: 'congress' },
    title,
    delegates: Array.from({ length: count }, (_, i) => ({
      seatId: `s${String(i + 1).padStart(2, '0')}`,
      seatNo: `${Math.floor(i / 10) + 1}排${(i % 10) + 1}座`,
      name: `代表${i + 1}`,
      group: `第${Math.floor(i / 10) + 1}组`,
    })),
    presidium: ['主席甲', '主席乙', '主席丙'],
    agenda: [
      { itemId: 'item-1', title: '关于年度预算的决议', kind: 'vote' },
      { itemId: 'item-2', title: '关于民生实事项目的决定', kind: 'vote' },
    ],
  };
}

export interface Tablet {
  seatId: string;
  deviceId: string;
  token: string;
  socket: Socket;
  views: ViewLog<DelegateView>;
}

export interface Hall {
  http: HttpClient;
  meetingId: string;
  secretariatToken: string;
  presidiumToken: string;
  presidium: Socket;
  console: ViewLog<ConsoleView>;
  wall: Socket;
  wallView: ViewLog<PublicView>;
  tablets: Tablet[];
  closeSockets(): void;
}

export function newDeviceId(): string {
  return `dev-${randomUUID()}`;
}

/** Pairs every seat over HTTP with a fresh code and device, as tablets scanning their cards would. */
export async function pairAll(http: HttpClient, secretariatToken: string, meetingId: string) {
  const codes = await http.issueCodes(secretariatToken, meetingId);
  return Promise.all(
    [...codes].map(async ([seatId, code]) => {
      const deviceId = newDeviceId();
      const reply = await http.pair(code, deviceId);
      if (!reply.body.ok) throw new Error(`pairing ${seatId} failed: ${JSON.stringify(reply.body)}`);
      return { seatId, deviceId, token: reply.body.token };
    }),
  );
}

export async function connectTablet(baseUrl: string, paired: { seatId: string; deviceId: string; token: string }): Promise<Tablet> {
  const views = new ViewLog<DelegateView>();
  const socket = await connect(baseUrl, { token: paired.token }, views);
  return { ...paired, socket, views };
}

/**
 * A created meeting with every seat paired and connected, a presidium console and a wall.
 * `meeting` is a delegate count (a plain congress, congressSpec) or a whole meeting spec.
 */
export async function openHall(baseUrl: string, meeting: number | MeetingSpecInput): Promise<Hall> {
  const http = new HttpClient(baseUrl);
  const secretariatToken = await http.staffToken('secretariat');
  const presidiumToken = await http.staffToken('presidium');
  const spec = typeof meeting === 'number' ? congressSpec(meeting) : meeting;
  const meetingId = await http.createMeeting(secretariatToken, spec);
  const paired = await pairAll(http, secretariatToken, meetingId);
  const tablets = await Promise.all(paired.map((p) => connectTablet(baseUrl, p)));

  const consoleViews = new ViewLog<ConsoleView>();
  const presidium = await connect(baseUrl, { token: presidiumToken, meetingId }, consoleViews);
  const link = await http.request<{ ok: boolean; token: string }>('GET', `/api/meetings/${meetingId}/wall-link`, undefined, presidiumToken);
  const wallView = new ViewLog<PublicView>();
  const wall = await connect(baseUrl, { token: link.body.token }, wallView);

  return {
    http,
    meetingId,
    secretariatToken,
    presidiumToken,
    presidium,
    console: consoleViews,
    wall,
    wallView,
    tablets,
    closeSockets() {
      for (const s of [presidium, wall, ...tablets.map((t) => t.socket)]) s.close();
    },
  };
}

/** Signs the given tablets in, opens the session and starts `itemId`. */
export async function startSitting(hall: Hall, tablets: Tablet[] = hall.tablets, itemId = 'item-1'): Promise<void> {
  await Promise.all(tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
  await emitOk(hall.presidium, 'presidium:openSession');
  await emitOk(hall.presidium, 'presidium:startItem', { itemId });
}

export const OPTIONS = ['yes', 'no', 'abstain'] as const;
export type Option = (typeof OPTIONS)[number];

export function randomOption(): Option {
  return OPTIONS[Math.floor(Math.random() * OPTIONS.length)] ?? 'yes';
}

export function tally(choices: Iterable<Option>): Record<Option, number> {
  const counts = { yes: 0, no: 0, abstain: 0 };
  for (const c of choices) counts[c]++;
  return counts;
}

/** Opens a ballot from the presidium console; returns its id. */
export async function openBallot(presidium: Socket, payload: Record<string, unknown>): Promise<string> {
  const ack = await emitOk(presidium, 'presidium:openBallot', payload);
  if (typeof ack.ballotId !== 'string') throw new Error('openBallot ack without ballotId');
  return ack.ballotId;
}
