import { Router } from 'express';
import QRCode from 'qrcode';
import type { MeetingState } from '../../shared/domain/meeting';
import { IssueCodesSchema, PairSchema } from '../../shared/protocol/http';
import { actorFor } from '../actor';
import { formatPairingCode } from '../pairing-codes';
import { parseWith } from '../validation';
import { pairingUrl, type ApiDeps } from './api-deps';
import { attemptGuard } from './attempt-guard';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError } from './respond';
import { SEAT_CARDS_STYLE, renderSeatCardsPage } from './seat-cards-page';
import { setPagePolicy } from './security-headers';
import { ticketOrRole } from './link-tickets';

function seatDetails(state: MeetingState, seatId: string) {
  const delegate = state.seats.get(seatId)?.delegate;
  return { seatNo: delegate?.seatNo ?? seatId, name: delegate?.name ?? '', group: delegate?.group ?? '' };
}

/**
 * Sixty unknown codes per address per ten minutes. A hall's 40-200 tablets may all reach the
 * server through one NAT address, and people mistype codes read off paper, so the limit must
 * be far above what a whole hall gets wrong while pairing at once; guessing stays hopeless:
 * a code is one of 31^10 ≈ 8·10^14, and 60 tries per 10 minutes are ~8 600 a day.
 */
export const PAIRING_LIMIT = { maxFailures: 60, windowMs: 10 * 60_000 };

/**
 * Unknown codes from all addresses together per ten minutes: bounds guessing from many
 * addresses at ~144 000 a day (still hopeless against 31^10 codes), and lies far above what
 * a hall of 200 tablets mistypes while pairing at once.
 */
export const PAIRING_GLOBAL_CAP = { maxFailures: 1000, windowMs: 10 * 60_000 };

export function pairingRoutes({ auth, service, logger, publicUrl, shared }: ApiDeps): Router {
  const router = Router();
  const secretariat = requireRole(auth, ['secretariat']);
  const guard = attemptGuard('pairing', PAIRING_LIMIT, { shared, logger, globalCap: PAIRING_GLOBAL_CAP });

  /** Issues fresh codes (replacing each seat's unused one) and returns them this once. */
  router.post('/meetings/:meetingId/pairing-codes', secretariat, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const parsed = parseWith(IssueCodesSchema, req.body ?? {});
    if (!parsed.ok) return sendError(res, parsed);
    const issued = await service.issuePairingCodes(meetingId, parsed.data.seatIds, actorFor(principalOf(res), ['secretariat']));
    if (!issued.ok) return sendError(res, issued);
    const state = service.cachedState(meetingId);
    const codes = issued.codes.map(({ seatId, code }) => ({
      seatId,
      ...(state ? seatDetails(state, seatId) : { seatNo: seatId, name: '', group: '' }),
      code,
      url: pairingUrl(publicUrl(), code),
    }));
    logger.info('pairing codes issued', { meetingId, count: codes.length, pending: issued.pendingRequestIds.length });
    // During an open ballot the codes wait for a chair's approval (two-person rule): say so.
    res.json({ ok: true, codes, pendingApproval: issued.pendingRequestIds });
  });

  /**
   * A printable sheet; opening it issues new codes, so earlier printed cards stop working. The
   * console opens it with a one-time link ticket (http/link-tickets.ts), never a token in the URL.
   */
  router.get('/meetings/:meetingId/seat-cards', ticketOrRole({ auth, oneTime: shared.oneTime }, 'seat-cards'), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const seatsParam = typeof req.query['seats'] === 'string' ? req.query['seats'] : undefined;
    const parsed = parseWith(IssueCodesSchema, {
      seatIds: seatsParam?.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    });
    if (!parsed.ok) return sendError(res, parsed);
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    const issued = await service.issuePairingCodes(meetingId, parsed.data.seatIds, actorFor(principalOf(res), ['secretariat']));
    if (!issued.ok) return sendError(res, issued);
    const cards = await Promise.all(
      issued.codes.map(async ({ seatId, code }) => ({
        ...seatDetails(state, seatId),
        code: formatPairingCode(code),
        qrSvg: await QRCode.toString(pairingUrl(publicUrl(), code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      })),
    );
    logger.info('seat cards issued', { meetingId, count: cards.length });
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    setPagePolicy(res, { styles: [SEAT_CARDS_STYLE] });
    res.type('html').send(renderSeatCardsPage({ meetingTitle: state.spec.title, bodyName: state.spec.body.name, cards }));
  });

  /** A tablet redeems its seat card: the answer is the delegate's token. */
  router.post('/pair', async (req, res) => {
    // Checked before the code: while locked out, a valid code is refused too (and stays valid).
    const client = await guard.admit(req, res);
    if (client === null) return;
    const parsed = parseWith(PairSchema, req.body);
    if (!parsed.ok) return sendError(res, parsed);
    const paired = await service.pairDevice(parsed.data.code, parsed.data.deviceId);
    if (!paired.ok && paired.code === 'PAIRING_CODE_INVALID') await guard.fail(client);
    if (!paired.ok) return sendError(res, paired);
    const { meetingId, seatId } = paired;
    const { token, expiresAt } = auth.sign({ role: 'delegate', meetingId, seatId, deviceId: parsed.data.deviceId });
    logger.info('device paired', { meetingId, seatId });
    res.json({ ok: true, token, expiresAt, meetingId, seatId });
  });

  return router;
}
