import { createApp, type App } from './app';
import { startupBanner } from './banner';
import { ensureClientBuilt } from './client-build';
import { ConfigError, loadConfig, type Config, type LoadedConfig } from './config';
import { createDemoAccounts, DEMO_MEETING_ID, demoMeetingSpec, demoStandingCommitteeSpec } from './demo-meeting';
import { createDemoYear } from './demo-year';
import { pairingUrl } from './http/api-deps';
import type { SharedState } from './http/shared-state';
import type { AccountStore } from './accounts/types';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { openStore } from './store/index';
import type { StoreObserver } from './store/observer';
import { hostname } from 'node:os';
import type { MeetingStore } from './store/types';
import type { BodyStore } from './year/body-store';
import { RedisBodyStore } from './year/redis-body-store';

const STAFF_NAME = '秘书处';

function readConfig(): LoadedConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`biaojue: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * A first start on an empty store gets the demo township congress, outside production only: a
 * production store holds real meetings, created by the secretariat.
 */
async function ensureSomeMeeting(app: App, store: MeetingStore, config: Config, logger: Logger): Promise<string | null> {
  const ids = await store.listMeetings();
  if (ids.length > 0) return ids[0] ?? null;
  if (config.production) return null;
  const spec = demoMeetingSpec();
  const created = await app.service.createMeeting(spec, { role: 'secretariat', name: 'demo' });
  // Cluster nodes starting together on an empty Redis race for the demo: one of them wins.
  if (!created.ok && created.details?.['exists']) return spec.meetingId;
  if (!created.ok) throw new Error(`could not create the demo meeting: ${created.message}`);
  logger.info('demo meeting created', { meetingId: spec.meetingId, delegates: spec.delegates.length });
  // The second demo, a county standing committee (任免 batch, 述职测评): server/demo-standing-committee.ts.
  await app.service.createMeeting(demoStandingCommitteeSpec(), { role: 'secretariat', name: 'demo' });
  // The demo's year: a body of each kind with 2026's history (server/demo-year.ts, issue 12).
  await createDemoYear(app, logger);
  return spec.meetingId;
}

/** Dev convenience: a pairing link for the first unpaired seat (replacing that seat's unused code). */
async function samplePairing(app: App, config: Config, meetingId: string | null): Promise<string | null> {
  if (config.production || !meetingId) return null;
  const state = await app.service.stateOf(meetingId);
  const seat = state && state.seats.find((s) => s.deviceId === null);
  if (!seat) return null;
  const issued = await app.service.issuePairingCodes(meetingId, [seat.delegate.seatId], { role: 'system', name: 'startup' });
  const first = issued.ok ? issued.codes[0] : undefined;
  return first ? `${pairingUrl(app.publicUrl(), first.code)}   (${seat.delegate.seatNo} ${seat.delegate.name})` : null;
}

/** The store, and how to know it is reachable: cluster mode when REDIS_URL is set. */
interface Backend {
  store: MeetingStore;
  ready?: () => boolean;
  /** Attempt limits and one-time values shared by the cluster's nodes; undefined = this process's memory. */
  shared?: SharedState;
  /** Staff accounts in Redis (cluster); undefined = a file in the data directory. */
  accounts?: AccountStore;
  /** Body registry logs in Redis (cluster); undefined = a journal in the data directory (issue 12). */
  bodies?: BodyStore;
  /** Wires the created app before it listens (cluster: Socket.IO adapter and notices). */
  attach(app: App): Promise<void>;
  close(): Promise<void>;
}

async function openBackend(config: Config, logger: Logger, observer: StoreObserver): Promise<Backend> {
  if (!config.redisUrl) {
    const store = await openStore(config, logger, observer);
    return { store, attach: async () => {}, close: () => store.close() };
  }
  const { openCluster } = await import('./cluster/index');
  const cluster = await openCluster(config.redisUrl, logger, { ...config, observer });
  const bodies = await RedisBodyStore.connect(config.redisUrl, logger);
  return {
    store: cluster.store,
    ready: cluster.ready,
    shared: cluster.shared,
    accounts: cluster.accounts,
    attach: (app) => cluster.attach(app),
    bodies,
    close: async () => {
      await cluster.close();
      await bodies.close();
    },
  };
}

/**
 * Set once a signal starts the shutdown. The last start-up steps (demo accounts, the sample
 * pairing, the banner) may still be waiting on the store when the shutdown closes it; their
 * failure is then part of stopping, not a failed start, and must not pre-empt the clean exit.
 */
let stopping = false;

function handleSignals(app: App, backend: Backend, logger: Logger): void {
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info('stopping', { signal });
    try {
      await app.close();
      await backend.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error('unclean stop', { err });
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

async function main(): Promise<void> {
  const { config, notices } = readConfig();
  const logger = createLogger(config.logLevel);
  // A bug in one request must not take the hall down; it is logged for the operator.
  process.on('unhandledRejection', (err) => logger.error('unhandled rejection', { err }));
  process.on('uncaughtException', (err) => logger.error('uncaught exception', { err }));

  if (!config.skipClientBuild) await ensureClientBuilt(config.clientDir, logger);
  const metrics = new Metrics(`${hostname()}:${process.pid}`);
  const backend = await openBackend(config, logger, metrics.storeObserver());
  const app = createApp({ config, store: backend.store, logger, ready: backend.ready, shared: backend.shared, accounts: backend.accounts, metrics, bodies: backend.bodies });
  if (config.metrics) await metrics.serve(config.metrics.port, config.metrics.host, logger);
  await backend.attach(app);
  handleSignals(app, backend, logger);

  const meetingId = await ensureSomeMeeting(app, backend.store, config, logger);
  await app.listen();
  // Outside production the demo has one account per staff role; their passwords are printed once.
  const demoAccounts = !config.production && meetingId === DEMO_MEETING_ID ? await createDemoAccounts(app.accounts, meetingId) : [];
  const sample = await samplePairing(app, config, meetingId);
  process.stdout.write(
    startupBanner({ app, config, meetingId, staffName: STAFF_NAME, notices, samplePairingUrl: sample, demoAccounts }) + '\n',
  );
}

main().catch((err: unknown) => {
  if (stopping) return;
  process.stderr.write(`biaojue: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
