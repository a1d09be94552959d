import { randomFillSync } from 'node:crypto';

/** Random bytes for this many ids are drawn at once, as node's randomUUID does. */
const IDS_PER_DRAW = 128;
const random = Buffer.allocUnsafe(16 * IDS_PER_DRAW);
let nextId = IDS_PER_DRAW;
const text = Buffer.allocUnsafe(36);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A vote's receipt id: a random (version 4) UUID, as `crypto.randomUUID()` makes, but returned as
 * ONE flat string. Node builds its UUIDs by concatenation, so each is a tree of 14 string pieces
 * (448 bytes) until something flattens it; a receipt is held from the cast until its batch is
 * durable, by the store's entry and the answer, so in a 3,000-vote burst those pieces survived
 * young-generation collections by the thousand (docs/BENCHMARKS.md). Same randomness: node's
 * CSPRNG, drawn in a pool as randomUUID draws it.
 */
export function newReceiptId(): string {
  if (nextId === IDS_PER_DRAW) {
    randomFillSync(random);
    nextId = 0;
  }
  const at = 16 * nextId++;
  random[at + 6] = (random[at + 6]! & 0x0f) | 0x40; // version 4
  random[at + 8] = (random[at + 8]! & 0x3f) | 0x80; // RFC 9562 variant
  let out = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[out++] = 0x2d; // '-'
    const byte = random[at + i]!;
    text[out++] = HEX[byte >> 4]!;
    text[out++] = HEX[byte & 0x0f]!;
  }
  return text.toString('latin1', 0, 36);
}
