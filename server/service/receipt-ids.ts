import { randomFillSync } from 'node:crypto';

/** Random bytes for this many ids are drawn at once, as node's randomUUID does. */
const IDS_PER_DRAW = 128;
const random = Buffer.allocUnsafe(16 * IDS_PER_DRAW);
let nextId = IDS_PER_DRAW;
const text = Buffer.allocUnsafe(36);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** A vote's receipt id: one drawn ahead (drawReceiptIdsAhead) if any waits, else a new one. */
export function newReceiptId(): string {
  return drawnAhead.pop() ?? drawReceiptId();
}

/** At most this many ids wait, drawn ahead (~60 bytes each): a whole cluster's halls. */
export const MOST_DRAWN_AHEAD = 20_000;
const drawnAhead: string[] = [];

/**
 * Draws `count` more receipt ids now, for the votes to come (the pool never holds more than
 * MOST_DRAWN_AHEAD): a ballot opening draws one per seat while the hall reads it, so the burst
 * that follows takes them instead of drawing each on the vote path (~0.3 µs a vote there,
 * docs/BENCHMARKS.md, "Votes folded after the burst"). Taken in any order, they are the same
 * random ids as ever: which id a vote gets still depends on nothing about it.
 */
export function drawReceiptIdsAhead(count: number): void {
  const until = Math.min(MOST_DRAWN_AHEAD, drawnAhead.length + Math.max(0, Math.floor(count)));
  while (drawnAhead.length < until) drawnAhead.push(drawReceiptId());
}

/** How many ids are drawn ahead (tests). */
export function receiptIdsDrawnAhead(): number {
  return drawnAhead.length;
}

/**
 * A new receipt id: a random (version 4) UUID, as `crypto.randomUUID()` makes, but returned as
 * ONE flat string. Node builds its UUIDs by concatenation, so each is a tree of 14 string pieces
 * (448 bytes) until something flattens it; a receipt is held from the cast until its batch is
 * durable, by the store's entry and the answer, so in a 3,000-vote burst those pieces survived
 * young-generation collections by the thousand (docs/BENCHMARKS.md). Same randomness: node's
 * CSPRNG, drawn in a pool as randomUUID draws it.
 */
function drawReceiptId(): string {
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
