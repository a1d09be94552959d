import { expect } from 'vitest';
import { seededRandom } from './seeded-random';

type SafeParse = (input: unknown) => { success: true; data: unknown } | { success: false };

/**
 * Holds a fast reader (one that takes a well-formed message without zod) to its schema on `cases`
 * inputs generated from `seed`: wherever the reader accepts, the schema accepts and gives the same
 * value. Where the reader refuses, the schema's verdict stands, so either is allowed. Returns how
 * many inputs the reader took and how many both refused, for the caller to check that its
 * generator reaches both sides.
 */
export function holdReaderToSchema(options: {
  seed: number;
  cases: number;
  generate: (random: () => number) => unknown;
  read: (input: unknown) => unknown;
  safeParse: SafeParse;
}): { taken: number; refusedBoth: number } {
  const { seed, cases, generate, read, safeParse } = options;
  const random = seededRandom(seed);
  let taken = 0;
  let refusedBoth = 0;
  for (let i = 0; i < cases; i++) {
    const input = generate(random);
    const fast = read(input);
    const schema = safeParse(input);
    if (fast === null) {
      if (!schema.success) refusedBoth++;
      continue;
    }
    taken++;
    expect(schema.success, `seed ${seed}, case ${i}: ${JSON.stringify(input)}`).toBe(true);
    if (schema.success) expect(fast, `seed ${seed}, case ${i}`).toStrictEqual(schema.data);
  }
  return { taken, refusedBoth };
}
