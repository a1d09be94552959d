import { describe, expect, it } from 'vitest';
import { registerVerdict } from './register-rule';

describe('registerVerdict: one vote per seat (R2)', () => {
  const earlier = { idempotencyKey: 'key-1' };
  const plain = { keyUsedBefore: false, replaceable: false };

  it('lets a seat with no entry vote', () => {
    expect(registerVerdict(undefined, 'key-1', plain)).toBe('new');
    expect(registerVerdict(undefined, 'key-1', { keyUsedBefore: false, replaceable: true })).toBe('new');
  });

  it('answers the same key with the paper on record, on any ballot', () => {
    expect(registerVerdict(earlier, 'key-1', plain)).toBe('retry');
    expect(registerVerdict(earlier, 'key-1', { keyUsedBefore: false, replaceable: true })).toBe('retry');
  });

  it('refuses another key (ALREADY_VOTED) unless the ballot takes a later paper (last_counts)', () => {
    expect(registerVerdict(earlier, 'key-2', plain)).toBe('voted');
    expect(registerVerdict(earlier, 'key-2', { keyUsedBefore: false, replaceable: true })).toBe('replace');
  });

  it('answers a late retry of a replaced paper (key 1 after key 2 replaced it) with the entry on record', () => {
    const current = { idempotencyKey: 'key-2' };
    expect(registerVerdict(current, 'key-1', { keyUsedBefore: true, replaceable: true })).toBe('retry');
  });
});
