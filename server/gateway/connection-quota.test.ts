import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import type { GatewaySocket } from './connection';
import { ConnectionQuota } from './connection-quota';
import { DEFAULT_GATEWAY_LIMITS } from './limits';

/** A tablet's connection as the quota sees it: its principal, token and engine connection. */
class FakeTablet {
  readonly conn = { closed: false, close: () => (this.conn.closed = true) };
  connected = true;
  disconnected = false;
  readonly data;
  readonly handshake;

  constructor(
    readonly id: string,
    seatId: string,
    token: string,
  ) {
    this.data = { meetingId: 'm1', principal: { role: 'delegate', meetingId: 'm1', seatId, deviceId: `d-${id}` } };
    this.handshake = { auth: { token } };
  }

  disconnect(): void {
    this.disconnected = true;
    this.connected = false;
  }

  get socket(): GatewaySocket {
    return this as unknown as GatewaySocket;
  }
}

function admitted(quota: ConnectionQuota, tablet: FakeTablet): Promise<boolean> {
  return new Promise((resolve) => quota.middleware()(tablet.socket, (err) => resolve(err === undefined)));
}

describe('ConnectionQuota', () => {
  const limits = { ...DEFAULT_GATEWAY_LIMITS, perSeat: 2, perDelegateToken: 10, takeoversPerMinute: 10 };

  it('lets a seat hold its limit, then replaces the oldest connection, never a newer one', async () => {
    const quota = new ConnectionQuota(limits, silentLogger);
    const [first, second, third, fourth] = ['a', 'b', 'c', 'd'].map((id) => new FakeTablet(id, 's1', `t-${id}`));
    expect(await admitted(quota, first!)).toBe(true);
    expect(await admitted(quota, second!)).toBe(true);
    expect([first!.disconnected, second!.disconnected]).toEqual([false, false]);

    expect(await admitted(quota, third!)).toBe(true);
    expect([first!.disconnected, second!.disconnected, third!.disconnected]).toEqual([true, false, false]);
    expect(quota.held('seat:m1:s1')).toBe(2);

    expect(await admitted(quota, fourth!)).toBe(true);
    expect([second!.disconnected, third!.disconnected, fourth!.disconnected]).toEqual([true, false, false]);
    expect(quota.held('seat:m1:s1')).toBe(2);
  });

  it('frees what a connection held when it ends, so the next one takes its place without a takeover', async () => {
    const quota = new ConnectionQuota({ ...limits, takeoversPerMinute: 1 }, silentLogger);
    const [first, second, third] = ['a', 'b', 'c'].map((id) => new FakeTablet(id, 's1', `t-${id}`));
    expect(await admitted(quota, first!)).toBe(true);
    expect(await admitted(quota, second!)).toBe(true);

    quota.release(first!.socket);
    expect(quota.held('seat:m1:s1')).toBe(1);
    // Released twice (its 'disconnect' and a takeover, say): nothing more is freed.
    quota.release(first!.socket);
    expect(quota.held('seat:m1:s1')).toBe(1);

    expect(await admitted(quota, third!)).toBe(true);
    expect([second!.disconnected, third!.disconnected]).toEqual([false, false]);
    expect(quota.held('seat:m1:s1')).toBe(2);

    quota.release(second!.socket);
    quota.release(third!.socket);
    expect(quota.held('seat:m1:s1')).toBe(0);
  });

  it('frees the keys of a socket whose engine closed before Socket.IO connected it (it gets no disconnect)', async () => {
    const quota = new ConnectionQuota(limits, silentLogger);
    const [gone, staying] = ['a', 'b'].map((id) => new FakeTablet(id, `s-${id}`, `t-${id}`));
    gone!.connected = false; // Socket.IO dropped it on the tick after the middleware
    expect(await admitted(quota, gone!)).toBe(true);
    expect(await admitted(quota, staying!)).toBe(true);
    expect([quota.held('seat:m1:s-a'), quota.held('seat:m1:s-b')]).toEqual([1, 1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect([quota.held('seat:m1:s-a'), quota.held('seat:m1:s-b')]).toEqual([0, 1]);
  });

  it('counts each seat and each token apart', async () => {
    const quota = new ConnectionQuota(limits, silentLogger);
    const tablets = ['s1', 's2', 's3'].map((seatId) => new FakeTablet(seatId, seatId, `t-${seatId}`));
    for (const tablet of tablets) expect(await admitted(quota, tablet)).toBe(true);
    expect(tablets.map((t) => t.disconnected)).toEqual([false, false, false]);
    expect(['s1', 's2', 's3'].map((seatId) => quota.held(`seat:m1:${seatId}`))).toEqual([1, 1, 1]);
  });
});
