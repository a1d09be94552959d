import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { findOnPath } from './redis-server';
import { runsHere } from './runs-here';
import { signalGroup } from './process-group';

/**
 * Hosts for tests of what crosses a network: each a Linux network namespace of its own (its own
 * interfaces, addresses, loopback and ports) joined to a bridge in this namespace by a veth
 * pair, so that this process (the hall's devices) reaches every host by its address, the hosts
 * reach each other, and an address can move from one host to another (VRRP). Losing a host is
 * its link going down and its processes killed, with no FIN or RST sent: as a host that loses
 * power.
 *
 * Needs root and `ip` (iproute2). Every name carries a random tag, so runs side by side never
 * meet, and `remove()` deletes the namespaces, links and the bridge.
 */

export const IP_BINARY = findOnPath('ip');

/** Whether tests can make hosts here: CI must (it runs as root, with iproute2). */
export function netnsHostsAvailable(): boolean {
  const missing = !IP_BINARY ? '`ip` (iproute2) is not on PATH' : process.getuid?.() !== 0 ? 'not running as root' : null;
  return runsHere(missing, 'the tests with hosts in network namespaces', 'apt-get install iproute2; run them as root');
}

export interface Host {
  /** The namespace's name (`ip netns exec <name> …`). */
  readonly name: string;
  /** Its own address on the bridge. */
  readonly address: string;
  /** The interface inside the host: `eth0`, as on a real one. */
  readonly interface: 'eth0';
  /** Spawns `command args` inside the host; the process is killed when the host is lost or removed. */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** The addresses on its interface now (an address that moved here shows up). */
  addresses(): string[];
  /** The host is lost: its link goes down (nothing more leaves it), then its processes are SIGKILLed. */
  lose(): Promise<void>;
  /** Whether it was lost (what its namespace still holds, an address included, is no longer anywhere). */
  readonly lost: boolean;
}

export interface HostNetwork {
  readonly hosts: Host[];
  /** This namespace's address on the bridge (where the hosts reach processes started here). */
  readonly bridgeAddress: string;
  /** The prefix length of the hosts' network. */
  readonly prefix: 24;
  /** An address of the network no host has (for one to share, VRRP). */
  readonly spareAddress: string;
  remove(): Promise<void>;
}

/** Networks not removed yet: a test run that dies must not leave namespaces, links or processes behind. */
const unremoved = new Set<() => void>();
process.once('exit', () => {
  for (const removeNow of unremoved) removeNow();
});

/** Groups already SIGKILLed: the whole group died then, so its id may since lead another process's group. */
const killedGroups = new WeakSet<ChildProcess>();

/** SIGKILL to the child's process group (it was spawned detached, so it leads one), once. */
function killGroup(child: ChildProcess): void {
  if (killedGroups.has(child)) return;
  killedGroups.add(child);
  signalGroup(child, 'SIGKILL');
}

function ip(...args: string[]): string {
  return execFileSync(IP_BINARY!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A 10.x.y (/24) no route here covers yet (another run's hosts, or this machine's own network). */
function unusedSubnet(): string {
  const routes = ip('-4', 'route', 'show', 'table', 'all');
  for (;;) {
    const subnet = `10.${randomInt(200, 250)}.${randomInt(1, 254)}`;
    if (!routes.includes(`${subnet}.`)) return subnet;
  }
}

/** `count` hosts on a bridge of their own, in a random 10.x.y.0/24. */
export function makeHostNetwork(count: number): HostNetwork {
  if (!IP_BINARY) throw new Error('ip is not on PATH');
  const tag = randomInt(0x10000, 0xfffff).toString(16);
  const subnet = unusedSubnet();
  const bridge = `bjb${tag}`;
  const made: { netns: string[]; links: string[] } = { netns: [], links: [] };
  const processes = new Map<string, Set<ChildProcess>>();

  // Each process leads a group of its own (spawned detached), so what it forked (keepalived's
  // VRRP child, a check script) dies with it.
  const killAll = async (name: string) => {
    const children = [...(processes.get(name) ?? [])];
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            killGroup(child);
          }),
      ),
    );
  };

  /** Kills every process (group) and deletes what was made; synchronous, for the exit hook too. */
  const removeNow = () => {
    unremoved.delete(removeNow);
    for (const children of processes.values()) for (const child of children) killGroup(child);
    // Deleting a namespace deletes its veth end and so the pair; the bridge stays. What is
    // already gone (a link with its namespace) fails, and is skipped.
    const commands = [...made.netns.map((name) => ['netns', 'del', name]), ...made.links.map((link) => ['link', 'del', link])];
    for (const args of commands) {
      try {
        execFileSync(IP_BINARY!, args, { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  };
  unremoved.add(removeNow);

  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    made.links.push(bridge);
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    const hosts: Host[] = [];
    for (let i = 0; i < count; i++) {
      const name = `biaojue-${tag}-${i + 1}`;
      const outside = `bjv${tag}${i + 1}`;
      const address = `${subnet}.${11 + i}`;
      ip('netns', 'add', name);
      made.netns.push(name);
      ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name);
      made.links.push(outside);
      ip('link', 'set', outside, 'master', bridge, 'up');
      ip('-n', name, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', name, 'link', 'set', 'eth0', 'up');
      ip('-n', name, 'link', 'set', 'lo', 'up');
      processes.set(name, new Set());
      let lost = false;
      hosts.push({
        name,
        address,
        interface: 'eth0',
        spawn(command, args, options = {}) {
          // `ip netns exec` execs the command: the child's pid is the command's own.
          const child = spawn(IP_BINARY!, ['netns', 'exec', name, command, ...args], { ...options, detached: true });
          processes.get(name)!.add(child);
          child.once('exit', () => processes.get(name)?.delete(child));
          return child;
        },
        addresses() {
          const text = ip('-n', name, '-o', '-4', 'addr', 'show', 'dev', 'eth0');
          return [...text.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!);
        },
        get lost() {
          return lost;
        },
        async lose() {
          lost = true;
          ip('link', 'set', outside, 'down');
          await killAll(name);
        },
      });
    }
    return {
      hosts,
      bridgeAddress: `${subnet}.1`,
      prefix: 24,
      spareAddress: `${subnet}.100`,
      async remove() {
        // Waited for: a namespace is only gone once the last process in it has exited.
        await Promise.all([...processes.keys()].map(killAll));
        removeNow();
      },
    };
  } catch (error) {
    removeNow();
    throw error;
  }
}
