// First: the transport's loggers must be settled before Socket.IO loads (transport-debug.ts).
import './gateway/transport-debug';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AccountService } from './accounts/account-service';
import { EmbeddedAccountStore } from './accounts/embedded-store';
import type { AccountStore } from './accounts/types';
import { createAuth, isStaff, type Auth } from './auth';
import { systemClock, type Clock } from './clock';
import { defaultPublicUrl, type Config } from './config';
import { createGateway } from './gateway';
import { gatewayLimitsFromEnv, type GatewayLimits } from './gateway/limits';
import type { GatewayServer } from './gateway/connection';
import { rooms } from './gateway/rooms';
import { createApi } from './http/api';
import { STOP_GRACE_MS, trackConnections } from './http/open-connections';
import { refusedConnectionsLog } from './http/refused-connections-log';
import { healthCheck } from './http/health';
import { SOCKET_HTTP_HEADERS, securityHeaders } from './http/security-headers';
import { memorySharedState, type SharedState } from './http/shared-state';
import { createLogger, type Logger } from './logger';
import type { Metrics } from './metrics';
import { MeetingService } from './meeting-service';
import type { MeetingStore } from './store/types';
import type { BodyStore } from './year/body-store';
import { bodyRegistryFor, type BodyRegistry } from './year/body-registry';

export interface AppOptions {
  config: Config;
  store: MeetingStore;
  /** Defaults to the system clock; tests inject one to pass deadlines without sleeping. */
  clock?: Clock;
  logger?: Logger;
  /** Whether the store is reachable now (cluster mode: every Redis connection up); default always. */
  ready?: () => boolean;
  /** Attempt counts and one-time values; cluster mode passes the Redis-backed ones (default: memory). */
  shared?: SharedState;
  /** Staff accounts: cluster mode passes the Redis store; default a file in config.dataDir. */
  accounts?: AccountStore;
  /** The operator's metrics (METRICS_PORT); casts and connections are reported to it. */
  metrics?: Metrics;
  /** The body registry's store (issue 12): cluster mode passes the Redis one; default a journal in config.dataDir. */
  bodies?: BodyStore;
  /** What a token, seat, connection or address may cost; default the SOCKET_* environment (gateway/limits.ts). */
  limits?: GatewayLimits;
}

/** The first administrator made at this start, when the password was generated (non-production only). */
export interface FirstAdmin {
  login: string;
  password: string;
}

export interface App {
  httpServer: HttpServer;
  io: GatewayServer;
  service: MeetingService;
  /** The body registry (issue 12, server/year/). */
  bodies: BodyRegistry;
  auth: Auth;
  accounts: AccountService;
  /** Set by listen when it had to generate the first administrator's password (printed once, never in production). */
  firstAdmin: FirstAdmin | null;
  /** Loads the meetings (closing overdue ballots), then listens on `port` (default config.port; 0 = any). */
  listen(port?: number): Promise<{ port: number }>;
  /** Base URL for links: PUBLIC_URL, or derived from the bound port. */
  publicUrl(): string;
  /** Stops timers, disconnects every socket and closes the HTTP server. The store stays open. */
  close(): Promise<void>;
}

export function createApp({
  config,
  store,
  clock = systemClock,
  logger = createLogger(config.logLevel),
  ready = () => true,
  shared,
  accounts: accountStore,
  metrics,
  bodies: bodyStore,
  limits = gatewayLimitsFromEnv(),
}: AppOptions): App {
  const accounts = new AccountService(
    async () => accountStore ?? (await EmbeddedAccountStore.open(config.dataDir, () => clock.now())),
    () => clock.now(),
    logger.child({ part: 'accounts' }),
  );
  const auth = createAuth(config.jwtSecret, accounts);
  const service = new MeetingService({ store, clock, logger: logger.child({ part: 'service' }) });
  const bodies = bodyRegistryFor(bodyStore, config.dataDir, clock, logger.child({ part: 'bodies' }));
  const sharedState = shared ?? memorySharedState(() => service.now());
  let boundPort: number | null = null;
  const publicUrl = () => config.publicUrl ?? defaultPublicUrl(boundPort ?? config.port);

  const web = express();
  web.disable('x-powered-by');
  web.use(securityHeaders());
  // req.ip: the TCP peer, or the X-Forwarded-For entry added by the trusted proxy (TRUST_PROXY).
  web.set('trust proxy', config.trustProxy);
  web.get(
    '/api/health',
    healthCheck(ready, () => service.now(), {
      quarantined: () => service.quarantinedMeetings(),
      isStaffToken: async (token) => {
        const principal = await auth.authenticate(token).catch(() => null);
        return principal !== null && isStaff(principal);
      },
    }),
  );
  web.use('/api', createApi({ config, auth, accounts, service, logger: logger.child({ part: 'http' }), publicUrl, shared: sharedState, bodies }));
  web.get('/', (_req, res) => res.redirect('/console.html'));
  web.use(express.static(config.clientDir, { index: false }));

  const httpServer = createServer(web);
  // The trusted proxies carry everyone's connections: not counted against one address.
  const trustedProxy = web.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const logRefused = refusedConnectionsLog(logger.child({ part: 'http' }), limits.perAddress);
  const connections = trackConnections(httpServer, {
    perAddress: limits.perAddress,
    exempt: (address) => trustedProxy(address, 0),
    closedEarly: (reason, address) => {
      metrics?.observeClosedEarly(reason);
      if (reason === 'per_address') logRefused(address);
    },
  });
  const gateway = createGateway(httpServer, { auth, service, logger, websocketOnly: config.redisUrl !== null, limits, ...(metrics ? { metrics } : {}) });
  metrics?.watch(gateway.io);
  gateway.io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, SOCKET_HTTP_HEADERS));
  // A revoked session (or a changed account) loses its live sockets on every node (the adapter relays it).
  accounts.sessionsEnded.add(({ sessionIds }) => gateway.io.in(sessionIds.map(rooms.session)).disconnectSockets(true));

  const app: App = {
    httpServer,
    io: gateway.io,
    service,
    bodies,
    auth,
    accounts,
    firstAdmin: null,
    publicUrl,
    async listen(port = config.port) {
      await accounts.start();
      const admin = await accounts.ensureFirstAdmin(config.adminPassword, !config.production);
      if (admin?.generated) app.firstAdmin = { login: admin.login, password: admin.password };
      await service.start();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, config.host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      boundPort = (httpServer.address() as AddressInfo).port;
      logger.info('listening', { host: config.host, port: boundPort });
      return { port: boundPort };
    },
    async close() {
      service.stop();
      // Stop accepting first; the promise settles once every connection has ended.
      const httpClosed = httpServer.listening
        ? new Promise<void>((resolve) => httpServer.close(() => resolve()))
        : Promise.resolve();
      // Every socket gets its goodbye now; a peer that has not closed by the deadline (gone from
      // the Wi-Fi, a request never finished) is cut, or the stop would wait on it.
      const deadline = setTimeout(() => {
        const cut = connections.cutAll();
        logger.warn('stop: cut the connections still open after the grace', { count: cut, graceMs: STOP_GRACE_MS });
      }, STOP_GRACE_MS);
      try {
        await gateway.close();
        await httpClosed;
      } finally {
        clearTimeout(deadline);
      }
      // The account store given by the caller (cluster) is the caller's to close.
      if (!accountStore) await accounts.close();
    },
  };
  return app;
}
