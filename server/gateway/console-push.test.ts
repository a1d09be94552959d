import { describe, expect, it } from 'vitest';
import { consoleSeatRows, consoleSeatsKey } from '../../shared/domain/console-seats';
import { consoleView } from '../../shared/domain/views';
import { createMeeting, run, seatIdOf, signIn, T0, type Meeting } from '../../shared/domain/test-fixtures';
import { ConsoleViewParts } from '../../shared/protocol/console-view';
import { consolePush, type PushedSeats } from './console-push';

const pushed = (meeting: Meeting): PushedSeats => ({
  key: consoleSeatsKey(meeting.state),
  version: meeting.state.version,
  rows: consoleSeatRows(meeting.state),
});

describe('consolePush: the seats a console push carries', () => {
  const hall = createMeeting('congress', 10);
  const threeIn = signIn(hall, [seatIdOf(1), seatIdOf(2), seatIdOf(3)], T0 + 1_000);

  it('carries the whole list when no push of this copy went before', () => {
    const push = consolePush(consoleView(threeIn.state), null);
    expect(push.seats).toHaveLength(10);
    expect(push.seatChanges).toBeUndefined();
  });

  it('carries no seats when the list is the previous push’s', () => {
    const sevenIn = signIn(hall, [1, 2, 3, 4, 5, 6, 7].map(seatIdOf), T0 + 1_000);
    const opened = run(sevenIn, { type: 'OpenSession' }, T0 + 2_000);
    const push = consolePush(consoleView(opened.state), pushed(sevenIn));
    expect(push.phase).toBe('in_session');
    expect(push.seats).toBeUndefined();
    expect(push.seatChanges).toBeUndefined();
    expect(push.seatsKey).toBe(consoleSeatsKey(sevenIn.state));
  });

  it('carries the rows changed since the previous push, while fewer than half the seats changed', () => {
    const twoMore = signIn(threeIn, [seatIdOf(7), seatIdOf(5)], T0 + 2_000);
    const push = consolePush(consoleView(twoMore.state), pushed(threeIn));
    expect(push.seats).toBeUndefined();
    expect(push.seatChanges?.since).toBe(threeIn.state.version);
    expect(push.seatChanges?.rows.map((r) => [r.seatId, r.attendance])).toEqual([
      [seatIdOf(5), 'present'],
      [seatIdOf(7), 'present'],
    ]);
  });

  it('carries the whole list when half the seats or more changed', () => {
    const five = signIn(threeIn, [4, 5, 6, 7, 8].map(seatIdOf), T0 + 2_000);
    const push = consolePush(consoleView(five.state), pushed(threeIn));
    expect(push.seats).toHaveLength(10);
    expect(push.seatChanges).toBeUndefined();
    const four = signIn(threeIn, [4, 5, 6, 7].map(seatIdOf), T0 + 2_000);
    expect(consolePush(consoleView(four.state), pushed(threeIn)).seatChanges?.rows).toHaveLength(4);
  });

  it('puts the same list together for a console that had the previous push and one that connected after it', () => {
    // A console kept the list of the push at threeIn; another connected at twoMore (a whole view);
    // the next push is of fourMore, with the changes since threeIn.
    const twoMore = signIn(threeIn, [seatIdOf(4), seatIdOf(5)], T0 + 2_000);
    const fourMore = signIn(twoMore, [seatIdOf(6), seatIdOf(8)], T0 + 3_000);
    const push = consolePush(consoleView(fourMore.state), pushed(threeIn));
    expect(push.seatChanges?.rows.map((r) => r.seatId)).toEqual([4, 5, 6, 8].map(seatIdOf));

    const hadPush = new ConsoleViewParts();
    hadPush.accept(consoleView(threeIn.state));
    const connectedLater = new ConsoleViewParts();
    connectedLater.accept(consoleView(twoMore.state));
    const expected = consoleView(fourMore.state).seats;
    expect(hadPush.accept(push)?.seats).toEqual(expected);
    expect(connectedLater.accept(push)?.seats).toEqual(expected);
    expect(hadPush.needsSync || connectedLater.needsSync).toBe(false);
  });
});
