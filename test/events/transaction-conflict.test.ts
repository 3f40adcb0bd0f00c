import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { ContentionError } from '../../events/errors.ts';
import { verifyChain } from '../../events/integrity.ts';
import { createTestTable } from '../support/dynamo.ts';
import { contractRegistry } from './store-contract.ts';

/**
 * AWS cancels a transaction that touches an item another transaction holds with the reason
 * TransactionConflict; DynamoDB Local never does. This puts a client in front of DynamoDB Local
 * that answers the first `failures` TransactWriteItems calls that way, as AWS would.
 */
async function storeWithConflicts(failures: number, maxAppendAttempts?: number) {
  const table = await createTestTable('txconflict', contractRegistry());
  let left = failures;
  let transactions = 0;
  const client = new Proxy(table.client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { constructor: { name: string }; input: { TransactItems?: unknown[] } }) => {
        if (command.constructor.name === 'TransactWriteCommand') {
          transactions += 1;
          if (left > 0) {
            left -= 1;
            throw new TransactionCanceledException({
              message: 'Transaction cancelled',
              $metadata: {},
              CancellationReasons: command.input.TransactItems!.map(() => ({ Code: 'TransactionConflict' })),
            });
          }
        }
        return target.send(command as never);
      };
    },
  });
  const store = new DynamoEventStore({ client, tableName: table.tableName, registry: contractRegistry(), maxAppendAttempts });
  return { store, transactions: () => transactions };
}

const meta = { actor: { id: 'a', name: 'A', kind: 'HUMAN' as const } };

describe('TransactionConflict cancellations', () => {
  it('are retried like a race for the position, and the append lands once', async () => {
    const { store, transactions } = await storeWithConflicts(2);
    const result = await store.append({ kind: 'note', id: 'x' }, 'no-stream', [{ type: 'Noted', payload: { n: 1 } }], meta);
    expect(result.position).toBe(1);
    expect(transactions()).toBe(3);
    const all = await store.readAll(0);
    expect(all).toHaveLength(1);
    expect(verifyChain(all).ok).toBe(true);
  });

  it('end in a ContentionError the client can retry when they never stop, with nothing written', async () => {
    const { store } = await storeWithConflicts(100, 3);
    await expect(store.append({ kind: 'note', id: 'y' }, 'no-stream', [{ type: 'Noted', payload: { n: 1 } }], meta)).rejects.toBeInstanceOf(
      ContentionError,
    );
    expect(await store.readAll(0)).toEqual([]);
  });
});
