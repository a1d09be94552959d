import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Texts per compressed block. */
export const EVENT_TEXTS_PER_BLOCK = 256;

/**
 * A meeting's log in memory, one JSON text per event, the text at index i being version i + 1's.
 * Every full block of EVENT_TEXTS_PER_BLOCK texts is kept deflated, the newest texts (fewer than a
 * block) as they are. A hall's sign-in writes three events per tablet, and as texts they were the
 * largest part of the store's memory per tablet (~800 bytes at 3,000 seats); deflated, a block
 * of them is about a tenth of that (docs/BENCHMARKS.md, "Memory per tablet"). Reads are rare and
 * mostly of the newest texts (a copy catching up), which are never deflated; reading from the
 * start (a node's load, the minutes, an export) inflates every block once.
 *
 * The texts of a block are joined with newlines: JSON.stringify escapes every control character
 * inside strings, so a text never holds one.
 */
export class EventTexts {
  private readonly blocks: Buffer[] = [];
  private newest: string[] = [];

  get length(): number {
    return this.blocks.length * EVENT_TEXTS_PER_BLOCK + this.newest.length;
  }

  push(text: string): void {
    // Held as given (JSON.stringify's own pieces, often a cons tree): at most a block's worth of
    // texts waits here, and each is dropped when its block is deflated.
    this.newest.push(text);
    if (this.newest.length < EVENT_TEXTS_PER_BLOCK) return;
    // Level 1: a block of sign-in events deflates to about a tenth either way, in half the time.
    this.blocks.push(deflateRawSync(this.newest.join('\n'), { level: 1 }));
    this.newest = [];
  }

  /** The texts from index `from` up to (not including) `to`; both count from the start (a negative is 0, not a count from the end). */
  slice(from: number, to: number = this.length): string[] {
    const start = Math.max(0, from);
    const end = Math.min(this.length, to);
    const texts: string[] = [];
    for (let block = Math.floor(start / EVENT_TEXTS_PER_BLOCK); block < this.blocks.length; block++) {
      const first = block * EVENT_TEXTS_PER_BLOCK;
      if (first >= end) return texts;
      const inBlock = inflateRawSync(this.blocks[block] as Buffer)
        .toString('utf8')
        .split('\n');
      texts.push(...inBlock.slice(Math.max(0, start - first), end - first));
    }
    const firstNewest = this.blocks.length * EVENT_TEXTS_PER_BLOCK;
    texts.push(...this.newest.slice(Math.max(0, start - firstNewest), Math.max(0, end - firstNewest)));
    return texts;
  }
}
