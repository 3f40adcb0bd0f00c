import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ledgerEventBody } from '../../api/outbound/messages.ts';
import { verifyFeed } from '../../events/cli/verify-feed.ts';
import { createMemoryStore } from '../support/memory.ts';

// The receiver's tool: a feed as a webhook receives it, checked without the ledger.

const actor = { id: 'a', name: 'A', kind: 'HUMAN' as const };

async function feed(n: number): Promise<string[]> {
  const store = createMemoryStore();
  for (let i = 0; i < n; i += 1) {
    await store.append({ kind: 'team', id: `t${i}` }, 'no-stream', [{ type: 'TeamDefined', payload: { name: `T${i}`, kind: 'PRODUCT', headcount: i, effectiveWeek: null } }], {
      actor,
      reason: null,
      idempotencyKey: i % 2 ? `k${i}` : null,
    });
  }
  return (await store.readAll(0, 1000, { raw: true })).map((e) => JSON.stringify(ledgerEventBody(e)));
}

describe('verify-feed', () => {
  it('accepts a gapless chained feed in any order with duplicates, and checks the expected head', async () => {
    const lines = await feed(20);
    const head = JSON.parse(lines[19]!);
    const shuffled = [...lines.slice(5), lines[7]!, ...lines.slice(0, 5).reverse()];
    expect(verifyFeed(shuffled.join('\n'), { position: 20, hash: head.hash })).toMatchObject({ ok: true, events: 20, first: 1, duplicates: 1 });
    // A receiver that joined later: gapless from its first position is enough.
    expect(verifyFeed(lines.slice(10).join('\n'))).toMatchObject({ ok: true, first: 11, events: 10 });
  });

  it('finds a gap, an altered event, a broken link, a conflicting duplicate and a wrong head', async () => {
    const lines = await feed(10);
    const without = lines.filter((_, i) => i !== 4);
    expect(verifyFeed(without.join('\n')).problem).toMatch(/POSITION_GAP at position 5/);
    const altered = [...lines];
    altered[3] = JSON.stringify({ ...JSON.parse(lines[3]!), reason: 'rewritten' });
    expect(verifyFeed(altered.join('\n')).problem).toMatch(/HASH_MISMATCH at position 4/);
    const relinked = [...lines];
    relinked[6] = JSON.stringify({ ...JSON.parse(lines[6]!), previousHash: 'f'.repeat(64) });
    expect(verifyFeed(relinked.join('\n')).problem).toMatch(/PREVIOUS_HASH_MISMATCH at position 7/);
    expect(verifyFeed([...lines, altered[3]!].join('\n')).problem).toMatch(/position 4 received twice/);
    expect(verifyFeed(lines.join('\n'), { position: 10, hash: '0'.repeat(64) }).problem).toMatch(/not the expected/);
    expect(verifyFeed(lines.join('\n'), { position: 11, hash: '0'.repeat(64) }).problem).toMatch(/was not received/);
  });

  it('runs as npm run verify-feed: exit 0 and the head, or exit 1 and the problem', async () => {
    const lines = await feed(5);
    const dir = mkdtempSync(join(tmpdir(), 'verify-feed-'));
    const good = join(dir, 'good.ndjson');
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(good, lines.join('\n') + '\n');
    writeFileSync(bad, lines.filter((_, i) => i !== 2).join('\n'));
    const head = JSON.parse(lines[4]!);
    const run = promisify(execFile);
    const ok = await run('npx', ['tsx', 'events/cli/verify-feed.ts', '--file', good, '--expect-head', `5:${head.hash}`]);
    expect(ok.stdout).toContain(`ok: 5 events, positions 1..5, gapless and chained; head 5:${head.hash}`);
    await expect(run('npx', ['tsx', 'events/cli/verify-feed.ts', '--file', bad])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('POSITION_GAP') });
  });
});
