import type { ErrorCode } from '../../../shared/protocol/index';
import type { LocalErrorCode } from './protocol';
import { en, zh, type StringKey } from './strings';

export type Lang = 'zh-CN' | 'en';

const STORAGE_KEY = 'biaojue.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

class Locale {
  lang = $state<Lang>(storedLang());
}

export const locale = new Locale();

/** Sets the language for every screen on this device and the page's lang attribute (for screen readers). */
export function setLang(lang: Lang): void {
  locale.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or full storage: the choice just lasts for this page.
  }
}

export function toggleLang(): void {
  setLang(locale.lang === 'en' ? 'zh-CN' : 'en');
}

export type Params = Record<string, string | number>;

export function t(key: StringKey, params?: Params): string {
  const template: string = (locale.lang === 'en' ? en : zh)[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Every server and local error code has a message; this keeps that checked by the compiler. */
const ERROR_KEYS: Record<ErrorCode | LocalErrorCode, StringKey> = {
  UNKNOWN_SEAT: 'err.UNKNOWN_SEAT',
  UNKNOWN_ITEM: 'err.UNKNOWN_ITEM',
  UNKNOWN_BALLOT: 'err.UNKNOWN_BALLOT',
  PAIRING_CODE_INVALID: 'err.PAIRING_CODE_INVALID',
  SESSION_CLOSED: 'err.SESSION_CLOSED',
  WRONG_PHASE: 'err.WRONG_PHASE',
  QUORUM_NOT_MET: 'err.QUORUM_NOT_MET',
  BALLOT_IN_PROGRESS: 'err.BALLOT_IN_PROGRESS',
  ITEM_NOT_CURRENT: 'err.ITEM_NOT_CURRENT',
  DUPLICATE_BALLOT: 'err.DUPLICATE_BALLOT',
  RERUN_NEEDS_VOID: 'err.RERUN_NEEDS_VOID',
  BALLOT_NOT_OPEN: 'err.BALLOT_NOT_OPEN',
  BALLOT_NOT_CLOSED: 'err.BALLOT_NOT_CLOSED',
  BALLOT_VOID: 'err.BALLOT_VOID',
  DEADLINE_NOT_REACHED: 'err.DEADLINE_NOT_REACHED',
  REASON_REQUIRED: 'err.REASON_REQUIRED',
  COUNT_MISMATCH: 'err.COUNT_MISMATCH',
  NOT_SIGNED_IN: 'err.NOT_SIGNED_IN',
  INVALID_CHOICE: 'err.INVALID_CHOICE',
  ALREADY_VOTED: 'err.ALREADY_VOTED',
  INVALID_BALLOT_SPEC: 'err.INVALID_BALLOT_SPEC',
  ALREADY_RERUN: 'err.ALREADY_RERUN',
  FOLLOW_UP_NOT_POSSIBLE: 'err.FOLLOW_UP_NOT_POSSIBLE',
  MANUAL_BALLOT: 'err.MANUAL_BALLOT',
  NOT_MANUAL: 'err.NOT_MANUAL',
  MANUAL_COUNT_INVALID: 'err.MANUAL_COUNT_INVALID',
  MANUAL_COUNT_MISSING: 'err.MANUAL_COUNT_MISSING',
  RESULT_NOT_PUBLISHED: 'err.RESULT_NOT_PUBLISHED',
  CHAIR_APPROVAL_REQUIRED: 'err.CHAIR_APPROVAL_REQUIRED',
  UNKNOWN_REQUEST: 'err.UNKNOWN_REQUEST',
  REQUEST_ALREADY_DECIDED: 'err.REQUEST_ALREADY_DECIDED',
  SAME_PERSON: 'err.SAME_PERSON',
  UNKNOWN_BODY: 'year.err.UNKNOWN_BODY',
  UNKNOWN_RECORD: 'year.err.UNKNOWN_RECORD',
  DUPLICATE_RECORD: 'year.err.DUPLICATE_RECORD',
  WRONG_STATUS: 'year.err.WRONG_STATUS',
  QUOTA_EXCEEDED: 'year.err.QUOTA_EXCEEDED',
  FUND_EXCEEDED: 'year.err.FUND_EXCEEDED',
  BODY_UNAVAILABLE: 'year.err.BODY_UNAVAILABLE',
  INVALID_WALL_MODE: 'screens.err.invalidWallMode',
  INVALID_REVISION: 'prepare.err.invalidRevision',
  INVALID_DOCUMENT: 'prepare.err.invalidDocument',
  UNKNOWN_FLOOR_REQUEST: 'err.UNKNOWN_FLOOR_REQUEST',
  SITTING_NOT_OPEN: 'err.SITTING_NOT_OPEN',
  SITTING_IN_PROGRESS: 'err.SITTING_IN_PROGRESS',
  INVALID_SITTING: 'err.INVALID_SITTING',
  SIGN_IN_NOT_OPEN: 'err.SIGN_IN_NOT_OPEN',
  NO_COUNTDOWN: 'err.NO_COUNTDOWN',
  INVALID_COUNTDOWN: 'err.INVALID_COUNTDOWN',
  VOID_CONFIRMATION_PENDING: 'err.VOID_CONFIRMATION_PENDING',
  EMPTY_ROSTER: 'prepare.err.emptyRoster',
  BAD_REQUEST: 'err.BAD_REQUEST',
  UNAUTHORIZED: 'err.UNAUTHORIZED',
  FORBIDDEN: 'err.FORBIDDEN',
  MEETING_NOT_FOUND: 'err.MEETING_NOT_FOUND',
  MEETING_UNAVAILABLE: 'err.MEETING_UNAVAILABLE',
  DEVICE_REPLACED: 'err.DEVICE_REPLACED',
  BUSY_RETRY: 'err.BUSY_RETRY',
  STORE_UNAVAILABLE: 'err.STORE_UNAVAILABLE',
  INTERNAL: 'err.INTERNAL',
  TOO_MANY_ATTEMPTS: 'err.TOO_MANY_ATTEMPTS',
  CLIENT_TOO_OLD: 'err.CLIENT_TOO_OLD',
  TOO_MANY_CONNECTIONS: 'err.TOO_MANY_CONNECTIONS',
  RATE_LIMITED: 'err.RATE_LIMITED',
  TIMEOUT: 'err.TIMEOUT',
  OFFLINE: 'err.OFFLINE',
};

/** A refusal in the reader's language; an unknown code falls back to the server's own message. */
export function errorText(refusal: { code: string; message: string; details?: Record<string, unknown> }): string {
  const retryAfterSec = refusal.details?.['retryAfterSec'];
  if (refusal.code === 'TOO_MANY_ATTEMPTS' && typeof retryAfterSec === 'number' && retryAfterSec > 0) {
    return t('err.TOO_MANY_ATTEMPTS.wait', { minutes: Math.ceil(retryAfterSec / 60) });
  }
  const key = (ERROR_KEYS as Record<string, StringKey | undefined>)[refusal.code];
  return key ? t(key) : refusal.message;
}

if (typeof document !== 'undefined') document.documentElement.lang = locale.lang;
