/**
 * `text` held as one piece. A string built by concatenation (a template literal, JSON.stringify)
 * is a tree of V8 cons strings, 32 bytes a node, and whatever keeps the string keeps the tree:
 * a sign-in's event text (~200 characters) took ~300 bytes that way against ~210 flat, and a
 * seat room's name three nodes more than its text. Reading a string as a number makes V8 flatten
 * it in place, and the collector then drops the tree's nodes (docs/BENCHMARKS.md).
 */
export function flattened(text: string): string {
  void Number(text);
  return text;
}
