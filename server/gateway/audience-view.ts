import type { MeetingState } from '../../shared/domain/meeting';
import { consoleView, delegateView, publicView, type ConsoleView, type DelegateView, type PublicView } from '../../shared/domain/views';
import { mergedRecord } from '../../shared/domain/merged-record';
import type { Principal } from '../auth';

export type AudienceView = PublicView | DelegateView | ConsoleView;

/**
 * The one view each audience may see: staff the console, the wall the public view, a tablet its
 * seat's. `epoch` names the copy `state` belongs to (MeetingService.epochOf, read in the same
 * step as the state): every view a client gets carries it (docs/PROTOCOL.md §5).
 */
export function viewFor(principal: Principal, state: MeetingState, epoch: string | undefined): AudienceView | null {
  switch (principal.role) {
    case 'staff':
      return withEpoch(consoleView(state), epoch);
    case 'wall':
      return withEpoch(publicView(state), epoch);
    case 'delegate': {
      const view = delegateView(state, principal.seatId);
      return view && withEpoch(view, epoch);
    }
  }
}

/** A view just rendered, as sent: one field more, whatever the size of the view (its lists are shared, not copied). */
export function withEpoch<V extends PublicView | ConsoleView>(view: V, epoch: string | undefined): V {
  return epoch === undefined ? view : mergedRecord(view, { epoch });
}
