/**
 * Checks for the fast readers that take a well-formed message without zod (fast-payloads.ts,
 * server/cluster/cast-rows.ts): each accepts only what its schema accepts, as JSON.parse made it.
 */

/**
 * A plain object as JSON.parse makes one: Object.prototype as its prototype, so `for…in` sees
 * its own keys only (no allocation, unlike Object.keys).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Whether `value`'s keys are `expected` of them, all from `allowed`. */
export function hasExactlyKeys(value: Record<string, unknown>, allowed: (key: string) => boolean, expected: number): boolean {
  let count = 0;
  for (const key in value) {
    if (!allowed(key)) return false;
    count++;
  }
  return count === expected;
}
