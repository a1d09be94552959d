import type { MeetingState } from '../../shared/domain/meeting';
import { consoleView, delegateView, publicView, type ConsoleView, type DelegateView, type PublicView } from '../../shared/domain/views';
import type { Principal } from '../auth';

export type AudienceView = PublicView | DelegateView | ConsoleView;

/** The one view each audience may see: staff the console, the wall the public view, a tablet its seat's. */
export function viewFor(principal: Principal, state: MeetingState): AudienceView | null {
  switch (principal.role) {
    case 'staff':
      return consoleView(state);
    case 'wall':
      return publicView(state);
    case 'delegate':
      return delegateView(state, principal.seatId);
  }
}
