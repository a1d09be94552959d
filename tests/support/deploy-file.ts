import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file of deploy/ as shipped, which the tests run as it is (only addresses and ports put in). */
export function deployFile(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', '..', 'deploy', name), 'utf8');
}
