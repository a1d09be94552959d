import { registerEntryOf } from '../../shared/domain/evolve';
import type { MeetingState } from '../../shared/domain/meeting';
import { mergedRecord } from '../../shared/domain/merged-record';
import { latestBallotId, latestBallotSpec, publicView, seatPartOf } from '../../shared/domain/views';
import type { SeatView } from '../../shared/protocol/socket';
import type { TabletSharedPart } from '../../shared/protocol/tablet-view';

/**
 * The part of a tablet's view that is the same for every tablet: rendered once per push (and
 * sent less its agenda and spec when the previous push had them: tabletPush, tablet-view.ts).
 * `epoch`: the copy `state` belongs to (MeetingService.epochOf), as in every view.
 */
export function tabletSharedPart(state: MeetingState, epoch: string | undefined): TabletSharedPart {
  return mergedRecord(publicView(state), { epoch, ballotSpec: latestBallotSpec(state) });
}

/** One seat's own part, O(1): its seat and its receipt on the latest ballot; `epoch` as for the shared part. */
export function seatView(state: MeetingState, seatId: string, epoch: string | undefined): SeatView | null {
  const seat = state.seats.get(seatId);
  if (!seat) return null;
  const latest = latestBallotId(state);
  const mine = latest ? registerEntryOf(state, latest, seatId) : undefined;
  return {
    meetingId: state.spec.meetingId,
    version: state.version,
    epoch,
    seat: seatPartOf(state, seat),
    myVote: latest && mine ? { ballotId: latest, receiptId: mine.receiptId, at: mine.at } : null,
  };
}
