import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-content';

describe('DocumentCache', () => {
  it('300 tablets opening one document at once cost one read of the log', async () => {
    const cache = new DocumentCache();
    let reads = 0;
    const read = async () => {
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
      return Buffer.from('%PDF-1.4');
    };
    const all = await Promise.all(Array.from({ length: 300 }, () => cache.load('m', 'doc-1', read)));
    expect(reads).toBe(1);
    expect(all.every((b) => b?.toString() === '%PDF-1.4')).toBe(true);
    await cache.load('m', 'doc-1', read);
    expect(reads).toBe(1);
  });

  it('keeps at most its byte limit, dropping the least recently used first', () => {
    const cache = new DocumentCache(10);
    cache.set('m', 'a', Buffer.alloc(4));
    cache.set('m', 'b', Buffer.alloc(4));
    cache.get('m', 'a'); // a is now the most recent
    cache.set('m', 'c', Buffer.alloc(4)); // 12 > 10: b goes
    expect(cache.get('m', 'b')).toBeUndefined();
    expect(cache.get('m', 'a')).toBeDefined();
    expect(cache.get('m', 'c')).toBeDefined();
    cache.set('m', 'huge', Buffer.alloc(11));
    expect(cache.get('m', 'huge')).toBeUndefined();
  });

  it('a missing document is not cached, so a later read tries again', async () => {
    const cache = new DocumentCache();
    expect(await cache.load('m', 'x', async () => null)).toBeNull();
    expect(await cache.load('m', 'x', async () => Buffer.from('t'))).toEqual(Buffer.from('t'));
  });
});
