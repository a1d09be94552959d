// docs/PROTOCOL.md §10, the worked example, run line by line against the real server (HTTP and
// Socket.IO over real sockets, the file journal): every message the page shows must be what a
// client sends and sees. The notation is explained on the page; this file only executes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_SCHEMAS, ErrorAckSchema, SERVER_EVENT_SCHEMAS } from '../../shared/protocol/acks';
import { BallotResultSchema } from '../../shared/protocol/results';
import { HttpClient } from '../support/http-client';
import { openSocket } from '../support/sockets';
import { startTestServer, type TestServer } from '../support/test-server';

/** Guards against a hang while waiting for a push; never an assertion about speed. */
const WAIT_MS = 15_000;
const ANY = '…';

type Bindings = Map<string, unknown>;

interface Step {
  line: string;
  actor: string;
  arrow: '→' | '←';
  rest: string;
}

/** The ```text block of §10, one step per message (indented lines continue the previous one). */
function workedExampleSteps(page: string): Step[] {
  const start = page.indexOf('## 10. Worked example');
  const section = page.slice(start, page.indexOf('\n## ', start + 1));
  const block = /```text\n([\s\S]*?)```/.exec(section)?.[1];
  if (start < 0 || !block) throw new Error('docs/PROTOCOL.md has no §10 worked example block');
  const joined: string[] = [];
  for (const raw of block.split('\n')) {
    if (/^\s/.test(raw) && raw.trim() && joined.length > 0) joined[joined.length - 1] += ' ' + raw.trim();
    else joined.push(raw);
  }
  return joined
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\S+) (→|←) (.+)$/.exec(line);
      if (!match) throw new Error(`cannot read the example line: ${line}`);
      return { line, actor: match[1] ?? '', arrow: match[2] as '→' | '←', rest: match[3] ?? '' };
    });
}

/** `expected` against `actual`: objects by the fields shown, "…" any value, "$X" bound once. */
function matches(expected: unknown, actual: unknown, bindings: Bindings): Bindings | null {
  if (expected === ANY) return actual === undefined ? null : bindings;
  if (typeof expected === 'string' && expected.startsWith('$')) {
    if (bindings.has(expected)) return JSON.stringify(bindings.get(expected)) === JSON.stringify(actual) ? bindings : null;
    return actual === undefined ? null : new Map(bindings).set(expected, actual);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return null;
    const open = expected[expected.length - 1] === ANY;
    const shown = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < shown.length : actual.length !== shown.length) return null;
    let next: Bindings | null = bindings;
    shown.forEach((item, i) => (next = next && matches(item, actual[i], next)));
    return next;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return null;
    let next: Bindings | null = bindings;
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key)) return null;
      next = next && matches(value, (actual as Record<string, unknown>)[key], next);
    }
    return next;
  }
  return Object.is(expected, actual) ? bindings : null;
}

/** A request as sent: every "$X" replaced by its bound value. */
function substitute(value: unknown, bindings: Bindings): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    if (!bindings.has(value)) throw new Error(`${value} is used before the example shows where it comes from`);
    return bindings.get(value);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bindings));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bindings)]));
  }
  return value;
}

function parseJson(text: string, line: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the example's JSON does not parse: ${line}`);
  }
}

/** Each socket's pushes in arrival order, and how far the example has read them. */
class Inbox {
  readonly messages: { event: string; payload: unknown }[] = [];
  private read = new Map<string, number>();
  private wake: (() => void) | null = null;

  attach(socket: Socket): void {
    socket.onAny((event: string, payload: unknown) => {
      this.messages.push({ event, payload });
      this.wake?.();
    });
  }

