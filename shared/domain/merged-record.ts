/**
 * `{ ...a, ...b, ...c }` for records that hot code reads one after another (a ballot's spec, read
 * at every vote), built so that every record built alike shares one hidden class.
 *
 * Why not the spread: in Node 20's V8 (11.3) an object made by a spread and then given a key its
 * source lacks gets a hidden class of its own, every time, once the function making it has run
 * a few times (its feedback then copies the source's class for each clone, and a class copied
 * that way keeps no record of the keys added to it). Code compiled for the one record is thrown
 * away at the next: each ballot from a server's ninth on made the vote path's optimised code
 * deoptimise at its first votes and compile again (docs/BENCHMARKS.md, "A hidden class per
 * ballot"). Object.assign onto a fresh object adds the keys one by one along the transitions
 * every such record shares. server/hidden-classes.test.ts holds ballot specs and seat views to one
 * class each.
 *
 * For records of own data properties without a `__proto__` key (validated payloads, the domain's
 * own records): Object.assign sets such a key, where a spread defines it.
 */
export function mergedRecord<A extends object, B extends object>(a: A, b: B): A & B;
export function mergedRecord<A extends object, B extends object, C extends object>(a: A, b: B, c: C): A & B & C;
export function mergedRecord(...parts: object[]): object {
  return Object.assign({}, ...parts);
}
