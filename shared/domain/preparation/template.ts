import type { MeetingSpec } from '../meeting';

/**
 * A new meeting of the same body from a previous one (issue 10: "copy a previous meeting as a
 * template"): the roster, the agenda with its prepared ballots, the presidium list, the hall and
 * the settings. Nothing of what happened is copied, because a spec holds none of it: pairing
 * codes, attendance, votes and results live in the log's later events. Attachments are left
 * behind (their content is in the old meeting's log), and the session number moves on by one.
 */
export function specFromTemplate(
  template: MeetingSpec,
  fresh: { meetingId: string; title: string; dates?: { start: string; end: string } },
): MeetingSpec {
  const spec: MeetingSpec = {
    meetingId: fresh.meetingId,
    body: { ...template.body },
    title: fresh.title,
    delegates: template.delegates.map((d) => ({ ...d })),
    presidium: [...template.presidium],
    agenda: template.agenda.map(({ documents: _documents, ...item }) => ({ ...item })),
  };
  if (template.settings) spec.settings = { ...template.settings };
  if (template.hall) spec.hall = { ...template.hall };
  if (template.sessionNo !== undefined) spec.sessionNo = template.sessionNo + 1;
  if (fresh.dates) spec.dates = fresh.dates;
  return spec;
}

/** Whether two meetings are of the same body (a template must be). */
export function sameBody(a: MeetingSpec['body'], b: MeetingSpec['body']): boolean {
  return a.kind === b.kind && a.name.trim() === b.name.trim();
}
