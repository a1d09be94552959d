import type { App } from './app';
import type { Config } from './config';
import type { DemoAccount } from './demo-meeting';

export interface BannerInput {
  app: App;
  config: Config;
  /** The meeting the links point at. */
  meetingId: string | null;
  staffName: string;
  /** Notices from loadConfig, e.g. a generated password. */
  notices: string[];
  samplePairingUrl: string | null;
  /** Demo staff accounts made at this start, with their passwords (never in production). */
  demoAccounts?: DemoAccount[];
}

/**
 * The human-readable start-up text: where to go and how to log in. It goes to stdout, which
 * systemd keeps in the journal for anyone with journal access: it never holds a token, and in
 * production no password either (the operator set them; docs/OPERATIONS.md says where). The
 * wall and the seat cards are reached from the console, which pairs the wall with a one-time
 * code and opens the cards with a one-time ticket, so no link here carries a credential.
 */
export function startupBanner({ app, config, meetingId, notices, samplePairingUrl, demoAccounts = [] }: BannerInput): string {
  const base = app.publicUrl();
  const lines = ['', '表决 Biaojue is running', `  console:      ${base}/console.html`];
  if (config.production) {
    lines.push('  staff login:  each person with their own account (an administrator creates them on the console)');
  } else {
    lines.push('  staff login:  each person with their own account (login name + password)');
    if (app.firstAdmin) {
      lines.push(`  administrator: ${app.firstAdmin.login} / ${app.firstAdmin.password}   (generated now; shown this once)`);
    }
    for (const a of demoAccounts) {
      lines.push(`  ${a.roles.join(',').padEnd(13)} ${a.login} / ${a.password}   ${a.displayName}`);
    }
    if (demoAccounts.length > 0) lines.push('                (demo accounts made now; their passwords are shown this once)');
  }
  if (meetingId) {
    lines.push(`  meeting:      ${meetingId}`);
    lines.push(`  wall:         ${base}/wall.html  (pair it from the console: 链接 → 大屏配对码)`);
    lines.push('  seat cards:   print them from the console (链接 → 打印座位卡)');
  }
  if (samplePairingUrl && !config.production) lines.push(`  sample tablet: ${samplePairingUrl}`);
  for (const notice of notices) lines.push(`  note: ${notice}`);
  lines.push('');
  return lines.join('\n');
}
