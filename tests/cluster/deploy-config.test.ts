import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { DEFAULT_GATEWAY_LIMITS, GATEWAY_LIMIT_ENV_NAMES, gatewayLimitsFromEnv } from '../../server/gateway/limits';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
import { SERVER_ENTRY } from '../../scripts/build-server';
import { COMPOSE_DATA_NODES, composeRedisServerServices, serviceBlock } from '../support/compose-redis';

/**
 * deploy/ must match the server it runs: every variable the compose file sets is one the server
 * reads and accepts, the proxy checks the health route the server has, and Redis runs with the
 * durability and secrecy settings docs/OPERATIONS.md promises. (`docker compose config` runs in
 * .ci/run where the compose plugin exists; this needs no Docker.)
 */
const read = (file: string) => readFileSync(fileURLToPath(new URL(`../../deploy/${file}`, import.meta.url)), 'utf8');
const compose = read('compose.yaml');
const haproxy = read('haproxy.cfg');
const configSource = readFileSync(fileURLToPath(new URL('../../server/config.ts', import.meta.url)), 'utf8');

/** The `environment:` block of app1, as KEY → value: ${VAR:-default} gives the default, other ${VAR…} a placeholder. */
function appEnvironment(): Record<string, string> {
  const block = compose.slice(compose.indexOf('  app1:'), compose.indexOf('  app2:'));
  const env = block.slice(block.indexOf('environment:'), block.indexOf('depends_on:'));
  const entries = [...env.matchAll(/^ {6}([A-Z_]+): (.+)$/gm)].map(([, key, value]) => [
    key!,
    value!
      .replace(/^"|"$/g, '')
      .replace(/\$\{([A-Z_]+)(:-([^}]*)|[^}]*)\}/g, (_, name: string, _rest: string, fallback?: string) =>
        fallback ?? `placeholder-${name.toLowerCase()}-0123456789`,
      ),
  ]);
  return Object.fromEntries(entries);
}

