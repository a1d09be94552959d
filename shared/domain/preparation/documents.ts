import type { AgendaDocument } from '../meeting';

/**
 * Agenda attachments (报告文本, 议案 PDF). Their content rides in the DocumentAttached event, so
 * the file journal, Redis, exports and every node carry it without a second store; the limit
 * keeps one event small enough for both stores and for a tablet on the hall's Wi-Fi.
 */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** Attachments per agenda item. */
export const MAX_DOCUMENTS_PER_ITEM = 20;

/** Every PDF file starts with "%PDF-" (ISO 32000-1 §7.5.2). */
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];

export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b);
}

/** Whether text content is UTF-8 without control characters other than tab and line breaks. */
export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

/** Why this content may not be attached as `kind`; [] when it may. */
export function documentProblems(kind: AgendaDocument['kind'], bytes: Uint8Array): string[] {
  if (bytes.length === 0) return ['文件为空 (the file is empty)'];
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return [`文件超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB (the file is larger than ${MAX_DOCUMENT_BYTES} bytes)`];
  }
  if (kind === 'pdf' && !looksLikePdf(bytes)) return ['不是 PDF 文件 (the file does not start with %PDF-)'];
  if (kind === 'text' && !isPlainText(bytes)) return ['不是 UTF-8 纯文本 (the text is not plain UTF-8)'];
  return [];
}

/** Base64 to bytes without Node's Buffer (shared code runs in browsers too). */
export function bytesOfBase64(base64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return null;
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
