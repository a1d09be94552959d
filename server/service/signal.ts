type Listener<T> = (value: T) => void;

/**
 * A typed notification with many listeners. A listener that throws is reported and skipped:
 * a fan-out bug must never undo or fail the command that was already made durable.
 */
export class Signal<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
