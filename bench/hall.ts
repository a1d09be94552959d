/**
 * The staff side of a benchmark hall, over the documented API only: staff login, a meeting of N
 * delegates, its pairing codes, the presidium's console socket and one wall socket. The tablets
 * live in worker processes (bench/tablet-worker.ts).
 */
import type { Socket } from 'socket.io-client';
import { connect, onPacket } from './client';
import { BENCH_STAFF_PASSWORD } from './servers';
import type { MeetingSpecInput } from '../shared/protocol/meeting';

async function http<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const reply = (await res.json()) as T & { ok?: boolean };
  if (!res.ok || reply.ok === false) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}

/** Counts socket.io packets and bytes one client receives (same measure as the tablet workers). */
export class PacketCounter {
  messages = 0;
  bytes = 0;
  acks = 0;

  constructor(socket: Socket) {
    onPacket(socket, (size, ack) => {
      this.messages++;
      this.bytes += size;
      if (ack) this.acks++;
    });
  }

  reset(): void {
    this.messages = 0;
    this.bytes = 0;
    this.acks = 0;
  }
}

/**
 * Staff log in with their own accounts: the administrator ("admin", ADMIN_PASSWORD of the bench
 * servers) makes `bench-<role>` once (a "presidium" bench account is a chair), then it logs in.
 */
async function staffToken(baseUrl: string, role: 'secretariat' | 'presidium'): Promise<string> {
  const login = `bench-${role}`;
  const admin = await http<{ token: string }>(baseUrl, 'POST', '/api/auth/staff', { login: 'admin', password: BENCH_STAFF_PASSWORD });
  const account = { login, displayName: login, roles: role === 'secretariat' ? ['secretariat'] : ['chair'], allMeetings: true, password: BENCH_STAFF_PASSWORD };
  await http(baseUrl, 'POST', '/api/accounts', account, admin.token).catch((err: Error) => {
    if (!err.message.includes('409')) throw err; // made by an earlier run or another worker
  });
  return (await http<{ token: string }>(baseUrl, 'POST', '/api/auth/staff', { login, password: BENCH_STAFF_PASSWORD })).token;
}

export interface StaffHall {
  meetingId: string;
  codes: { seatId: string; code: string }[];
  presidium: Socket;
  wall: Socket;
  /** Packets to the console and the wall (the tablets are counted in their workers). */
  counters: PacketCounter[];
  /** The console's alone (among `counters`). */
  consoleCounter: PacketCounter;
  close(): void;
}

/** A benchmark hall of `delegates` seats, thirty to a row and a group, with one item to vote on. */
export function benchMeetingSpec(delegates: number, title: string): MeetingSpecInput {
  const width = String(delegates).length;
  return {
    body: { name: '基准测试县人民代表大会', kind: 'congress' },
    title,
    delegates: Array.from({ length: delegates }, (_, i) => ({
      seatId: `s${String(i + 1).padStart(width, '0')}`,
      seatNo: `${Math.floor(i / 30) + 1}排${(i % 30) + 1}座`,
      name: `代表${i + 1}`,
      group: `第${Math.floor(i / 30) + 1}组`,
    })),
    presidium: ['主席'],
    agenda: [{ itemId: 'bench', title: '基准测试表决', kind: 'vote' }],
  };
}

/** Creates the meeting and its codes on `consoleUrl`; the wall watches from `wallUrl` (another node in a cluster). */
export async function prepareHall(consoleUrl: string, wallUrl: string, delegates: number, hallNo = 1): Promise<StaffHall> {
  const secretariat = await staffToken(consoleUrl, 'secretariat');
  const presidiumToken = await staffToken(consoleUrl, 'presidium');
  const { meetingId } = await http<{ meetingId: string }>(consoleUrl, 'POST', '/api/meetings', benchMeetingSpec(delegates, `基准测试第${hallNo}会场 ${delegates} 名代表`), secretariat);
  const { codes } = await http<{ codes: { seatId: string; code: string }[] }>(
    consoleUrl,
    'POST',
    `/api/meetings/${meetingId}/pairing-codes`,
    {},
    secretariat,
  );
  const presidium = await connect(consoleUrl, { token: presidiumToken, meetingId });
  const wallLink = await http<{ token: string }>(wallUrl, 'GET', `/api/meetings/${meetingId}/wall-link`, undefined, secretariat);
  const wall = await connect(wallUrl, { token: wallLink.token });
  const consoleCounter = new PacketCounter(presidium);
  const counters = [consoleCounter, new PacketCounter(wall)];
  return {
    meetingId,
    codes,
    presidium,
    wall,
    counters,
    consoleCounter,
    close() {
      presidium.close();
      wall.close();
    },
  };
}

/** A new console socket of the hall's presidium (after a restart: the server it had is gone). */
export async function reconnectPresidium(consoleUrl: string, meetingId: string): Promise<Socket> {
  return connect(consoleUrl, { token: await staffToken(consoleUrl, 'presidium'), meetingId });
}

/** Resolves when the wall shows the published result of `ballotId`. */
export function wallShowsResult(wall: Socket, ballotId: string): Promise<void> {
  return new Promise((resolve) => {
    const onView = (view: { ballot?: { ballotId?: string; result?: unknown } | null }) => {
      if (view.ballot?.ballotId === ballotId && view.ballot.result) {
        wall.off('meeting:view', onView);
        resolve();
      }
    };
    wall.on('meeting:view', onView);
  });
}
