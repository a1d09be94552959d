import { createServer, connect, type Socket } from 'node:net';

/** A TCP relay in front of a server whose open connections can be made to go silent. */
export interface SilentRelay {
  url: string;
  /**
   * Every connection open now stops carrying anything either way, its end included: no byte,
   * no FIN, no RST reaches the other side, as when the host in the middle (a proxy) is lost.
   * Connections made later pass, as through the host that took the address over.
   */
  silence(): void;
  /** Settles when the server has closed every connection silenced so far (the relay sees its end; the client does not). */
  serverClosedSilenced(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  inbound: Socket;
  outbound: Socket;
  silent: boolean;
  /** The server's side closed. */
  outboundClosed: Promise<void>;
}

export async function startSilentRelay(targetPort: number): Promise<SilentRelay> {
  const pairs = new Set<Pair>();
  const silenced: Pair[] = [];
  const server = createServer((inbound) => {
    const outbound = connect(targetPort, '127.0.0.1');
    const outboundClosed = new Promise<void>((resolve) => outbound.once('close', () => resolve()));
    const pair: Pair = { inbound, outbound, silent: false, outboundClosed };
    pairs.add(pair);
    inbound.pipe(outbound).pipe(inbound);
    // A side that ends takes the other with it, unless the pair is silent: then nothing passes.
    const end = (side: Socket) => () => {
      side.destroy();
      if (pair.silent) return;
      pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', end(inbound)).on('close', end(inbound));
    outbound.on('error', end(outbound)).on('close', end(outbound));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    silence() {
      for (const pair of pairs) {
        if (pair.silent) continue;
        pair.silent = true;
        silenced.push(pair);
        pair.inbound.unpipe(pair.outbound);
        pair.outbound.unpipe(pair.inbound);
        // Read and drop, so the kernel's buffers never fill and push back on a peer.
        for (const side of [pair.inbound, pair.outbound]) side.on('data', () => {}).resume();
      }
    },
    async serverClosedSilenced() {
      await Promise.all(silenced.map((pair) => pair.outboundClosed));
    },
    async close() {
      for (const { inbound, outbound } of pairs) {
        inbound.destroy();
        outbound.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
