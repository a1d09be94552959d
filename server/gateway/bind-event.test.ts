import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import type { MeetingService } from '../meeting-service';
import type { Principal } from '../auth';
import { ServiceError } from '../service/service-error';
import { eventBinding, REPLYING, type Ack, type BindDeps, type EventHandlers, type EventReply } from './bind-event';
import type { GatewaySocket } from './connection';
import type { EventRate } from './event-rate';

type Middleware = (packet: unknown[]) => void;

/** A connection as the binding sees it: its data and its one middleware. */
function connection(principal: Principal): { socket: GatewaySocket; send: Middleware } {
  let middleware: Middleware | null = null;
  const socket = {
    id: `socket-${principal.role}`,
    data: { principal, meetingId: 'm1', room: 'r', deviceCheckedAt: -1 },
    use: (fn: Middleware) => (middleware = fn),
  } as unknown as GatewaySocket;
  return { socket, send: (packet) => middleware?.(packet) };
}

const deps: BindDeps = {
  service: { seatMapGeneration: () => 1, isCurrentDeviceCached: () => true } as unknown as MeetingService,
  logger: silentLogger,
  eventRate: { newWindow: () => ({}), admitted: (_socket: unknown, _window: unknown, packet: unknown[]) => packet[0] } as unknown as EventRate,
};
const handlers = { 'clock:sync': async () => ({ ok: true, now: 1 }) } as unknown as EventHandlers;

const tablet: Principal = { role: 'delegate', meetingId: 'm1', seatId: 's1', deviceId: 'd1' };
const wall: Principal = { role: 'wall', meetingId: 'm1' };
const promiseSteps = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A binding with one connection of `principal`, which has sent one `clock:sync`; its answers so far. */
function oneEventFrom(principal: Principal): { binding: ReturnType<typeof eventBinding>; answers: Ack[] } {
  const binding = eventBinding(handlers, deps);
  const { socket, send } = connection(principal);
  binding.bind(socket);
  const answers: Ack[] = [];
  send(['clock:sync', {}, (answer: Ack) => answers.push(answer)]);
  return { binding, answers };
}

describe('eventBinding', () => {
  it("answers a tablet's event at the end of the turn, with the others read in it", async () => {
    const { answers } = oneEventFrom(tablet);
    await promiseSteps();
    expect(answers).toEqual([]);
    await turnEnd();
    await promiseSteps();
    expect(answers).toEqual([{ ok: true, now: 1 }]);
  });

  it("answers a console's or a wall's event at once, without waiting for the turn's end", async () => {
    const { answers } = oneEventFrom(wall);
    await promiseSteps();
    expect(answers).toEqual([{ ok: true, now: 1 }]);
  });

  it("answers a tablet's waiting events when the gateway closes", async () => {
    const { binding, answers } = oneEventFrom(tablet);
    binding.close();
    await promiseSteps();
    expect(answers).toEqual([{ ok: true, now: 1 }]);
  });

  describe('a handler that answers through its reply (the vote path)', () => {
    /** A wall's `clock:sync` handled by `reply`-taking code; its answers (acks) so far. */
    function replying(handle: (reply: EventReply<'clock:sync'>) => void): Ack[] {
      const handlersReplying = {
        'clock:sync': (_socket: GatewaySocket, _payload: unknown, _actor: unknown, reply: EventReply<'clock:sync'>) => {
          handle(reply);
          return REPLYING;
        },
      } as unknown as EventHandlers;
      const binding = eventBinding(handlersReplying, deps);
      const { socket, send } = connection(wall);
      binding.bind(socket);
      const answers: Ack[] = [];
      send(['clock:sync', {}, (answer: Ack) => answers.push(answer)]);
      return answers;
    }

    it('acks what the reply is given, when it is given, once', async () => {
      let later: EventReply<'clock:sync'> | null = null;
      const answers = replying((reply) => (later = reply));
      await promiseSteps();
      expect(answers).toEqual([]);
      later!.answered({ ok: true, serverTime: 7 });
      expect(answers).toEqual([{ ok: true, serverTime: 7 }]);
    });

    it('answers a failure as a rejection is answered: a service refusal as such, a bug as INTERNAL', async () => {
      const refused = replying((reply) => queueMicrotask(() => reply.failed(new ServiceError('STORE_UNAVAILABLE', 'down', {}))));
      const bug = replying((reply) => queueMicrotask(() => reply.failed(new Error('a bug'))));
      await promiseSteps();
      expect(refused).toEqual([expect.objectContaining({ ok: false, code: 'STORE_UNAVAILABLE' })]);
      expect(bug).toEqual([{ ok: false, code: 'INTERNAL', message: 'internal error' }]);
    });

    it('answers a throw as INTERNAL, once, even from a handler that replied before it threw', async () => {
      const threw = replying(() => {
        throw new Error('a bug before replying');
      });
      let observed = 0;
      const answers: Ack[] = [];
      const binding = eventBinding(
        {
          'clock:sync': (_socket: GatewaySocket, _payload: unknown, _actor: unknown, reply: EventReply<'clock:sync'>) => {
            reply.answered({ ok: true, serverTime: 1 });
            throw new Error('a bug after replying');
          },
        } as unknown as EventHandlers,
        { ...deps, answered: () => observed++ },
      );
      const { socket, send } = connection(wall);
      binding.bind(socket);
      send(['clock:sync', {}, (answer: Ack) => answers.push(answer)]);
      await promiseSteps();
      expect(threw).toEqual([{ ok: false, code: 'INTERNAL', message: 'internal error' }]);
      expect(answers).toEqual([{ ok: true, serverTime: 1 }]);
      expect(observed).toBe(1);
    });
  });
});
