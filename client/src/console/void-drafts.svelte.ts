/** The void form of one ballot: whether it is open, and the reason typed so far. */
export class VoidDraft {
  asking = $state(false);
  reason = $state('');
}

/**
 * Each ballot's void form, kept apart from the control that shows it. A ballot that closes (by
 * the presidium or its countdown) while its void reason is being written moves from the live
 * panel to the closed one; the control there shows the same form, open, with what was typed,
 * instead of the form vanishing with the live panel. One small record per ballot of the sitting.
 */
const drafts = new Map<string, VoidDraft>();

export function voidDraftOf(ballotId: string): VoidDraft {
  let draft = drafts.get(ballotId);
  if (!draft) {
    draft = new VoidDraft();
    drafts.set(ballotId, draft);
  }
  return draft;
}
