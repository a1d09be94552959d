import { errorText } from './i18n.svelte';
import type { Refusal } from './protocol';

/**
 * Busy flag and last refusal of one button or form, so every control shows "working" while its
 * command is in flight and the refusal in words afterwards.
 */
export class ActionState {
  busy = $state(false);
  error = $state('');
  refusal = $state<Refusal | null>(null);

  async run<T extends { ok: true } | Refusal>(action: () => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = true;
    this.error = '';
    this.refusal = null;
    try {
      const answer = await action();
      if (!answer.ok) {
        this.refusal = answer;
        this.error = errorText(answer);
      }
      return answer;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.error = '';
    this.refusal = null;
  }
}
