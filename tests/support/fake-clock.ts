import type { Clock } from '../../server/clock';

/** A clock the test moves by hand, so deadlines pass without sleeping. */
export class FakeClock implements Clock {
  constructor(private t: number = Date.now()) {}

  now(): number {
    return this.t;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
