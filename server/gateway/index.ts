import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { MAX_PAYLOAD_BYTES, PING_INTERVAL_MS, PING_TIMEOUT_MS, SERVER_EVENTS } from '../../shared/protocol/socket';
import type { Auth } from '../auth';
import type { Logger } from '../logger';
import type { MeetingService } from '../meeting-service';
import { viewFor } from './audience-view';
import { eventBinding, type BindDeps } from './bind-event';
import type { GatewayServer, GatewaySocket } from './connection';
import { ConnectionQuota } from './connection-quota';
import { EventRate } from './event-rate';
import { FanOut } from './fan-out';
import { authenticate } from './handshake';
import type { Metrics } from '../metrics';
import { createHandlers } from './handlers';
import { rooms } from './rooms';
import { gatewayLimitsFromEnv, type GatewayLimits } from './limits';
import { guardOutgoingBuffer } from './outgoing-buffer';
import { SeatMapPush } from './seat-map-push';
import { cutSilentPeer } from './silent-peer';
import { GatewayWebSocketServer } from './websocket-engine';
import { textOnlyParser } from './text-encoder';

interface GatewayDeps {
  auth: Auth;
  service: MeetingService;
  logger: Logger;
  /**
   * Cluster mode: accept WebSocket only. HTTP long-polling sends each request of one session
   * to whichever node the proxy picks, which needs sticky sessions the deploy does not have;
   * refusing polling outright (HTTP 400 "Transport unknown") beats half-working sessions.
   */
  websocketOnly?: boolean;
  /** Connections, events and buffered bytes a token or socket may cost; default: the SOCKET_* environment (limits.ts). */
  limits?: GatewayLimits;
  /** Cast outcomes and ack latency for the operator (server/metrics.ts). */
  metrics?: Pick<Metrics, 'observeCast'>;
}

export interface Gateway {
  io: GatewayServer;
  close(): Promise<void>;
}


const NAMESPACE_CONNECT_MS = 10_000;

/** What a connection's handshake auth reads once the handshake has read it: nothing. */
const SPENT_AUTH: Record<string, never> = Object.freeze({});

export function createGateway(
  httpServer: HttpServer,
  { auth, service, logger, websocketOnly = false, limits = gatewayLimitsFromEnv(), metrics }: GatewayDeps,
): Gateway {
  const io: GatewayServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    // A client connects its namespace (the handshake with its token) right after the transport
    // opens; a connection that has not, or whose handshake was refused, is closed after this
    // instead of Socket.IO's 45 s (it held 13 KB a connection for them: docs/SECURITY.md).
    connectTimeout: NAMESPACE_CONNECT_MS,
    transports: websocketOnly ? ['websocket'] : ['websocket', 'polling'],
    serveClient: false,
    // A closed WebSocket waits 5 s for its peer's close frame, not ws's 30 (websocket-engine.ts).
    wsEngine: GatewayWebSocketServer,
    // Every packet is JSON text (the event map checks it): no search for binary per ack.
    parser: textOnlyParser,
  });
  // websocketOnly is set exactly in cluster mode (app.ts): presence then spans the nodes.
  const seatMap = new SeatMapPush(io, service, logger, websocketOnly);
  const handlers = createHandlers(service, seatMap);
  const fanOut = new FanOut(io, service, logger, seatMap.presence);
  const log = logger.child({ part: 'gateway' });

  const quota = new ConnectionQuota(limits, log);
  const eventRate = new EventRate(limits, log);
  const bindDeps: BindDeps = { service, logger: log, eventRate, ...(metrics ? { answered: castsObservedBy(metrics) } : {}) };
  const events = eventBinding(handlers, bindDeps);

  /**
   * One 'disconnect' listener for every connection, the socket as `this`: a closure and a once
   * wrapper per component per connection were ~1.5 KB per tablet (docs/BENCHMARKS.md, memory).
   * No listener of ours is on the engine's connection: its 'close' array holds Socket.IO's two,
   * and a third grew it by ~140 bytes per tablet.
   */
  const forgetConnection = function (this: GatewaySocket, reason: string) {
    // A peer silent through the heartbeat is cut at once (silent-peer.ts).
    if (reason === 'ping timeout') cutSilentPeer(this.conn);
    eventRate.forget(this);
    seatMap.untrack(this);
    quota.release(this);
  };

  io.use(authenticate({ auth, service, logger: log }));
  // After authentication: the quota counts per token and seat, which only a valid token names.
  io.use(quota.middleware());

  io.on('connection', (socket: GatewaySocket) => {
    // The token was read by the handshake and the quota (which keeps its keys, not the token):
    // not kept for the connection's life (~340 bytes per tablet, and one secret fewer in memory).
    // One empty object for every connection, not a new one each (56 bytes).
    socket.handshake.auth = SPENT_AUTH;
    const { meetingId, principal, room } = socket.data;
    void socket.join(room);
    // A tablet is also in its meeting's tablet room, where the shared part of its view goes once.
    if (principal.role === 'delegate') void socket.join(rooms.tablets(meetingId));
    seatMap.track(socket);
    socket.on('disconnect', forgetConnection);
    // Revoking a staff session disconnects its sockets on every node (app.ts, accounts).
    if (principal.role === 'staff') void socket.join(rooms.session(principal.sessionId));
    guardOutgoingBuffer(socket, limits.outgoingBufferBytes, log);
    // One middleware takes every client event (bind-event.ts): the event rate first, then the
    // checks and the handler (a tablet's at the end of the turn); nothing per event name per socket.
    events.bind(socket);

    // A new connection sees its audience's view at once, without asking.
    const state = service.cachedState(meetingId);
    const view = state && viewFor(principal, state, service.epochOf(meetingId));
    if (view) socket.emit(SERVER_EVENTS.view, view);
    log.debug('connected', { meetingId, role: principal.role });
  });

  return {
    io,
    /**
     * Disconnects this node's sockets (only these: with the Redis adapter `io.disconnectSockets`
     * would reach every node); Socket.IO then closes the HTTP server it is attached to.
     */
    close: async () => {
      events.close();
      fanOut.close();
      seatMap.close();
      io.local.disconnectSockets(true);
      await io.close();
    },
  };
}

/**
 * Every answer to a `ballot:cast` for the operator's metrics, by outcome (`recorded`, `duplicate`
 * or the refusal's code, a gateway's refusal included), with the time from the event reaching
 * the gateway to its answer.
 */
function castsObservedBy(metrics: Pick<Metrics, 'observeCast'>): NonNullable<BindDeps['answered']> {
  return (event, answer, startedMs) => {
    if (event !== 'ballot:cast') return;
    const outcome = answer.ok ? (answer['duplicate'] === true ? 'duplicate' : 'recorded') : answer.code;
    metrics.observeCast(outcome, (performance.now() - startedMs) / 1000);
  };
}
