/** Rejection codes of the body registry (issue 12); documented in docs/PROTOCOL.md. */
export const YEAR_ERROR_CODES = [
  /** No body with this id. */
  'UNKNOWN_BODY',
  /** No project, suggestion, supervised item, appointee, inquiry, question, member or fund year with this id in the body. */
  'UNKNOWN_RECORD',
  /** The id (or the year's one decision, or a session number) is taken. */
  'DUPLICATE_RECORD',
  /** The record is not in a status that allows this step (e.g. rating a reply before it is replied). */
  'WRONG_STATUS',
  /** R6.3: more members of a type than the standing committee's decision allows. */
  'QUOTA_EXCEEDED',
  /** The special fund's allocations would exceed the year's fund. */
  'FUND_EXCEEDED',
  /** The body's journal is damaged (a checksum fails in acknowledged data): served again once an operator restores it. */
  'BODY_UNAVAILABLE',
] as const;

export type YearErrorCode = (typeof YEAR_ERROR_CODES)[number];
