import type { Refusal } from '../lib/protocol';
import { linkTicket, type LinkRequest } from './staff-api';

/**
 * Opens a printable page in a new tab, or starts a download, through a one-time link ticket.
 * The tab is opened before the request, while the click still counts as the user's (popup
 * blockers allow only that), and is pointed at the ticket's URL once it arrives. Resolves to
 * the refusal when the server said no, else null.
 */
export async function openLink(token: string, meetingId: string, request: LinkRequest, mode: 'tab' | 'download'): Promise<Refusal | null> {
  const tab = mode === 'tab' ? window.open('', '_blank') : null;
  const answer = await linkTicket(token, meetingId, request);
  if (!answer.ok) {
    tab?.close();
    return answer;
  }
  if (mode === 'download') {
    const anchor = document.createElement('a');
    anchor.href = answer.url;
    anchor.download = '';
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  } else if (tab) {
    tab.opener = null; // the page must not reach back into the console
    tab.location.replace(answer.url);
  } else {
    window.open(answer.url, '_blank', 'noopener');
  }
  return null;
}
