import { readJson, removeKey, writeJson } from '../lib/storage';
import type { StaffLogin } from './staff-api';

/**
 * The staff login lasts for one browser tab (sessionStorage): a console left open survives a
 * reload, but a shared laptop does not hand the next user a live token. It is dropped on logout
 * or when the server refuses it. The chosen meeting goes in the URL hash so a reload lands on it.
 */
const LOGIN_KEY = 'biaojue.console.login';

function isLogin(v: unknown): v is StaffLogin {
  const l = v as Partial<StaffLogin> | null;
  return (
    typeof l?.token === 'string' &&
    typeof l.accountId === 'string' &&
    typeof l.login === 'string' &&
    typeof l.name === 'string' &&
    Array.isArray(l.roles)
  );
}

export function loadLogin(): StaffLogin | null {
  return readJson(LOGIN_KEY, isLogin, 'session');
}

export function saveLogin(login: StaffLogin): void {
  writeJson(LOGIN_KEY, login, 'session');
}

export function forgetLogin(): void {
  removeKey(LOGIN_KEY, 'session');
}

export function meetingFromHash(): string | null {
  const match = /^#meeting=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  return match?.[1] ?? null;
}

export function setMeetingHash(meetingId: string | null): void {
  const url = new URL(window.location.href);
  url.hash = meetingId ? `meeting=${meetingId}` : '';
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}
