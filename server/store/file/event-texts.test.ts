import { describe, expect, it } from 'vitest';
import { EVENT_TEXTS_PER_BLOCK, EventTexts } from './event-texts';

/** Event-like texts, some with characters a newline join must survive (escaped by JSON). */
function textOf(version: number): string {
  return JSON.stringify({ type: 'AttendanceRecorded', v: version, note: version % 7 === 0 ? '第一行\n第二行\t"引号"' : `座位${version}` });
}

function filled(count: number): { texts: EventTexts; plain: string[] } {
  const texts = new EventTexts();
  const plain: string[] = [];
  for (let v = 1; v <= count; v++) {
    const text = textOf(v);
    texts.push(text);
    plain.push(text);
  }
  return { texts, plain };
}

describe('EventTexts', () => {
  const B = EVENT_TEXTS_PER_BLOCK;

  it('gives back every text as pushed, across deflated blocks and the newest texts', () => {
    const count = 3 * B + 17;
    const { texts, plain } = filled(count);
    expect(texts.length).toBe(count);
    expect(texts.slice(0)).toEqual(plain);
    expect(texts.slice(0, count)).toEqual(plain);
    expect(texts.slice(0).map((text) => JSON.parse(text))).toEqual(plain.map((text) => JSON.parse(text)));
  });

  it('slices as an array does for every edge of a block', () => {
    const count = 2 * B + 5;
    const { texts, plain } = filled(count);
    const edges = [0, 1, B - 1, B, B + 1, 2 * B - 1, 2 * B, 2 * B + 1, count - 1, count];
    for (const from of edges) {
      for (const to of edges) expect(texts.slice(from, to), `slice(${from}, ${to})`).toEqual(plain.slice(from, to));
      expect(texts.slice(from), `slice(${from})`).toEqual(plain.slice(from));
    }
    expect(texts.slice(count + 5)).toEqual([]);
    expect(texts.slice(0, count + 5)).toEqual(plain);
  });

  it('gives back the texts on both sides of the first block as it fills', () => {
    const { texts, plain } = filled(B - 1);
    expect(texts.slice(0)).toEqual(plain);
    texts.push(textOf(B));
    expect(texts.length).toBe(B);
    expect(texts.slice(B - 2)).toEqual([textOf(B - 1), textOf(B)]);
    expect(new EventTexts().slice(0)).toEqual([]);
  });
});
