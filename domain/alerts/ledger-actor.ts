import type { Actor } from '../../events/envelope.ts';

/**
 * The ledger's own identity: the actor of the events its alert evaluator appends (AlertRaised,
 * AlertResolved). No token may carry its id as subject (api/auth/verify-token.ts refuses one), so
 * in the log it can only be the ledger.
 */
export const LEDGER_ACTOR: Actor = Object.freeze({ id: 'decision-ledger', name: 'decision-ledger alerts', kind: 'SERVICE' });
