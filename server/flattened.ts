/**
 * `text` as one sequential string, the same characters (lone surrogates included). A string
 * built by concatenation (a template literal, `+`) is a tree of V8 cons strings, 32 bytes a node,
 * and whatever keeps the string keeps the tree: a seat room's name was three nodes more than its
 * text, for the connection's life. JSON's round trip always makes a new sequential string.
 *
 * Reading the string as a number (`void Number(text)`), the way this was done before, flattens
 * it only where the call runs: optimised code drops a call whose result nobody reads, and even
 * where it ran, the string kept was still the cons node in front of the flat text. A heap snapshot
 * after a 3,000-tablet sign-in found 1,274 seat room names as whole trees (docs/BENCHMARKS.md).
 * server/flattened.test.ts checks the result in optimised code.
 */
export function flattened(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
