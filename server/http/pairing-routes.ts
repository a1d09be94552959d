import { Router } from 'express';
import QRCode from 'qrcode';
import type { MeetingState } from '../../shared/domain/meeting';
import { IssueCodesSchema, PairSchema } from '../../shared/protocol/http';
import { IdSchema } from '../../shared/protocol/ids';
import { actorFor } from '../actor';
import { formatPairingCode } from '../pairing-codes';
import { parseWith } from '../validation';
import { pairingUrl, type ApiDeps } from './api-deps';
import { attemptGuard } from './attempt-guard';
import { meetingIdParam, meetingNotFound } from './meeting-param';
import { principalOf, requireRole } from './require-role';
import { sendError, sendErrorCode } from './respond';
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

/**
 * The secretariat's seat cards, mounted on /api/meetings (api.ts): codes issued, a card voided,
 * the printable sheet. The tablet's side, redeeming a card, is pairingRoutes below.
 */
export function seatCardRoutes({ auth, service, logger, publicUrl, shared }: ApiDeps): Router {
  const router = Router();
  const secretariat = requireRole(auth, ['secretariat']);

  /**
   * Issues fresh codes (replacing each seat's unused one) and returns them this once, in the one
   * format printed on the cards and typed on the tablet ("ABCDE-FGHJK"). Only hashes are stored.
   */
  router.post('/:meetingId/pairing-codes', secretariat, async (req, res) => {
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
      code: formatPairingCode(code),
      url: pairingUrl(publicUrl(), formatPairingCode(code)),
    }));
    logger.info('pairing codes issued', { meetingId, count: codes.length, pending: issued.pendingRequestIds.length });
    // During an open ballot the codes wait for a chair's approval (two-person rule): say so.
    res.json({ ok: true, codes, pendingApproval: issued.pendingRequestIds });
  });

  /** Voids one seat's printed card: its unused code stops pairing. A paired tablet stays paired. */
  router.post('/:meetingId/seats/:seatId/revoke-card', secretariat, async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const seatId = parseWith(IdSchema, req.params['seatId']);
    if (!seatId.ok) return sendError(res, { ...seatId, message: `seatId: ${seatId.message}` });
    const outcome = await service.execute(meetingId, [{ type: 'RevokePairingCode', seatId: seatId.data }], actorFor(principalOf(res), ['secretariat']));
    if (!outcome.ok) return sendError(res, outcome);
    logger.info('seat card revoked', { meetingId, revoked: outcome.events.length > 0 });
    res.json({ ok: true, revoked: outcome.events.length > 0 });
  });

  /**
   * The printable sheet. It issues codes only through a link ticket minted for it (the console's
   * confirmed "issue and print"), once: the ticket is spent on first use, so reloading the page
   * or opening it again never re-issues codes and never voids a printed card (issue 10). A
   * staff token without a ticket gets no page: printing always goes through that confirmation.
   */
  router.get('/:meetingId/seat-cards', ticketOrRole({ auth, oneTime: shared.oneTime }, 'seat-cards'), async (req, res) => {
    const meetingId = meetingIdParam(req.params['meetingId'], res);
    if (!meetingId) return;
    const ticket = res.locals['linkTicket'] as { seatIds?: string[] } | undefined;
    if (!ticket) {
      return sendErrorCode(
        res,
        'BAD_REQUEST',
        'printing seat cards issues new codes: confirm it on the console (POST link-tickets {purpose:"seat-cards", seatIds?}) and open that link',
      );
    }
    const state = await service.stateOf(meetingId);
    if (!state) return sendError(res, meetingNotFound(meetingId));
    const issued = await service.issuePairingCodes(meetingId, ticket.seatIds, actorFor(principalOf(res), ['secretariat']));
    if (!issued.ok) return sendError(res, issued);
    const cards = await Promise.all(
      issued.codes.map(async ({ seatId, code }) => ({
        ...seatDetails(state, seatId),
        code: formatPairingCode(code),
        qrSvg: await QRCode.toString(pairingUrl(publicUrl(), formatPairingCode(code)), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      })),
    );
    logger.info('seat cards issued', { meetingId, count: cards.length, pending: issued.pendingRequestIds.length });
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    setPagePolicy(res, { styles: [SEAT_CARDS_STYLE] });
    res.type('html').send(
      renderSeatCardsPage({
        meetingTitle: state.spec.title,
        bodyName: state.spec.body.name,
        cards,
        reprint: ticket.seatIds !== undefined,
        pendingApproval: issued.pendingRequestIds.length > 0,
      }),
    );
  });

  return router;
}

/** A tablet redeems its seat card (POST /api/pair): the answer is the delegate's token. */
export function pairingRoutes({ auth, service, logger, shared }: ApiDeps): Router {
  const router = Router();
  const guard = attemptGuard('pairing', PAIRING_LIMIT, { shared, logger, globalCap: PAIRING_GLOBAL_CAP });

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
    // The tablet's next request is its WebSocket, on a connection of its own (a browser does not
    // upgrade a pooled one): kept alive, this one would sit idle until keepAliveTimeout, holding
    // a file descriptor, its buffers and a place under the per-address cap (open-connections.ts)
    // while the whole hall signs in, behind one NAT address as often as not. A refused code keeps
    // its connection: the delegate types it again.
    res.set('Connection', 'close');
    res.json({ ok: true, token, expiresAt, meetingId, seatId });
  });

  return router;
}
