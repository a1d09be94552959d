/**
 * Photos and documents of a 民生实事 progress report (issue 12, R4 step 4: "percent, money spent,
 * photos or documents"). Like agenda attachments (../preparation/documents.ts), the content rides
 * in the body's log (ProgressAttachmentAdded), so the file journal, Redis and every node carry it
 * without a second store; the state keeps the metadata only. Pure: no I/O, no clock.
 */
import { bytesOfBase64, looksLikePdf } from '../preparation/documents';

export type ProgressAttachmentKind = 'pdf' | 'jpeg' | 'png';
export const PROGRESS_ATTACHMENT_KINDS: readonly ProgressAttachmentKind[] = ['pdf', 'jpeg', 'png'];

/**
 * One file at most 8 MiB: a phone photo of a site (3–5 MB) or a scanned 验收 report fits; every
 * command on the body reads its log, so the bound also bounds what one attachment costs them.
 */
export const MAX_PROGRESS_ATTACHMENT_BYTES = 8 * 1024 * 1024;
/** Files per quarterly report. */
export const MAX_ATTACHMENTS_PER_REPORT = 20;
/** Characters kept of a file name. */
export const MAX_FILE_NAME_CHARS = 100;

/** The metadata kept in the state and the views; the content is only in the event. */
export interface ProgressAttachment {
  docId: string;
  title: string;
  kind: ProgressAttachmentKind;
  /** The uploader's file name, sanitised (sanitizeFileName). */
  fileName: string;
  bytes: number;
  at: number;
  by: string;
}

/** JPEG: SOI marker then the start of the next marker (FF D8 FF), ISO/IEC 10918-1 B.2.1. */
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
/** PNG: the 8-byte signature, ISO/IEC 15948 §5.2. */
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** What the bytes are by their magic bytes (never by a name or a Content-Type); null for anything else. */
export function attachmentKindOf(bytes: Uint8Array): ProgressAttachmentKind | null {
  if (looksLikePdf(bytes)) return 'pdf';
  if (startsWith(bytes, JPEG_MAGIC)) return 'jpeg';
  if (startsWith(bytes, PNG_MAGIC)) return 'png';
  return null;
}

/** Why this content may not be attached as `kind`; [] when it may. */
export function attachmentProblems(kind: ProgressAttachmentKind, bytes: Uint8Array): string[] {
  if (bytes.length === 0) return ['文件为空 (the file is empty)'];
  if (bytes.length > MAX_PROGRESS_ATTACHMENT_BYTES) {
    return [`文件超过 ${MAX_PROGRESS_ATTACHMENT_BYTES / 1024 / 1024} MB (the file is larger than ${MAX_PROGRESS_ATTACHMENT_BYTES} bytes)`];
  }
  const actual = attachmentKindOf(bytes);
  if (actual === null) return ['只接受 PDF、JPEG 或 PNG 文件 (the content is not a PDF, JPEG or PNG file)'];
  if (actual !== kind) return [`文件内容是 ${actual.toUpperCase()}，不是 ${kind.toUpperCase()} (the content is ${actual}, not ${kind})`];
  return [];
}

/** The content decoded and checked, or why not. */
export function checkAttachmentContent(kind: ProgressAttachmentKind, base64: string): { ok: true; bytes: number } | { ok: false; problems: string[] } {
  const bytes = bytesOfBase64(base64);
  if (!bytes) return { ok: false, problems: ['内容不是 base64 (the content is not base64)'] };
  const problems = attachmentProblems(kind, bytes);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, bytes: bytes.length };
}

const EXTENSION: Record<ProgressAttachmentKind, string> = { pdf: '.pdf', jpeg: '.jpg', png: '.png' };

/**
 * A file name safe to store, show and send back in Content-Disposition: no directories, no
 * control or bidi-override characters, no quotes or reserved characters, not hidden, at most
 * MAX_FILE_NAME_CHARS, and ending in the extension of its real kind ("../../etc/passwd" → "passwd.pdf").
 */
export function sanitizeFileName(name: string, kind: ProgressAttachmentKind): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/["<>:|?*;%]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const ext = EXTENSION[kind];
  const stem = cleaned.replace(/\.(pdf|jpe?g|png)$/i, '').slice(0, MAX_FILE_NAME_CHARS - ext.length).trim();
  return `${stem || 'attachment'}${ext}`;
}

/** Content-Type of an attachment as served. */
export function attachmentContentType(kind: ProgressAttachmentKind): string {
  return kind === 'pdf' ? 'application/pdf' : kind === 'jpeg' ? 'image/jpeg' : 'image/png';
}
