import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.ts';

// Node ids are encoded as the relay plugin encodes them, without a promise per node (api/builder.ts).

const context = { roles: ['ADMIN'], timeTravel: { contextFor: (base: unknown) => base } };
const info = (type: GraphQLObjectType) =>
  ({ fieldName: 'id', parentType: type, path: { prev: undefined, key: 'decisions', typename: 'Query' }, schema }) as unknown as GraphQLResolveInfo;

describe('node ids', () => {
  it('are the relay global id of the type and id, answered synchronously', () => {
    const decision = schema.getType('Decision') as GraphQLObjectType;
    const id = decision.getFields().id!.resolve!({ id: 'b7c5e1f0-0000-4000-8000-000000000001' }, {}, context, info(decision));
    expect(id).not.toBeInstanceOf(Promise);
    expect(id).toBe(encodeGlobalID('Decision', 'b7c5e1f0-0000-4000-8000-000000000001'));
  });

  it('every node type encodes its own name', () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType => type instanceof GraphQLObjectType && type.getInterfaces().some((i) => i.name === 'Node'),
    );
    expect(nodeTypes.length).toBeGreaterThan(5);
    for (const type of nodeTypes) {
      const resolved = type.getFields().id!.resolve!({ id: 'x', key: 'x' }, {}, context, info(type));
      if (resolved instanceof Promise) throw new Error(`${type.name}.id answered a promise`);
      expect(Buffer.from(String(resolved), 'base64').toString()).toMatch(new RegExp(`^${type.name}:`));
    }
  });
});
