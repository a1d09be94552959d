import { describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('tooling sanity', () => {
  const Schema = z.object({ id: z.string().min(1), count: z.number().int().nonnegative() });

  it('parses a valid value with zod', () => {
    expect(Schema.parse({ id: 'a', count: 2 })).toEqual({ id: 'a', count: 2 });
  });

  it('rejects an invalid value with zod', () => {
    expect(Schema.safeParse({ id: '', count: -1 }).success).toBe(false);
  });
});
