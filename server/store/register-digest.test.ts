import { describe, expect, it } from 'vitest';
import { EMPTY_REGISTER_DIGEST, registerDigest } from './register-digest';

const entry = (receiptId: string) => ({ receiptId });

describe('registerDigest', () => {
  it('is two XORs of 32-bit parts of the receipt ids, as signed integers (worked example)', () => {
    // 0x00000001 ^ 0x00000003 = 2; 0xffffffff ^ 0x0000000f = 0xfffffff0 = -16 as a signed 32-bit integer.
    const a = entry('00000001-aaaa-4bbb-8ccc-ffffffff0000');
    const b = entry('00000003-dddd-4eee-9fff-0000000f1111');
    expect(registerDigest([a])).toBe('1,-1');
    expect(registerDigest([a, b])).toBe('2,-16');
    expect(registerDigest([b, a])).toBe('2,-16');
  });

  it('takes an entry out as it put it in (a replaced paper), and an empty register is 0,0', () => {
    const a = entry('12345678-aaaa-4bbb-8ccc-9abcdef01234');
    const b = entry('fedcba98-aaaa-4bbb-8ccc-76543210abcd');
    expect(registerDigest([])).toBe(EMPTY_REGISTER_DIGEST);
    expect(registerDigest([a, b, a])).toBe(registerDigest([b]));
  });

  it('tells registers apart that differ in one receipt, and gives none when a receipt id is not a UUID', () => {
    const ids = Array.from({ length: 3000 }, () => entry(crypto.randomUUID()));
    const one = registerDigest(ids);
    expect(registerDigest([...ids.slice(1), entry(crypto.randomUUID())])).not.toBe(one);
    expect(registerDigest([...ids, entry('rcpt-b1-seat-0001-1')])).toBeNull();
    expect(registerDigest([entry('0000000g-aaaa-4bbb-8ccc-ffffffff0000')])).toBeNull();
    expect(registerDigest([entry(' 0000001-aaaa-4bbb-8ccc-ffffffff0000')])).toBeNull();
  });
});
