/**
 * Work done once at the end of the event loop's current turn (its check phase, after every
 * socket that was ready has been read), in the order it was asked for. Work asked for while the
 * turn's end is running joins it, instead of waiting a whole turn of the loop as a setImmediate
 * made there would: the gateway answers a turn's events (gateway/event-intake.ts), and the votes
 * they cast are sealed into the journal's batch (store/file/group-commit.ts) or sent to Redis as
 * one script (store/redis/cast-batches.ts) in the same turn.
 *
 * A callback that throws does not stop the others; the first error is thrown again afterwards,
 * as an uncaught exception, as from the setImmediate it stands for.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

export function atTurnEnd(work: () => void): void {
  waiting.push(work);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runTurnEnd);
  }
}

function runTurnEnd(): void {
  let failure: { error: unknown } | null = null;
  // Read by index: work added by a callback is appended and runs in this same pass.
  for (let i = 0; i < waiting.length; i++) {
    try {
      (waiting[i] as () => void)();
    } catch (error) {
      failure ??= { error };
    }
  }
  waiting.length = 0;
  scheduled = false;
  if (failure) throw failure.error;
}
