import { EventStoreError, StoreUnavailableError } from '../errors.ts';

/** Errors a caller cannot fix by retrying: they are bugs or misconfiguration and stay unmasked in logs. */
const PROGRAMMING_ERRORS = new Set(['ValidationException', 'SerializationException']);

/**
 * Maps an AWS SDK failure to the store's errors: network failures, timeouts, throttling and
 * service errors become StoreUnavailableError; anything else is rethrown as it is.
 */
export function toStoreError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  const name = (error as { name?: string })?.name ?? '';
  if (PROGRAMMING_ERRORS.has(name)) return error as Error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`The event store is unavailable: ${name ? `${name}: ` : ''}${reason}`, { cause: error });
}
