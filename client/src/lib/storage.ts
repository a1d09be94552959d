/**
 * JSON in Web Storage, tolerant of private mode, full storage and hand-edited junk.
 * 'local' survives a reload and a restart (tablets); 'session' lasts for one tab (staff logins).
 */
export type StorageArea = 'local' | 'session';

function area(which: StorageArea): Storage {
  return which === 'local' ? localStorage : sessionStorage;
}

export function readJson<T>(key: string, isValid: (value: unknown) => value is T, which: StorageArea = 'local'): T | null {
  try {
    const raw = area(which).getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Returns false when the value could not be stored, so callers that depend on it can say so. */
export function writeJson(key: string, value: unknown, which: StorageArea = 'local'): boolean {
  try {
    area(which).setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function removeKey(key: string, which: StorageArea = 'local'): void {
  try {
    area(which).removeItem(key);
  } catch {
    // Nothing stored, nothing to remove.
  }
}
