/**
 * Whether tests that need something of the machine (a binary, root) can run, for
 * `describe.skipIf(!…)`. `missing` says what is not there, or is null. CI must run every test
 * (.ci/run installs what they need), so there it fails loudly; a developer's machine skips them
 * with a warning that says how to get what is missing.
 */
export function runsHere(missing: string | null, tests: string, install: string): boolean {
  if (missing === null) return true;
  if (process.env.CI) throw new Error(`${missing}: CI must run ${tests}`);
  console.warn(`\n!!! ${missing}: ${tests} are SKIPPED (${install}). !!!\n`);
  return false;
}
