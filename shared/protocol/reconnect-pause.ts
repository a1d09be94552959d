/**
 * How a client paces its reconnection tries after the connection drops (socket.io-client's
 * `reconnectionDelay`, `reconnectionDelayMax`, `randomizationFactor`): 1 s, doubling up to 2 s,
 * each pause ±50 % at random.
 *
 * socket.io-client's own ceiling is 5 s. In a hall the usual outage is short: a server process
 * restarted by its supervisor listens again ~2 s after it died (docs/OPERATIONS.md §8), and with a
 * 5 s ceiling most of a 3,000-seat hall then sat out a 4 s pause it no longer needed: every tablet
 * was back 6.3–7.1 s after the kill, against 4.5–5.5 s with 2 s (bench/restart.ts). A lower
 * ceiling costs a try every 1–3 s per tablet while a server stays down (a refused TCP connect on
 * the hall's LAN: 1,500 a second for 3,000 tablets), and the ±50 % keeps a hall's tries spread
 * when it comes back.
 */
export const RECONNECT_PAUSE = {
  reconnectionDelay: 1000,
  reconnectionDelayMax: 2000,
  randomizationFactor: 0.5,
} as const;
