import { describe, expect, it } from 'vitest';
import type { Notice } from '../../server/cluster/notices';
import { PeerWatch, type PeerTrouble } from '../../server/cluster/peer-watch';

const TIMING = { heartbeatMs: 1000, silentAfterMs: 3500 };
const moved = (from: string, version: number): Notice => ({ t: 'moved', from, meetingId: 'm1', version });
const alive = (from: string, sent: number): Notice => ({ t: 'alive', from, sent });

function watch() {
  let now = 0;
  const troubles: [PeerTrouble, string][] = [];
  const peers = new PeerWatch(() => now, TIMING, (trouble, peerId) => troubles.push([trouble, peerId]));
  return { peers, troubles, advance: (ms: number) => (now += ms) };
}

describe('PeerWatch: when this node may have missed what a peer made durable', () => {
  it('takes the first heartbeat as the baseline, then stays quiet while every notice arrives', () => {
    const { peers, troubles } = watch();
    peers.heard(moved('a', 2)); // before the baseline: not counted against anything
    peers.heard(alive('a', 7));
    peers.heard(moved('a', 3));
    peers.heard(moved('a', 4));
    peers.heard(alive('a', 9));
    expect(troubles).toEqual([]);
  });

  it('says notices were missed when a heartbeat counts more than were heard (a publish failed on the peer)', () => {
    const { peers, troubles } = watch();
    peers.heard(alive('a', 7));
    peers.heard(moved('a', 3));
    peers.heard(alive('a', 9)); // 2 sent since, 1 heard
    expect(troubles).toEqual([['notices_missed', 'a']]);
    peers.heard(moved('a', 4));
    peers.heard(alive('a', 10)); // counted from the new baseline: nothing more missed
    expect(troubles).toHaveLength(1);
  });

  it('takes a peer silent for longer than silentAfterMs for dead (SIGKILL), once, and notices when it comes back', () => {
    const { peers, troubles, advance } = watch();
    peers.heard(alive('a', 0));
    peers.heard(alive('b', 0));
    advance(3000);
    peers.heard(alive('b', 0));
    peers.sweep();
    expect(troubles).toEqual([]);
    advance(600); // a: 3,600 ms silent; b: 600 ms
    peers.sweep();
    peers.sweep();
    expect(troubles).toEqual([['peer_silent', 'a']]);
    expect(peers.livePeers()).toEqual(['b']);
    peers.heard(alive('a', 5));
    expect(troubles).toEqual([
      ['peer_silent', 'a'],
      ['peer_back', 'a'],
    ]);
  });

  it('resyncs at once when a peer says it is leaving', () => {
    const { peers, troubles } = watch();
    peers.heard(alive('a', 0));
    peers.heard({ t: 'leaving', from: 'a' });
    expect(troubles).toEqual([['peer_left', 'a']]);
    expect(peers.livePeers()).toEqual([]);
  });
});