  /** The first push of `event` after the last one read that matches; waits for it to arrive. */
  async next(event: string, expected: unknown, bindings: Bindings, line: string): Promise<{ payload: unknown; bindings: Bindings }> {
    const deadline = Date.now() + WAIT_MS;
    for (let from = this.read.get(event) ?? 0; ; ) {
      for (let i = from; i < this.messages.length; i++) {
        const message = this.messages[i];
        if (message?.event !== event) continue;
        const bound = matches(expected, message.payload, bindings);
        if (bound) {
          this.read.set(event, i + 1);
          return { payload: message.payload, bindings: bound };
        }
      }
      from = this.messages.length;
      const left = deadline - Date.now();
      const seen = this.messages.filter((m) => m.event === event).map((m) => JSON.stringify(m.payload).slice(0, 400));
      if (left <= 0) throw new Error(`never received: ${line}\nreceived ${event}:\n${seen.slice(-3).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => (clearTimeout(timer), resolve());
      });
    }
  }
}

interface Actor {
  lastHttp?: { status: number; body: unknown };
  lastAck?: { event: string; answer: unknown };
  socket?: Socket;
  inbox: Inbox;
}

/** Every published or pending result that passes by must fit its published schema (§11.5). */
function checkResults(payload: unknown): void {
  const view = payload as { ballot?: { result?: unknown } | null; ballots?: { result?: unknown; pendingResult?: unknown }[] };
  const results = [view.ballot?.result, ...(view.ballots ?? []).flatMap((b) => [b.result, b.pendingResult])];
  for (const result of results) if (result) BallotResultSchema.parse(result);
}

let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

describe('docs/PROTOCOL.md §10 worked example, against the real server', () => {
  it('every request is accepted and every shown message arrives as shown', async () => {
    const steps = workedExampleSteps(readFileSync(path.resolve(import.meta.dirname, '../../docs/PROTOCOL.md'), 'utf8'));
    expect(steps.length).toBeGreaterThan(40);
    const http = new HttpClient(server.baseUrl);
    let bindings: Bindings = new Map<string, unknown>([
      ['$S', await http.staffToken('secretariat')],
      ['$P', await http.staffToken('presidium')],
    ]);
    const actors = new Map<string, Actor>();
    const actorOf = (name: string): Actor => {
      let actor = actors.get(name);
      if (!actor) actors.set(name, (actor = { inbox: new Inbox() }));
      return actor;
    };

    for (const step of steps) {
      const actor = actorOf(step.actor);
      const request = /^(GET|POST|PUT|PATCH|DELETE) (\S+)(?: \(Bearer (\$\w+)\))?(?: (.+))?$/.exec(step.rest);
      const answer = /^(\d{3}) (.+)$/.exec(step.rest);
      const [name = '', json = ''] = step.rest.split(/ (.*)/s);

      if (step.arrow === '→' && request) {
        const [, method = '', rawPath = '', token, body] = request;
        const url = rawPath.replace(/\$\w+/g, (v) => String(substitute(v, bindings)));
        const payload = body === undefined ? undefined : substitute(parseJson(body, step.line), bindings);
        actor.lastHttp = await http.request(method, url, payload, token ? String(substitute(token, bindings)) : undefined);
      } else if (step.arrow === '←' && answer) {
        const [, status = '', body = ''] = answer;
        expect(actor.lastHttp, `no request before: ${step.line}`).toBeDefined();
        expect({ line: step.line, status: actor.lastHttp?.status }).toEqual({ line: step.line, status: Number(status) });
        if (Number(status) >= 400) ErrorAckSchema.parse(actor.lastHttp?.body);
        const bound = matches(parseJson(body, step.line), actor.lastHttp?.body, bindings);
        if (!bound) throw new Error(`got ${JSON.stringify(actor.lastHttp?.body)}\nfor: ${step.line}`);
        bindings = bound;
      } else if (step.arrow === '→' && name === 'connect') {
        const auth = substitute(parseJson(json, step.line), bindings) as Record<string, unknown>;
        const socket = openSocket(server.baseUrl, auth);
        sockets.push(socket);
        actor.inbox.attach(socket);
        actor.socket = await new Promise<Socket>((resolve, reject) => {
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', (err: Error & { data?: unknown }) => reject(new Error(`${step.line}: refused ${JSON.stringify(err.data)}`)));
        });
      } else if (step.arrow === '→') {
        expect(actor.socket, `${step.actor} has no socket: ${step.line}`).toBeDefined();
        const payload = substitute(parseJson(json, step.line), bindings);
        const reply: unknown = await actor.socket?.timeout(WAIT_MS).emitWithAck(name, payload);
        actor.lastAck = { event: name, answer: reply };
      } else if (name === 'ack') {
        const reply = actor.lastAck;
        expect(reply, `no event before: ${step.line}`).toBeDefined();
        const ok = (reply?.answer as { ok?: unknown }).ok === true;
        const schema = ok ? (ACK_SCHEMAS as Record<string, { parse(v: unknown): unknown }>)[reply?.event ?? ''] : ErrorAckSchema;
        expect(schema, `no ack schema for ${reply?.event}`).toBeDefined();
        schema?.parse(reply?.answer);
        const bound = matches(parseJson(json, step.line), reply?.answer, bindings);
        if (!bound) throw new Error(`got ${JSON.stringify(reply?.answer)}\nfor: ${step.line}`);
        bindings = bound;
      } else {
        const pushed = await actor.inbox.next(name, parseJson(json, step.line), bindings, step.line);
        const schema = (SERVER_EVENT_SCHEMAS as Record<string, { parse(v: unknown): unknown }>)[name];
        expect(schema, `${name} is not a documented push`).toBeDefined();
        schema?.parse(pushed.payload);
        if (name === 'meeting:view') checkResults(pushed.payload);
        bindings = pushed.bindings;
      }
    }

    // Every push any client received, shown on the page or not, fits its published schema (§11.3, §11.6).
    for (const [name, actor] of actors) {
      for (const { event, payload } of actor.inbox.messages) {
        const schema = (SERVER_EVENT_SCHEMAS as Record<string, { safeParse(v: unknown): { success: boolean; error?: unknown } }>)[event];
        const parsed = schema?.safeParse(payload);
        if (!parsed?.success) throw new Error(`${name} received ${event} that fits no published schema: ${String(parsed?.error ?? 'unknown event')}`);
      }
    }
  });
});
