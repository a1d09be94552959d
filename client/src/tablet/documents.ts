/** An agenda item's document as the view lists it (metadata only; PREPARE serves the content). */
export interface AgendaDocumentMeta {
  docId: string;
  title: string;
  kind: 'text' | 'pdf';
  bytes: number;
}

/** The documents of a view's agenda item, read defensively: views before documents existed have none. */
export function documentsOf(item: unknown): AgendaDocumentMeta[] {
  const docs = (item as { documents?: unknown } | null)?.documents;
  if (!Array.isArray(docs)) return [];
  return docs.filter(
    (d): d is AgendaDocumentMeta =>
      typeof d === 'object' && d !== null && typeof d.docId === 'string' && typeof d.title === 'string' && (d.kind === 'text' || d.kind === 'pdf'),
  );
}

export type LoadedDocument = { ok: true; kind: 'text'; text: string } | { ok: true; kind: 'pdf'; url: string } | { ok: false };

/**
 * GET /api/meetings/:meetingId/documents/:docId with the delegate's token (never in a URL). A PDF
 * becomes a blob: URL for the browser's own viewer (zoom, pages); the caller revokes it.
 */
export async function loadDocument(token: string, meetingId: string, doc: AgendaDocumentMeta): Promise<LoadedDocument> {
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/documents/${encodeURIComponent(doc.docId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return { ok: false };
    if (doc.kind === 'pdf') return { ok: true, kind: 'pdf', url: URL.createObjectURL(await res.blob()) };
    return { ok: true, kind: 'text', text: await res.text() };
  } catch {
    return { ok: false };
  }
}
