/**
 * A hall of N delegates for the benchmark, set up over the documented API only: staff login,
 * meeting creation, pairing every seat over HTTP, one websocket per tablet, sign-in, session.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { BENCH_STAFF_PASSWORD } from './servers';

/** Guards against a hang; not a measurement. */
const ACK_WAIT_MS = 60_000;

type Ack = { ok: true; [key: string]: unknown } | { ok: false; code: string; message: string };

async function http<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const reply = (await res.json()) as T & { ok?: boolean };
  if (!res.ok || reply.ok === false) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}

export async function emitOk(socket: Socket, event: string, payload?: unknown): Promise<Ack & { ok: true }> {
  const timed = socket.timeout(ACK_WAIT_MS);
  const ack = (await (payload === undefined ? timed.emitWithAck(event) : timed.emitWithAck(event, payload))) as Ack;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.message}`);
  return ack;
}

function connect(baseUrl: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], auth, reconnection: false, forceNew: true, timeout: ACK_WAIT_MS });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Runs `task` over `items` with at most `limit` at a time (pairing 1000 tablets at once is not a hall). */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) results.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  return results;
}

export interface Tablet {
  seatId: string;
  socket: Socket;
}

export interface BenchHall {
  meetingId: string;
  presidium: Socket;
  tablets: Tablet[];
  close(): void;
}

export async function openHall(baseUrl: string, delegates: number): Promise<BenchHall> {
  const login = (role: string) =>
    http<{ token: string }>(baseUrl, 'POST', '/api/auth/staff', { role, name: `bench-${role}`, password: BENCH_STAFF_PASSWORD });
  const secretariat = (await login('secretariat')).token;
  const presidiumToken = (await login('presidium')).token;
  const width = String(delegates).length;
  const { meetingId } = await http<{ meetingId: string }>(
    baseUrl,
    'POST',
    '/api/meetings',
    {
      body: { name: '基准测试县人民代表大会', kind: 'congress' },
      title: `基准测试 ${delegates} 名代表`,
      delegates: Array.from({ length: delegates }, (_, i) => ({
        seatId: `s${String(i + 1).padStart(width, '0')}`,
        seatNo: `${Math.floor(i / 20) + 1}排${(i % 20) + 1}座`,
        name: `代表${i + 1}`,
        group: `第${Math.floor(i / 20) + 1}组`,
      })),
      presidium: ['主席'],
      agenda: [{ itemId: 'bench', title: '基准测试表决', kind: 'vote' }],
    },
    secretariat,
  );
  const { codes } = await http<{ codes: { seatId: string; code: string }[] }>(
    baseUrl,
    'POST',
    `/api/meetings/${meetingId}/pairing-codes`,
    {},
    secretariat,
  );
  const tablets = await inBatches(codes, 50, async ({ seatId, code }) => {
    const paired = await http<{ token: string }>(baseUrl, 'POST', '/api/pair', { code, deviceId: `bench-${randomUUID()}` });
    const socket = await connect(baseUrl, { token: paired.token });
    await emitOk(socket, 'delegate:signIn');
    return { seatId, socket };
  });
  const presidium = await connect(baseUrl, { token: presidiumToken, meetingId });
  await emitOk(presidium, 'presidium:openSession');
  await emitOk(presidium, 'presidium:startItem', { itemId: 'bench' });
  return {
    meetingId,
    presidium,
    tablets,
    close() {
      for (const s of [presidium, ...tablets.map((t) => t.socket)]) s.close();
    },
  };
}
