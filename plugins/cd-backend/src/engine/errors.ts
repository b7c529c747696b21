/** The commit's fencing failed: another writer changed the execution first. */
export class VersionConflictError extends Error {
  constructor(executionId: string) {
    super(`execution ${executionId} was changed concurrently`);
  }
}

/** The commit's message lease is gone (expired and claimed elsewhere, or moved). */
export class LeaseLostError extends Error {
  constructor(messageId: string) {
    super(`lease of message ${messageId} was lost`);
  }
}
