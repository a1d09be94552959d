import type { App } from './app';
import type { Config } from './config';

export interface BannerInput {
  app: App;
  config: Config;
  /** The meeting the links point at. */
  meetingId: string | null;
  staffName: string;
  /** Notices from loadConfig, e.g. a generated password. */
  notices: string[];
  samplePairingUrl: string | null;
}

/** The human-readable start-up text: where to go and how to log in. */
export function startupBanner({ app, config, meetingId, staffName, notices, samplePairingUrl }: BannerInput): string {
  const base = app.publicUrl();
  const lines = ['', '表决 Biaojue is running', `  console:      ${base}/console.html`];
  lines.push(`  staff login:  role secretariat or presidium, any name (e.g. ${staffName}), password ${config.staffPassword}`);
  if (meetingId) {
    const wall = app.auth.sign({ role: 'wall', meetingId }).token;
    const secretariat = app.auth.sign({ role: 'secretariat', name: staffName }).token;
    lines.push(`  meeting:      ${meetingId}`);
    lines.push(`  wall:         ${base}/wall.html?token=${wall}`);
    lines.push(`  seat cards:   ${base}/api/meetings/${meetingId}/seat-cards?token=${secretariat}`);
    lines.push('                (opening it issues new codes; earlier printed cards stop working)');
  }
  if (samplePairingUrl) lines.push(`  sample tablet: ${samplePairingUrl}`);
  for (const notice of notices) lines.push(`  note: ${notice}`);
  lines.push('');
  return lines.join('\n');
}
