// REDIS_URL in both forms (server/store/redis/redis-url.ts), and the WAITAOF version check.
import { describe, expect, it } from 'vitest';
import { supportsWaitAof } from '../../server/store/redis/connection';
import { describeTarget, parseRedisUrl, RedisUrlError } from '../../server/store/redis/redis-url';

describe('REDIS_URL', () => {
  it('reads a Sentinel URL: Sentinels, master name, credentials, and acks that wait for one replica by default', () => {
    const target = parseRedisUrl('redis-sentinel://default:s%40cret@sentinel-1:26379,sentinel-2:26379,[::1]:26380/biaojue');
    expect(target).toEqual({
      kind: 'sentinel',
      masterName: 'biaojue',
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      username: 'default',
      password: 's@cret',
      ack: { replicas: 1, timeoutMs: 1000 },
    });
    expect(describeTarget(target)).not.toContain('s@cret');
  });

  it('takes the ack settings from the query, on either form', () => {
    expect(parseRedisUrl('redis-sentinel://h:1/m?ackReplicas=2&ackTimeoutMs=250').ack).toEqual({ replicas: 2, timeoutMs: 250 });
    expect(parseRedisUrl('redis-sentinel://h:1/m?ackReplicas=0').ack).toEqual({ replicas: 0, timeoutMs: 1000 });
    const server = parseRedisUrl('redis://default:pw@10.0.0.5:6379/0?ackReplicas=1&ackTimeoutMs=800');
    expect(server).toEqual({ kind: 'server', url: 'redis://default:pw@10.0.0.5:6379/0', ack: { replicas: 1, timeoutMs: 800 } });
    expect(describeTarget(server)).toBe('redis://10.0.0.5:6379');
  });

  it('keeps a plain redis:// URL as it was: one server, no replica to wait for', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ kind: 'server', url: 'redis://127.0.0.1:6380', ack: { replicas: 0, timeoutMs: 1000 } });
  });

  it('refuses malformed URLs without echoing the password', () => {
    for (const bad of [
      'redis-sentinel://user:topsecret@h:1',
      'redis-sentinel://user:topsecret@/m',
      'redis-sentinel://user:topsecret@h/m',
      'redis-sentinel://user:topsecret@h:99999/m',
      'redis-sentinel://h:1/m?ackReplicas=-1',
      'redis-sentinel://h:1/m?ackTimeoutMs=0',
      'redis-sentinel://h:1/m?ackReplicas=one',
      'http://user:topsecret@h:1',
      'not a url',
    ]) {
      let error: unknown = null;
      try {
        parseRedisUrl(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(RedisUrlError);
      expect((error as Error).message, bad).not.toContain('topsecret');
    }
  });

  it('uses WAITAOF from Redis 7.2 on', () => {
    expect(supportsWaitAof('7.0.15')).toBe(false);
    expect(supportsWaitAof('6.2.14')).toBe(false);
    expect(supportsWaitAof('7.2.4')).toBe(true);
    expect(supportsWaitAof('8.0.1')).toBe(true);
  });
});
