import type { Clock } from '../clock';

type OnDeadline = (meetingId: string, ballotId: string) => void;

/**
 * One timer per open ballot with a countdown. Timers are unref'd: a pending countdown never
 * keeps a stopping process alive (on restart the service closes overdue ballots instead).
 */
export class DeadlineTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly clock: Clock,
    private readonly onDeadline: OnDeadline,
  ) {}

  schedule(meetingId: string, ballotId: string, deadline: number): void {
    this.cancel(meetingId, ballotId);
    const key = `${meetingId}\u0000${ballotId}`;
    const delay = Math.max(0, deadline - this.clock.now());
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.onDeadline(meetingId, ballotId);
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(meetingId: string, ballotId: string): void {
    const key = `${meetingId}\u0000${ballotId}`;
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** Every countdown of one meeting (it was taken out of service). */
  cancelMeeting(meetingId: string): void {
    const prefix = `${meetingId}\u0000`;
    for (const [key, timer] of this.timers) {
      if (!key.startsWith(prefix)) continue;
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
