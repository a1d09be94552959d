import { createRequire } from 'node:module';
import type * as SocketIoParser from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';

/**
 * The CommonJS build socket.io itself loads: an ESM import would resolve to the package's
 * debug build (its `exports` map sends `import` under Node there), a second copy of the parser.
 */
const { Decoder, Encoder, PacketType } = createRequire(import.meta.url)('socket.io-parser') as typeof SocketIoParser;

type StringEncoder = { encodeAsString(packet: Packet): string };

/**
 * Socket.IO's packet encoder without its search for binary attachments: every packet this server
 * sends is JSON text (views, pushes, acks), which the event map checks at compile time
 * (shared/protocol/event-map.ts, `HoldsBinary`). The stock encoder walks every event and ack object
 * first (`hasBinary`: for-in, `instanceof` ArrayBuffer/Blob/File and a `toJSON` look-up per
 * object); on a server that also builds views of many shapes that walk turns megamorphic, and it
 * was 6 % of a 3,000-cast burst (docs/BENCHMARKS.md, "Two cuts, measured").
 *
 * The bytes are exactly the stock encoder's for a packet without binary (text-encoder.test.ts),
 * so clients and the Redis adapter see no difference. A packet that did carry a Buffer would be
 * sent as its JSON (`{"type":"Buffer","data":[…]}`), never dropped: the type check is what keeps
 * that from happening.
 */
export class TextOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) return super.encode(packet);
    // encodeAsString is the stock encoder's own text path (public in its JavaScript, not in its types).
    return [(this as unknown as StringEncoder).encodeAsString(packet)];
  }
}

/** The `parser` option of a Socket.IO Server: the stock decoder, the text-only encoder. */
export const textOnlyParser = { Encoder: TextOnlyEncoder, Decoder };