describe('deploy/ matches the server', () => {
  it('sets only variables the server reads, and they make a valid production cluster config', () => {
    const env = appEnvironment();
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['REDIS_URL', 'JWT_SECRET', 'BALLOT_KEY', 'ADMIN_PASSWORD', 'PUBLIC_URL', 'NODE_ENV', 'TRUST_PROXY']));
    const limitSettings: readonly string[] = Object.values(GATEWAY_LIMIT_ENV_NAMES);
    for (const key of Object.keys(env).filter((k) => !limitSettings.includes(k))) {
      expect(configSource, `server/config.ts reads ${key}`).toMatch(new RegExp(`\\b${key}: optional\\(`));
    }
    expect(gatewayLimitsFromEnv(env)).toEqual(DEFAULT_GATEWAY_LIMITS);
    const { config } = loadConfig({ ...env, PUBLIC_URL: 'http://192.0.2.10' });
    expect(config).toMatchObject({ production: true, port: 3000, skipClientBuild: true, redisUrl: expect.stringMatching(/^redis-sentinel:\/\/default:.+@sentinel-1:26379,sentinel-2:26379,sentinel-3:26379\/biaojue\?ackReplicas=1&/) });
    expect(compose).toMatch(/app2:\n\s+<<: \*app\n\s+environment: \*app-env/);
  });

  it('health-checks the route that answers 503 without Redis, and passes WebSockets through', () => {
    expect(haproxy).toMatch(/option httpchk GET \/api\/health\n/);
    expect(haproxy).toMatch(/http-check expect status 200/);
    expect(haproxy).toMatch(/timeout tunnel/);
    expect(haproxy).toMatch(/server app1 app1:3000 check/);
    expect(haproxy).toMatch(/server app2 app2:3000 check/);
    expect(compose).toContain("fetch('http://127.0.0.1:3000/api/health')");
  });

  it('keeps the cap of connections per address at the proxy, with the nodes’ setting and default', () => {
    const name = GATEWAY_LIMIT_ENV_NAMES.perAddress;
    const proxy = compose.slice(compose.indexOf('  proxy:'));
    expect(appEnvironment()[name]).toBe(String(DEFAULT_GATEWAY_LIMITS.perAddress));
    expect(proxy).toContain(`${name}: \${${name}:-${DEFAULT_GATEWAY_LIMITS.perAddress}}`);
    expect(haproxy).toMatch(new RegExp(`^ {2}presetenv ${name} ${DEFAULT_GATEWAY_LIMITS.perAddress}$`, 'm'));
    expect(haproxy).toContain(`tcp-request connection reject if { sc0_conn_cur gt "\${${name}}" }`);
  });

  it("trusts X-Forwarded-For from HAProxy's fixed address only, and HAProxy drops a client's own header", () => {
    const trusted = appEnvironment()['TRUST_PROXY'];
    const proxy = compose.slice(compose.indexOf('  proxy:'));
    expect(proxy).toContain(`ipv4_address: ${trusted}`);
    // Every service shares the default network (its subnet fixed at the end): only the proxy names one, for its address.
    expect([...compose.matchAll(/^ {4}networks:/gm)]).toHaveLength(1);
    expect(compose).toMatch(/^networks:\n {2}default:\n {4}ipam:\n {6}config:\n {8}- subnet: 172\.28\.0\.0\/24$/m);
    expect(loadConfig({ ...appEnvironment(), PUBLIC_URL: 'http://192.0.2.10' }).config.trustProxy).toEqual([trusted]);
    expect(haproxy).toMatch(/http-request del-header x-forwarded-for\n/);
    expect(haproxy).toMatch(/option forwardfor/);
    // Only the proxy publishes a port: the nodes are reached through it alone.
    expect(compose.slice(compose.indexOf('  app1:'), compose.indexOf('  proxy:'))).not.toMatch(/\bports:/);
  });

  it('starts every server process with the V8 flags of server/node-flags.ts (npm start, the image, the systemd unit)', () => {
    const { start, build } = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { scripts: { start: string; build: string } }).scripts;
    const image = /^CMD \[(.+)\]$/m.exec(read('Dockerfile'))?.[1] ?? '';
    const unit = /^ExecStart=(.+)$/m.exec(read('biaojue.service'))?.[1] ?? '';
    const commands = { start, image: (JSON.parse(`[${image}]`) as string[]).join(' '), unit };
    for (const [where, command] of Object.entries(commands)) {
      // The built server (scripts/build-server.ts), never TypeScript compiled at the start.
      expect(command, where).toMatch(new RegExp(`\\bnode (.+ )?${SERVER_ENTRY.replaceAll('.', '\\.')}$`));
      expect(command, where).not.toContain('tsx server/');
      for (const flag of SERVER_NODE_FLAGS) expect(command.split(' '), `${where}: ${command}`).toContain(flag);
    }
    // npm start builds it first; the image and the unit run it as `npm run build` left it.
    expect(start.startsWith('tsx scripts/build-server.ts && ')).toBe(true);
    expect(read('Dockerfile')).toMatch(/^RUN npm run build$/m);
    expect(build).toContain('tsx scripts/build-server.ts');
  });

  it('runs the server with jemalloc preloaded, in the image and under systemd (docs/OPERATIONS.md §1)', () => {
    const image = read('Dockerfile');
    expect(image).toMatch(/apt-get install -y --no-install-recommends libjemalloc2/);
    const linked = /ln -s "\$\(ls \/usr\/lib\/\*-linux-gnu\/libjemalloc\.so\.2\)" (\S+)/.exec(image)?.[1];
    expect(linked).toBe('/usr/local/lib/libjemalloc.so.2');
    expect(image).toMatch(new RegExp(`^ENV LD_PRELOAD=${linked}$`, 'm'));
    // Set before the server starts: LD_PRELOAD is read when the process is made.
    expect(image.indexOf('ENV LD_PRELOAD')).toBeLessThan(image.indexOf('CMD ['));
    expect(read('biaojue.service')).toMatch(/^Environment=LD_PRELOAD=\/usr\/lib\/x86_64-linux-gnu\/libjemalloc\.so\.2$/m);
  });

  it('runs Redis with fsync before every reply and without the slow log or MONITOR', () => {
    const command = compose.slice(compose.indexOf('  redis:'), compose.indexOf('  app1:'));
    expect(command).toMatch(/- --appendonly\n\s+- "yes"/);
    expect(command).toMatch(/- --appendfsync\n\s+- always/);
    expect(command).toMatch(/- --slowlog-log-slower-than\n\s+- "-1"/);
    expect(command).toMatch(/- "-monitor"/);
    expect(command).toMatch(/- redis-data:\/data/);
  });

  it('gives every data node an AOF fsynced before every reply, and syncs a rejoining replica at once', () => {
    // The data nodes are the services that run redis-server itself: a primary and two replicas.
    expect(composeRedisServerServices()).toEqual([...COMPOSE_DATA_NODES]);
    // Any may be primary; a replica without an AOF (or fsyncing once a second) never confirms
    // a WAITAOF in time, and every write would be refused (docs/OPERATIONS.md).
    for (const service of COMPOSE_DATA_NODES) {
      const block = serviceBlock(service);
      expect(block, service).toMatch(/- --appendonly\n\s+- "yes"/);
      expect(block, service).toMatch(/- --appendfsync\n\s+- always/);
      expect(block, service).toMatch(/- --repl-diskless-sync-delay\n\s+- "0"/);
      expect(block, service).toMatch(/- --min-replicas-to-write\n\s+- "1"/);
      expect(block, service).toMatch(new RegExp(`- --replica-announce-ip\\n\\s+- ${service}\\n`));
      expect(block, service).toMatch(new RegExp(`- ${service}-data:/data`));
    }
    // The nodes start once every data node is healthy.
    const app = serviceBlock('app1');
    for (const service of COMPOSE_DATA_NODES) expect(app, service).toMatch(new RegExp(`\\n {6}${service}:\\n {8}condition: service_healthy`));
  });
});
