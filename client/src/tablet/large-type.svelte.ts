import { readJson, writeJson } from '../lib/storage';

const KEY = 'biaojue.tablet.largeType';

/** The delegate's larger-type choice, kept on this tablet across reloads and pairings. */
class LargeType {
  on = $state(readJson(KEY, (v): v is boolean => typeof v === 'boolean') ?? false);

  toggle(): void {
    this.on = !this.on;
    writeJson(KEY, this.on);
  }
}

export const largeType = new LargeType();
