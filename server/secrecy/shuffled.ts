import { randomInt } from 'node:crypto';

/** Fisher–Yates with a cryptographic source: the order says nothing about arrival. */
export function shuffled<T>(values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
