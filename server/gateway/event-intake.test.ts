import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import type { GatewaySocket } from './connection';
import { EventIntake, INTAKE_SLICE, type ArrivedEvent } from './event-intake';

function socketOf(meetingId: string, id: string): GatewaySocket {
  return { id, data: { meetingId } } as unknown as GatewaySocket;
}

function arrived(socket: GatewaySocket, n: number): ArrivedEvent {
  return { socket, packet: ['ballot:cast', { n }, () => {}], name: 'ballot:cast', arrivedMs: 0 };
}

const turnEnd = () => new Promise<void>((resolve) => setImmediate(resolve));
const numberOf = (event: ArrivedEvent) => (event.packet[1] as { n: number }).n;

describe('EventIntake', () => {
  it('answers nothing while the turn reads, then every event of it in the order it arrived', async () => {
    const answered: number[] = [];
    const intake = new EventIntake((event) => answered.push(numberOf(event)), silentLogger);
    const a = socketOf('m1', 'a');
    const b = socketOf('m1', 'b');
    intake.add(arrived(a, 1));
    intake.add(arrived(b, 2));
    intake.add(arrived(a, 3));
    expect(answered).toEqual([]);
    await turnEnd();
    expect(answered).toEqual([1, 2, 3]);
  });

  it('answers a slice at once when it is full, so a long turn does not hold its first events', () => {
    const answered: number[] = [];
    const intake = new EventIntake((event) => answered.push(numberOf(event)), silentLogger);
    const socket = socketOf('m1', 'a');
    for (let n = 1; n < INTAKE_SLICE; n++) intake.add(arrived(socket, n));
    expect(answered).toEqual([]);
    intake.add(arrived(socket, INTAKE_SLICE));
    expect(answered).toHaveLength(INTAKE_SLICE);
    expect(answered).toEqual([...answered].sort((x, y) => x - y));
    intake.add(arrived(socket, INTAKE_SLICE + 1));
    expect(answered).toHaveLength(INTAKE_SLICE);
  });

  it("keeps each connection's events in order when several meetings share the turn", async () => {
    const answered: string[] = [];
    const intake = new EventIntake((event) => answered.push(`${event.socket.id}:${numberOf(event)}`), silentLogger);
    const a = socketOf('m1', 'a');
    const b = socketOf('m2', 'b');
    intake.add(arrived(a, 1));
    intake.add(arrived(b, 1));
    intake.add(arrived(a, 2));
    intake.add(arrived(b, 2));
    await turnEnd();
    expect(answered.filter((x) => x.startsWith('a:'))).toEqual(['a:1', 'a:2']);
    expect(answered.filter((x) => x.startsWith('b:'))).toEqual(['b:1', 'b:2']);
  });

  it('goes on with the rest of the turn when answering one event throws, and logs it', async () => {
    const answered: number[] = [];
    const logger = { ...silentLogger, error: vi.fn() };
    const intake = new EventIntake((event) => {
      if (numberOf(event) === 2) throw new Error('a bug');
      answered.push(numberOf(event));
    }, logger);
    const socket = socketOf('m1', 'a');
    for (const n of [1, 2, 3]) intake.add(arrived(socket, n));
    await turnEnd();
    expect(answered).toEqual([1, 3]);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('answers what is waiting when flushed (the gateway closing), and nothing twice', async () => {
    const answered: number[] = [];
    const intake = new EventIntake((event) => answered.push(numberOf(event)), silentLogger);
    intake.add(arrived(socketOf('m1', 'a'), 1));
    intake.flush();
    expect(answered).toEqual([1]);
    await turnEnd();
    expect(answered).toEqual([1]);
  });
});
