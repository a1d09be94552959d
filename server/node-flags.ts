/**
 * The V8 flags every Biaojue server process starts with: `npm start`, deploy/Dockerfile and
 * deploy/biaojue.service carry them (tests/cluster/deploy-config.test.ts holds them to this list),
 * and the benchmark starts every server with them, its bare Socket.IO transport included.
 *
 * --max-semi-space-size=32 (MB; Node 20's default lets the young generation grow to 16 MB): in a
 * vote burst thousands of casts are in flight at once, each holding its packet, promise and
 * journal record until the fsync, so a small young generation copies the same live objects over
 * and over. Measured at 3,000 tablets (docs/BENCHMARKS.md): server CPU per cast 160 → 111–119 µs,
 * ack p99 440 → 270–306 ms; RSS per tablet grows for the bare transport alike (17.7 → 28 KB).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'] as const;
