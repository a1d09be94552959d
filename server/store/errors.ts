/** The meeting cannot be served: its journal on disk is damaged, or a write to it failed. */
export class MeetingUnavailableError extends Error {
  constructor(
    readonly meetingId: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`meeting ${meetingId} is unavailable: ${reason}`, options);
    this.name = 'MeetingUnavailableError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the meeting store is closed');
    this.name = 'StoreClosedError';
  }
}

/** The caller handed the store something it must not write (a bad id, an inconsistent archive). */
export class InvalidStoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStoreInputError';
  }
}
