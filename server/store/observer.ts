/**
 * What a store reports for the operator's metrics (server/metrics.ts). Every hook is optional
 * and carries counts and durations only: never an id, a seat or a paper.
 */
export interface StoreObserver {
  /** A file-journal batch became durable with this many requests, votes and command appends (one fsync). */
  journalBatch?(requests: number): void;
  /** A file-journal batch's write and fdatasync took this many seconds (the disk's share of an ack). */
  journalSync?(seconds: number): void;
  /** A Redis script answered after this many seconds. */
  redisScript?(name: string, seconds: number): void;
  /** A batch of writes waited this long for its replica acknowledgement (WAIT/WAITAOF). */
  replicaWait?(seconds: number): void;
  /**
   * How many data nodes (the primary, replicas) this node still has to have rewrite their AOF
   * since the last secret ballot's tally (server/store/redis/aof-compaction.ts): 0 once none
   * holds its sealed papers and wrapped key any longer.
   */
  aofRewritesLeft?(nodes: number): void;
}
