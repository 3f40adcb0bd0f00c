import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

// Type-only imports count: a cycle of types still ties two modules' designs together.
describe('imports', () => {
  it('form no cycle in any layer (types included)', async () => {
    const layers = ['api', 'domain', 'events', 'infra', 'demo', 'bench', 'test'].map((dir) => `${dir}/**/*.ts`);
    const tree = await parseDependencyTree(layers, { context: process.cwd(), transform: false, skipDynamicImports: false });
    expect(Object.keys(tree).length).toBeGreaterThan(100);
    expect(parseCircular(tree)).toEqual([]);
  });
});
