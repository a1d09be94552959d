import { describe, expect, it } from 'vitest';
import { MOST_DRAWN_AHEAD, drawReceiptIdsAhead, newReceiptId, receiptIdsDrawnAhead } from './receipt-ids';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('receipt ids', () => {
  it('are version 4 UUIDs, as crypto.randomUUID makes them, across several draws of the pool', () => {
    for (let i = 0; i < 1_000; i++) expect(newReceiptId()).toMatch(UUID_V4);
  });

  it('do not repeat, and every hex digit of the random part shows up in every place', () => {
    const ids = Array.from({ length: 5_000 }, () => newReceiptId());
    expect(new Set(ids).size).toBe(ids.length);
    // Position 0 is all random: 5,000 draws show all 16 digits there (a stuck byte would not).
    expect(new Set(ids.map((id) => id[0])).size).toBe(16);
    expect(new Set(ids.map((id) => id[35])).size).toBe(16);
  });

  it('is a string a caller can keep: later ids do not change an earlier one', () => {
    const first = newReceiptId();
    const copy = `${first}`;
    for (let i = 0; i < 300; i++) newReceiptId();
    expect(first).toBe(copy);
  });

  it('drawn ahead: taken first, each once, the same kind of id; the pool stops at MOST_DRAWN_AHEAD', () => {
    while (receiptIdsDrawnAhead() > 0) newReceiptId();
    drawReceiptIdsAhead(300);
    expect(receiptIdsDrawnAhead()).toBe(300);
    const taken = Array.from({ length: 300 }, () => newReceiptId());
    expect(receiptIdsDrawnAhead()).toBe(0);
    for (const id of taken) expect(id).toMatch(UUID_V4);
    expect(new Set([...taken, ...Array.from({ length: 300 }, () => newReceiptId())]).size).toBe(600);
    drawReceiptIdsAhead(MOST_DRAWN_AHEAD - 10);
    drawReceiptIdsAhead(50);
    drawReceiptIdsAhead(-5);
    expect(receiptIdsDrawnAhead()).toBe(MOST_DRAWN_AHEAD);
    while (receiptIdsDrawnAhead() > 0) newReceiptId();
  });
});
