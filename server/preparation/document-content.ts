import type { AgendaDocument, MeetingEvent } from '../../shared/domain/meeting';

/**
 * The content of agenda attachments. It lives in the meeting's log (DocumentAttached), so every
 * store and node has it; a node reads the log once per document and keeps the bytes in a bounded
 * cache, because 300 tablets opening the same report must not read the log 300 times. A docId is
 * made once by the server and never reused, so a cached entry can never go stale.
 */
export const DOCUMENT_CACHE_BYTES = 64 * 1024 * 1024;

export class DocumentCache {
  private readonly entries = new Map<string, Buffer>();
  /** Reads of the log in flight: a hall opening one report at once costs one read, not 300. */
  private readonly loading = new Map<string, Promise<Buffer | null>>();
  private bytes = 0;

  constructor(private readonly limit = DOCUMENT_CACHE_BYTES) {}

  private static key(meetingId: string, docId: string): string {
    return `${meetingId}\u0000${docId}`;
  }

  get(meetingId: string, docId: string): Buffer | undefined {
    const key = DocumentCache.key(meetingId, docId);
    const hit = this.entries.get(key);
    if (hit) {
      // Least recently used goes first: re-insert to move it to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The cached content, or `read` once (shared by concurrent callers) and cached when found. */
  async load(meetingId: string, docId: string, read: () => Promise<Buffer | null>): Promise<Buffer | null> {
    const hit = this.get(meetingId, docId);
    if (hit) return hit;
    const key = DocumentCache.key(meetingId, docId);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = read()
        .then((content) => {
          if (content) this.set(meetingId, docId, content);
          return content;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  set(meetingId: string, docId: string, content: Buffer): void {
    if (content.length > this.limit) return;
    const key = DocumentCache.key(meetingId, docId);
    if (this.entries.has(key)) return;
    this.entries.set(key, content);
    this.bytes += content.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}

/** The content of `docId` from a meeting's log, or null when no event attached it. */
export function contentFromLog(events: readonly MeetingEvent[], docId: string): Buffer | null {
  for (const event of events) {
    if (event.type === 'DocumentAttached' && event.document.docId === docId) return Buffer.from(event.content, 'base64');
  }
  return null;
}

/** The attachment's metadata in the current spec; a dropped attachment is no longer served. */
export function documentMeta(agenda: readonly { documents?: AgendaDocument[] }[], docId: string): AgendaDocument | null {
  for (const item of agenda) for (const doc of item.documents ?? []) if (doc.docId === docId) return doc;
  return null;
}

/** Content-Type of an attachment as served. */
export function contentTypeOf(kind: AgendaDocument['kind']): string {
  return kind === 'pdf' ? 'application/pdf' : 'text/plain; charset=utf-8';
}
