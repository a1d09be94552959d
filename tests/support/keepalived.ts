import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFile } from './deploy-file';
import type { Host } from './netns-hosts';
import { findOnPath } from './redis-server';
import { runsHere } from './runs-here';
import { watchChild } from './watched-child';

/**
 * keepalived with deploy/keepalived.conf, read from the file itself, on a host of the test's
 * network (netns-hosts.ts): only the site's addresses are put in (this host's, its peer's and
 * the shared one). Everything else (the check of HAProxy, nopreempt, the timers) is the file's.
 */

export const KEEPALIVED_BINARY = findOnPath('keepalived');

/** Whether the keepalived test can run: CI must run it (.ci/run installs Debian's keepalived). */
export function keepalivedAvailable(): boolean {
  return runsHere(KEEPALIVED_BINARY ? null : 'keepalived is not on PATH', 'the proxy-pair tests', 'apt-get install keepalived');
}

const CONFIG = deployFile('keepalived.conf');

export interface SiteAddresses {
  /** This host's own address. */
  self: string;
  /** The other proxy host's. */
  peer: string;
  /** The hall's address, shared by the two (with its prefix length). */
  shared: string;
  prefix: number;
}

/** deploy/keepalived.conf with the site's addresses in place of the file's examples. */
export function keepalivedConfig({ self, peer, shared, prefix }: SiteAddresses): string {
  const lines: [RegExp, string][] = [
    [/^(\s*unicast_src_ip) 10\.0\.0\.11$/m, `$1 ${self}`],
    [/^(\s*unicast_peer \{\n\s*)10\.0\.0\.12$/m, `$1${peer}`],
    [/^(\s*virtual_ipaddress \{\n\s*)10\.0\.0\.10\/24$/m, `$1${shared}/${prefix}`],
  ];
  let config = CONFIG;
  for (const [line, placed] of lines) {
    if (!line.test(config)) throw new Error(`deploy/keepalived.conf changed shape: no line ${line}`);
    config = config.replace(line, placed);
  }
  return config;
}

export interface Keepalived {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** keepalived in the foreground on `host`, logging to its output, with pid files of its own. */
export async function startKeepalived(host: Host, addresses: SiteAddresses): Promise<Keepalived> {
  if (!KEEPALIVED_BINARY) throw new Error('keepalived is not on PATH');
  const dir = await mkdtemp(join(tmpdir(), 'biaojue-keepalived-'));
  const configFile = join(dir, 'keepalived.conf');
  await writeFile(configFile, keepalivedConfig(addresses));
  const child = host.spawn(
    KEEPALIVED_BINARY,
    ['--dont-fork', '--log-console', '--log-detail', '--vrrp', '--use-file', configFile, '--pid', join(dir, 'main.pid'), '--vrrp_pid', join(dir, 'vrrp.pid')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const watched = watchChild(child);
  return {
    process: child,
    output: watched.output,
    async stop() {
      await watched.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
