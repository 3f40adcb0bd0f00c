import { InvalidArgumentError } from '../errors.ts';
import type { EventStore } from '../store.ts';
import { isWriterRequest, serializeError, type WriterResponse } from './protocol.ts';

/**
 * The writer's side of the protocol, the same for its HTTP server and its Lambda handler: every
 * append of the request goes to `store.append` at once, so the store's group commit puts them
 * (and those of concurrent requests) in as few transactions as fit, in arrival order.
 */
export async function handleWriterRequest(store: EventStore, body: unknown): Promise<WriterResponse> {
  if (!isWriterRequest(body)) {
    return { outcomes: [{ ok: false, error: serializeError(new InvalidArgumentError('request', 'must be { appends: [...] }')) }] };
  }
  const settled = await Promise.allSettled(
    body.appends.map((a) => store.append(a.stream, a.expectedVersion, a.events, a.meta)),
  );
  return {
    outcomes: settled.map((s) => (s.status === 'fulfilled' ? { ok: true, result: s.value } : { ok: false, error: serializeError(s.reason) })),
  };
}
