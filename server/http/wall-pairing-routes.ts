import { Router } from 'express';
import QRCode from 'qrcode';
import { WallPairSchema } from '../../shared/protocol/http';
import { formatPairingCode, generatePairingCode, normalizePairingCode } from '../pairing-codes';
import { parseWith } from '../validation';
import { STAFF_ROLES, type ApiDeps } from './api-deps';
import { attemptGuard } from './attempt-guard';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { PAIRING_GLOBAL_CAP, PAIRING_LIMIT } from './pairing-routes';
import { requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';

/** How long a wall code shown on the console stays usable: time to walk to the projector PC. */
export const WALL_CODE_TTL_MS = 10 * 60_000;

const storeKey = (code: string) => `wall-code:${code}`;

/** The link in the wall code's QR: opening it pairs the projector's browser. */
export function wallPairingUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/wall.html?pair=${encodeURIComponent(code)}`;
}

/**
 * The wall pairs like a tablet: the console asks for a one-time code (shown as text and QR),
 * the projector's browser redeems it once and keeps the wall token in its own storage. No
 * wall token is ever put in a URL, so none sits in a bookmark, the history or a screenshot of
 * the address bar, and an old link opens nothing.
 *
 * This is the console's side, mounted on /api/meetings (api.ts); the projector's is
 * wallPairingRoutes below.
 */
export function wallCodeRoutes({ auth, service, logger, publicUrl, shared }: ApiDeps): Router {
  const router = Router();

  router.post('/:meetingId/wall-code', requireRole(auth, STAFF_ROLES), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    if (!(await service.stateOf(meetingId))) return sendError(res, meetingNotFound(meetingId));
    const code = generatePairingCode();
    await shared.oneTime.put(storeKey(code), meetingId, WALL_CODE_TTL_MS);
    const url = wallPairingUrl(publicUrl(), code);
    const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    logger.info('wall code issued', { meetingId });
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, code: formatPairingCode(code), url, qrSvg, expiresAt: service.now() + WALL_CODE_TTL_MS });
  });

  return router;
}

/** The projector's browser redeems the wall code (POST /api/wall/pair): the answer is the wall token. */
export function wallPairingRoutes({ auth, service, logger, shared }: ApiDeps): Router {
  const router = Router();
  const guard = attemptGuard('wall pairing', PAIRING_LIMIT, { shared, logger, globalCap: PAIRING_GLOBAL_CAP });

  router.post('/wall/pair', async (req, res) => {
    // Checked before the code: while locked out, a valid code is refused too (and stays valid).
    const client = await guard.admit(req, res);
    if (client === null) return;
    const parsed = parseWith(WallPairSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const meetingId = await shared.oneTime.take(storeKey(normalizePairingCode(parsed.data.code)));
    if (meetingId === null) {
      await guard.fail(client);
      return sendErrorCode(res, 'PAIRING_CODE_INVALID', 'unknown, used or expired wall code; get a new one from the console');
    }
    if (!(await service.stateOf(meetingId))) return sendError(res, meetingNotFound(meetingId));
    const { token, expiresAt } = auth.sign({ role: 'wall', meetingId });
    logger.info('wall paired', { meetingId });
    res.set('Cache-Control', 'no-store');
    res.json({ ok: true, token, expiresAt, meetingId });
  });

  return router;
}
