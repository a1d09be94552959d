import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { TextOnlyEncoder } from './text-encoder';

const view = {
  meetingId: 'm1',
  version: 42,
  epoch: 'e-1',
  seat: { seatId: 's1', seatNo: '1排1座', name: '张三', group: '第一组', attendance: 'present', floor: null },
  ballots: [{ ballotId: 'b1', title: '关于“民生实事”的决定', options: ['赞成', '反对', '弃权'], counts: [1, 0, 2] }],
  myVote: null,
  nested: [[{ deep: [{ deeper: '\u2028 "quoted" \\ 𠀀' }] }]],
};

const packets: Packet[] = [
  { type: PacketType.EVENT, nsp: '/', data: ['meeting:view', view] },
  { type: PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, receipt: { receiptId: 'r', ballotId: 'b1', seatId: 's1', at: 1 }, duplicate: false }] },
  { type: PacketType.ACK, nsp: '/', id: 0, data: [{ ok: false, code: 'RATE_LIMITED', message: '稍后再试', details: { retryAfterMs: 250 } }] },
  { type: PacketType.EVENT, nsp: '/admin', id: 3, data: ['ballot:turnout', { ballotId: 'b1', voted: 3, eligible: 5 }] },
  { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
  { type: PacketType.DISCONNECT, nsp: '/' },
  { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'UNAUTHORIZED' } },
];

describe('TextOnlyEncoder (server/gateway/text-encoder.ts)', () => {
  it('writes exactly the stock encoder’s bytes for every packet without binary', () => {
    for (const packet of packets) {
      expect(new TextOnlyEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
    }
  });

  it('writes text a stock decoder reads back as the same packet', () => {
    const decoded: Packet[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (packet: Packet) => decoded.push(packet));
    for (const packet of packets.slice(0, 4)) for (const part of new TextOnlyEncoder().encode(packet)) decoder.add(part as string);
    expect(decoded.map((p) => p.data)).toEqual(packets.slice(0, 4).map((p) => p.data));
    expect(decoded.map((p) => p.id)).toEqual([undefined, 7, 0, 3]);
  });

  it('never makes a binary packet: a Buffer that slipped through goes as its JSON, not as an attachment', () => {
    const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: ['x', { file: Buffer.from('ab') }] };
    const parts = new TextOnlyEncoder().encode(packet);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toBe('2["x",{"file":{"type":"Buffer","data":[97,98]}}]');
    // The stock encoder would have sent a binary event with one attachment.
    expect(new Encoder().encode(packet)).toHaveLength(2);
  });
});
