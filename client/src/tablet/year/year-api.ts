import type { DelegateYearView } from '../../../../shared/domain/year/views';
import { call, type Answer } from '../../console/staff-api';

/** A delegate's own year (issue 12): GET /api/my/year and the three things a tablet may do. */
export function myYear(token: string): Promise<Answer<{ year: DelegateYearView }>> {
  return call('/api/my/year', { token });
}

export function submitSuggestion(
  token: string,
  input: { title: string; content: string; category: string; coSigners: string[] },
): Promise<Answer<{ year: DelegateYearView; suggestionId: string }>> {
  return call('/api/my/suggestions', { method: 'POST', token, body: JSON.stringify(input) });
}

export function rateReply(token: string, suggestionId: string, rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied'): Promise<Answer<{ year: DelegateYearView }>> {
  return call(`/api/my/suggestions/${encodeURIComponent(suggestionId)}/rating`, { method: 'POST', token, body: JSON.stringify({ rating }) });
}

export function queueQuestion(token: string, inquiryId: string, text: string): Promise<Answer<{ year: DelegateYearView; questionId: string }>> {
  return call(`/api/my/inquiries/${encodeURIComponent(inquiryId)}/questions`, { method: 'POST', token, body: JSON.stringify({ text }) });
}
