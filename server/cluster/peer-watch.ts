import type { Notice } from './notices';

export interface PeerWatchTiming {
  /** How often this node says it is alive. */
  heartbeatMs: number;
  /** A peer not heard from for this long is taken for dead (SIGKILL, crash, lost network). */
  silentAfterMs: number;
}

/** Default timing: a dead peer is noticed within 3–4 s; a heartbeat costs one small publish a second per node. */
export const PEER_WATCH_TIMING: PeerWatchTiming = { heartbeatMs: 1000, silentAfterMs: 3500 };

/** Why this node may have missed what another node made durable. */
export type PeerTrouble = 'peer_left' | 'peer_silent' | 'peer_back' | 'notices_missed';

interface Peer {
  lastHeard: number;
  /** Notices heard from it since its first heartbeat; null until that heartbeat gives the baseline. */
  received: number | null;
}

/**
 * Keeps track of the other nodes from what they publish on the notice channel, and says when
 * this node may have missed changes one of them made durable, so it resyncs from the store:
 *
 * - a peer that announced it is leaving (a graceful stop);
 * - a peer gone silent (SIGKILL, a crash, a lost network): it may have made casts and appends
 *   durable and died before announcing them;
 * - a silent peer that comes back (it may have written while we could not hear it);
 * - a heartbeat saying the peer published more notices than we received (a publish that
 *   failed on its side): Redis delivers one connection's messages in order, so the count in its
 *   heartbeat is exactly what we should have heard by then.
 */
export class PeerWatch {
  private readonly peers = new Map<string, Peer>();
  private readonly lost = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly timing: PeerWatchTiming,
    private readonly onTrouble: (trouble: PeerTrouble, peerId: string) => void,
  ) {}

  /** Every notice from another node, in the order received. */
  heard(notice: Notice): void {
    const { from } = notice;
    if (notice.t === 'leaving') {
      this.peers.delete(from);
      this.lost.delete(from);
      return this.onTrouble('peer_left', from);
    }
    let peer = this.peers.get(from);
    if (!peer) {
      peer = { lastHeard: this.now(), received: null };
      this.peers.set(from, peer);
      if (this.lost.delete(from)) this.onTrouble('peer_back', from);
    }
    peer.lastHeard = this.now();
    if (notice.t !== 'alive') {
      if (peer.received !== null) peer.received++;
      return;
    }
    const missed = peer.received !== null && notice.sent > peer.received;
    peer.received = notice.sent;
    if (missed) this.onTrouble('notices_missed', from);
  }

  /** Peers not heard from for too long are taken for dead (run every heartbeat). */
  sweep(): void {
    const deadline = this.now() - this.timing.silentAfterMs;
    for (const [peerId, peer] of this.peers) {
      if (peer.lastHeard >= deadline) continue;
      this.peers.delete(peerId);
      this.lost.add(peerId);
      this.onTrouble('peer_silent', peerId);
    }
  }

  /** Peers heard from recently (for logs and tests). */
  livePeers(): string[] {
    return [...this.peers.keys()];
  }
}
