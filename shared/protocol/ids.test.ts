import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../domain/test-fixtures';
import { IdSchema, isId } from './ids';

const CANDIDATES: unknown[] = [
  'seat-0001',
  'b-2f1c9a7e_1',
  'A',
  'a'.repeat(64),
  'a'.repeat(65),
  '',
  ' ',
  'seat 1',
  'a:b',
  '{meeting}',
  'm1\n',
  '座位1',
  'é',
  '../x',
  ...HOSTILE_IDS,
  12,
  null,
  undefined,
  {},
  ['seat-1'],
  new String('seat-1'),
];

describe('isId (shared/protocol/ids.ts)', () => {
  it('answers exactly as IdSchema does, for ids, hostile names and things that are not strings', () => {
    for (const value of CANDIDATES) expect(isId(value), JSON.stringify(value)).toBe(IdSchema.safeParse(value).success);
  });

  it('takes letters, digits, _ and - up to 64 characters, and nothing that changes a prototype', () => {
    expect(isId('seat-0001')).toBe(true);
    expect(isId('constructor')).toBe(true);
    expect(isId('__proto__')).toBe(false);
    expect(isId('a'.repeat(65))).toBe(false);
    expect(isId('')).toBe(false);
    expect(isId('a:b')).toBe(false);
  });
});

describe('account meeting lists (shared/protocol/http.ts) take ids by the same rule', () => {
  it('refuses __proto__ and malformed ids, keeps ordinary ones', async () => {
    const { AccountUpdateSchema } = await import('./http');
    expect(AccountUpdateSchema.safeParse({ meetings: ['m-1', 'constructor'] }).success).toBe(true);
    for (const bad of ['__proto__', 'a:b', '', 'x'.repeat(65)]) expect(AccountUpdateSchema.safeParse({ meetings: [bad] }).success, bad).toBe(false);
  });
});
