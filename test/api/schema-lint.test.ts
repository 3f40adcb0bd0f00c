import { readFileSync } from 'node:fs';
import { ESLint, type Linter } from 'eslint';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../../api/print-schema.ts';

// The committed schema is a contract: rules are configured to the conventions it already follows,
// and where one cannot hold without renaming something it is narrowed here, with the reason.
const rules: Linter.RulesRecord = {
  '@graphql-eslint/naming-convention': [
    'error',
    {
      types: 'PascalCase',
      FieldDefinition: 'camelCase',
      InputValueDefinition: 'camelCase',
      Argument: 'camelCase',
      EnumValueDefinition: 'UPPER_CASE',
    },
  ],
  '@graphql-eslint/require-description': [
    'error',
    {
      types: true,
      rootField: true,
      FieldDefinition: true,
      InputValueDefinition: true,
      EnumValueDefinition: true,
      DirectiveDefinition: true,
    },
  ],
  '@graphql-eslint/relay-connection-types': 'error',
  // shouldImplementNode off: PriorityChangeConnection pages history entries that are not records
  // (the cursor connections spec allows any node type). listTypeCanWrapOnlyEdgeType off: plain
  // lists (tags, options, splits, userErrors) are short value lists, not paginated.
  '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
  '@graphql-eslint/relay-page-info': 'error',
  '@graphql-eslint/input-name': ['error', { checkInputType: true, caseSensitiveInputType: false, checkQueries: false, checkMutations: true }],
  '@graphql-eslint/no-unreachable-types': 'error',
  '@graphql-eslint/no-hashtag-description': 'error',
  // strict-id-in-types is left out: it asks every object type for an id, and ~20 value types
  // (Actor, PageInfo, AllocationSplits, UserError, ...) have none by design; the Node types all
  // get `id: ID!` from the Node interface, which graphql-js validation already enforces.
  '@graphql-eslint/unique-enum-value-names': 'error',
};

async function lintSchema(sdl: string): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.graphql'],
        languageOptions: { parser: graphqlPlugin.parser, parserOptions: { schemaSdl: sdl } },
        plugins: { '@graphql-eslint': graphqlPlugin as unknown as ESLint.Plugin },
        rules,
      },
    ],
  });
  const [result] = await eslint.lintText(sdl, { filePath: 'schema.graphql' });
  return result!.messages;
}

const format = (m: Linter.LintMessage) => `${m.line}:${m.column} ${m.ruleId ?? 'parse'}: ${m.message}`;
const REQUIRE_DESCRIPTION = '@graphql-eslint/require-description';

/** Coordinates (Type, Type.field, Type.field(arg), Enum.VALUE) without a description, as the rule counts them. */
function undocumented(sdl: string): string[] {
  const schema = buildSchema(sdl);
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) out.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) out.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) out.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) out.push(`${type.name}.${value.name}`);
  }
  return out.sort();
}

describe('schema lint (@graphql-eslint)', () => {
  it('the committed schema.graphql passes every schema rule', async () => {
    const sdl = readFileSync(SCHEMA_FILE, 'utf8');
    // Every type, field, argument and enum value has a description: no exceptions.
    expect((await lintSchema(sdl)).map(format)).toEqual([]);
    expect(undocumented(sdl)).toEqual([]);
  });

  it('fails when one field of the committed schema loses its description', async () => {
    const sdl = readFileSync(SCHEMA_FILE, 'utf8');
    const stripped = sdl.replace('  """Items matching the query, across all pages."""\n  totalCount: Int!', '  totalCount: Int!');
    expect(stripped).not.toBe(sdl);
    const newlyUndocumented = undocumented(stripped);
    // The first connection in the printed (sorted) schema lost it.
    expect(newlyUndocumented).toEqual([expect.stringMatching(/^\w+Connection\.totalCount$/)]);
    const type = newlyUndocumented[0]!.split('.')[0];
    expect((await lintSchema(stripped)).map((m) => `${m.ruleId}: ${m.message}`)).toEqual([
      `${REQUIRE_DESCRIPTION}: Description is required for field "totalCount" in type "${type}"`,
    ]);
  });

  it('reports an undocumented field, argument or enum value, and a misnamed field', async () => {
    // Small schemas have no PageInfo, which relay-page-info requires of a whole schema.
    const sdl = `
      "The root."
      type Query {
        "A documented field."
        documented: String
        undocumented("A documented argument." first: Int, bare: Int): Colour
        "Misnamed."
        bad_name: String
      }
      "A colour."
      enum Colour {
        "Red."
        RED
        GREEN
      }
    `;
    const messages = (await lintSchema(sdl)).filter((m) => m.ruleId !== '@graphql-eslint/relay-page-info');
    expect(undocumented(sdl)).toEqual(['Colour.GREEN', 'Query.undocumented', 'Query.undocumented(bare)']);
    expect(messages.map((m) => `${m.ruleId}: ${m.message}`).sort()).toEqual([
      expect.stringMatching(/^@graphql-eslint\/naming-convention: .*bad_name/),
      `${REQUIRE_DESCRIPTION}: Description is required for enum value "GREEN" in enum "Colour"`,
      `${REQUIRE_DESCRIPTION}: Description is required for field "undocumented" in type "Query"`,
      `${REQUIRE_DESCRIPTION}: Description is required for input value "bare" in field "undocumented"`,
    ]);
  });
});
