import type { ConsoleView } from './views';

/*
 * The guided flow (R7.2, R7.4): the console always shows the one next action as a big primary
 * button, with the reason it is next. The order of a session:
 *
 *   start the sitting's sign-in → 宣布开会 (quorum, R1.5) → start the next item → open its
 *   prepared ballot → close it (or enter the hand count) → 宣布结果 (R2.8) → next item → … →
 *   close the sitting → the next sitting … → 闭会
 *
 * Pure and computed from the console's view, so the console runs it on every view it receives
 * and the tests run it on consoleView(state). Irreversible steps (宣布开会, 宣布结果, 闭会) are
 * marked so the console confirms them.
 */

export type NextActionKind =
  /** The meeting has no seats yet (a meeting made in the console starts empty): nothing can open. */
  | 'import_roster'
  | 'start_sitting'
  | 'open_sign_in'
  | 'open_sitting'
  | 'start_item'
  | 'open_prepared'
  | 'close_ballot'
  | 'enter_manual_count'
  | 'publish_result'
  | 'close_sitting'
  | 'close_session'
  | 'none';

/** Why the action is next; the console words each one (client strings `flow.reason.*`). */
export type NextActionReason =
  | 'roster_empty'
  | 'no_sitting_yet'
  | 'previous_sitting_closed'
  | 'sign_in_not_open'
  | 'quorum_met'
  | 'quorum_short'
  | 'first_item'
  | 'item_finished'
  | 'item_has_prepared_ballot'
  | 'ballot_voided_rerun'
  | 'ballot_open'
  | 'manual_ballot_open'
  | 'manual_count_missing'
  | 'result_counted'
  | 'agenda_done'
  | 'all_sittings_done'
  | 'session_closed';

export interface NextAction {
  kind: NextActionKind;
  reason: NextActionReason;
  /** 宣布开会, 宣布结果, 闭会: the console asks "are you sure" first. */
  irreversible: boolean;
  /** The action cannot be done yet (quorum short): the button shows why and stays disabled. */
  blocked: { present: number; required: number } | null;
  sittingId?: string;
  /** For start_sitting: the title the console proposes (editable). */
  sittingTitle?: string;
  itemId?: string;
  itemTitle?: string;
  ballotId?: string;
  ballotTitle?: string;
  /** open_prepared after a void: the voided ballot the new one re-runs (R2.9). */
  rerunOf?: string;
}

/** The parts of the console view the flow reads. */
export type FlowView = Pick<ConsoleView, 'phase' | 'sitting' | 'attendance' | 'agenda' | 'currentItemId' | 'ballots'>;

const act = (kind: NextActionKind, reason: NextActionReason, extra: Partial<NextAction> = {}): NextAction => ({
  kind,
  reason,
  irreversible: kind === 'open_sitting' || kind === 'publish_result' || kind === 'close_sitting' || kind === 'close_session',
  blocked: null,
  ...extra,
});

/**
 * The next action. `suggestedTitle` is the title proposed for a sitting that is to start
 * (suggestedSittingTitle in sittings.ts on the server side; the console passes its own).
 */
export function nextAction(view: FlowView, suggestedTitle = ''): NextAction {
  if (view.phase === 'closed') return act('none', 'session_closed');
  // No lawful seat (应到 0): the server refuses every opening with EMPTY_ROSTER, so the flow
  // points at the roster import instead of offering a button that can only fail.
  if (view.phase === 'prepared' && view.attendance.total === 0) {
    return act('import_roster', 'roster_empty', { blocked: { present: 0, required: 0 } });
  }
  const sitting = view.sitting;
  const pendingItem = view.agenda.find((item) => item.status === 'pending');

  // A meeting run the old way: delegates signed in before any sitting was started. It opens as
  // one implicit sitting (presidium:openSession), as logs from before sittings do.
  if (!sitting && view.phase === 'prepared' && view.attendance.present > 0) {
    const quorum = view.attendance.quorum;
    return act('open_sitting', quorum.met ? 'quorum_met' : 'quorum_short', {
      blocked: quorum.met ? null : { present: view.attendance.present, required: quorum.required },
    });
  }
  // Before a sitting runs: start one (its sign-in opens with it), or end the session.
  if (!sitting || sitting.status === 'closed') {
    if (sitting && !pendingItem && view.phase === 'in_session') return act('close_session', 'all_sittings_done');
    return act('start_sitting', sitting ? 'previous_sitting_closed' : 'no_sitting_yet', { sittingTitle: suggestedTitle });
  }
  if (sitting.status === 'roll') {
    if (sitting.signIn === 'not_opened') return act('open_sign_in', 'sign_in_not_open', { sittingId: sitting.sittingId });
    const quorum = view.attendance.quorum;
    return act('open_sitting', quorum.met ? 'quorum_met' : 'quorum_short', {
      sittingId: sitting.sittingId,
      blocked: quorum.met ? null : { present: view.attendance.present, required: quorum.required },
    });
  }

  // The sitting is open: the ballot in hand first.
  const live = [...view.ballots].reverse();
  const open = live.find((b) => b.status === 'open');
  if (open) {
    const manual = open.method === 'manual';
    return act(manual ? 'enter_manual_count' : 'close_ballot', manual ? 'manual_ballot_open' : 'ballot_open', {
      ballotId: open.ballotId,
      ballotTitle: open.title,
    });
  }
  const closed = live.find((b) => b.status === 'closed');
  if (closed) {
    const countMissing = closed.method === 'manual' && closed.manualCounts === null;
    return act(countMissing ? 'enter_manual_count' : 'publish_result', countMissing ? 'manual_count_missing' : 'result_counted', {
      ballotId: closed.ballotId,
      ballotTitle: closed.title,
    });
  }

  // The current item: its prepared ballot, unless it has been held (a void is re-run).
  const current = view.agenda.find((item) => item.itemId === view.currentItemId);
  if (current && current.status === 'current' && current.ballot) {
    const held = view.ballots.filter((b) => b.itemId === current.itemId && b.followUpOf === null);
    const latest = held[held.length - 1];
    if (!latest || latest.status === 'void') {
      return act('open_prepared', latest ? 'ballot_voided_rerun' : 'item_has_prepared_ballot', {
        itemId: current.itemId,
        itemTitle: current.title,
        ballotTitle: current.ballot.title,
        ...(latest ? { rerunOf: latest.ballotId } : {}),
      });
    }
  }
  if (pendingItem) {
    return act('start_item', current ? 'item_finished' : 'first_item', { itemId: pendingItem.itemId, itemTitle: pendingItem.title });
  }
  return act('close_sitting', 'agenda_done', { sittingId: sitting.sittingId });
}
