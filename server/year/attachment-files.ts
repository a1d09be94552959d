import express, { type RequestHandler, type Response } from 'express';
import { MAX_PROGRESS_ATTACHMENT_BYTES, attachmentContentType, type ProgressAttachment } from '../../shared/domain/year/attachments';
import type { BodyState } from '../../shared/domain/year/body';
import { errorAck } from '../../shared/protocol/errors';
import { sendError } from '../http/respond';
import type { BodyRegistry } from './body-registry';

/** What an upload may declare; the kind itself is always read from the magic bytes. */
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

/**
 * The raw file of a progress attachment into req.body (a Buffer), at most 8 MiB. The API's JSON
 * parser skips these content types, so no base64 detour; a larger file is refused with the
 * attachment's own code and limit, not the API's generic 256 kB message.
 */
export function progressUpload(): RequestHandler {
  const raw = express.raw({ type: UPLOAD_TYPES, limit: MAX_PROGRESS_ATTACHMENT_BYTES });
  return (req, res, next) =>
    raw(req, res, (err?: unknown) => {
      if (!err) return next();
      const tooLarge = (err as { type?: unknown }).type === 'entity.too.large';
      sendError(
        res,
        errorAck('INVALID_DOCUMENT', tooLarge ? `文件超过 ${MAX_PROGRESS_ATTACHMENT_BYTES / 1024 / 1024} MB (larger than ${MAX_PROGRESS_ATTACHMENT_BYTES} bytes)` : 'the upload could not be read'),
        tooLarge ? 413 : 400,
      );
    });
}

/** The attachment's metadata on an adopted project of the body; null when there is none. */
export function attachmentOf(state: BodyState, projectId: string, docId: string): ProgressAttachment | null {
  const project = state.projects.get(projectId);
  if (!project?.adopted) return null;
  for (const report of project.progress) for (const a of report.attachments ?? []) if (a.docId === docId) return a;
  return null;
}

/** GET of a progress attachment, to staff of the body or its delegates (the callers check who). */
export async function sendAttachment(res: Response, bodies: BodyRegistry, state: BodyState, projectId: string, docId: string): Promise<void> {
  const meta = attachmentOf(state, projectId, docId);
  if (!meta) return sendError(res, errorAck('UNKNOWN_RECORD', `no file ${docId} in project ${projectId}`), 404);
  const content = await bodies.attachmentContent(state.info.bodyId, meta.docId);
  if (!content) return sendError(res, errorAck('INTERNAL', `file ${meta.docId} has no content in the log`));
  res.set('Content-Type', attachmentContentType(meta.kind));
  res.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`);
  res.set('Cache-Control', 'private, no-store');
  res.set('X-Content-Type-Options', 'nosniff');
  res.send(content);
}
