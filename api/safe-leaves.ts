import SchemaBuilder, { BasePlugin, completeValue, type PothosOutputFieldConfig, type PothosOutputFieldType, type SchemaTypes } from '@pothos/core';
import {
  getNamedType,
  isEnumType,
  isLeafType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLFieldResolver,
  type GraphQLLeafType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';

/**
 * Nothing stored may make a read fail. Events are validated when appended, but the log also holds
 * what older code wrote (an actor whose `id` was an object, from a token whose claims were never
 * checked), and GraphQL answers a leaf value its type cannot represent with an error that travels
 * up through every non-null parent: one odd event turned every audit-trail page that showed it
 * into `data: null`.
 *
 * This plugin wraps every field whose type is a scalar or an enum (or a list of them). A value the
 * type can represent passes untouched (checked by `typeof` for the built-in scalars, by the type's
 * own serializer otherwise). Any other value is reported (logged, counted) and shown safely: null
 * where the field is nullable; in a non-null field, the value's JSON text for String, ID and JSON,
 * and for enums and DateTime too (their serializers let that text through). A built-in Int, Float
 * or Boolean that is not one has no stand-in that would not lie, so it still fails its field: no
 * such value can be stored today (positions and versions are numbers when read back, payloads are
 * validated).
 */

let unshowable = 0;

/** How many stored values could not be shown as their type since the process started (for tests and metrics). */
export const unshowableValueCount = (): number => unshowable;

const guarded = new WeakSet<object>();

/** Whether a field's resolver is this plugin's (test/api/stored-values.test.ts checks every leaf field's). */
export const isGuardedResolver = (resolve: unknown): boolean => typeof resolve === 'function' && guarded.has(resolve);

/** A non-null value shown as text by an enum's or DateTime's serializer (see `afterBuild`). */
class ShownAsText {
  constructor(readonly text: string) {}
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** The built-in scalars checked without calling their serializer (the common case stays a `typeof`). */
const BUILT_IN: Record<string, (value: unknown) => boolean> = {
  String: (v) => typeof v === 'string',
  ID: (v) => typeof v === 'string' || (Number.isInteger(v) as boolean),
  Int: (v) => typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX,
  Float: (v) => typeof v === 'number' && Number.isFinite(v),
  Boolean: (v) => typeof v === 'boolean',
};

/** Types whose non-null fields show a bad value as its text, directly or through their serializer. */
const TEXT_TYPES = new Set(['String', 'ID', 'JSON']);

function textOf(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // A cycle or a BigInt: fall through to String().
  }
  try {
    return String(value);
  } catch {
    return '[unreadable]';
  }
}

function describe(value: unknown): string {
  const text = textOf(value);
  return `${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value} ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

function pathOf(info: GraphQLResolveInfo): string {
  const keys: (string | number)[] = [];
  for (let path: GraphQLResolveInfo['path'] | undefined = info.path; path; path = path.prev) keys.unshift(path.key);
  return keys.join('.');
}

interface Leaf {
  typename: string;
  nullable: boolean;
  /** For a list of leaves: whether its items may be null. */
  itemsNullable: boolean | null;
}

export class SafeLeavesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const leaf = this.leafOf(fieldConfig.type);
    if (!leaf) return resolver;
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const builtIn = BUILT_IN[leaf.typename];
    const asText = TEXT_TYPES.has(leaf.typename);
    const builtInNumber = !!builtIn && !asText;

    const showable = (value: unknown, info: GraphQLResolveInfo): boolean => {
      if (builtIn) return builtIn(value);
      if (value == null) return false;
      try {
        (getNamedType(info.returnType) as GraphQLLeafType).serialize(value);
        return true;
      } catch {
        return false;
      }
    };
    const standIn = (value: unknown, nullable: boolean, info: GraphQLResolveInfo): unknown => {
      unshowable += 1;
      console.error(`Stored value not shown as ${leaf.typename} at ${coordinate} (${pathOf(info)}): ${describe(value)}`);
      if (nullable) return null;
      if (builtInNumber) return value;
      return asText ? textOf(value) : new ShownAsText(textOf(value));
    };
    const one = (value: unknown, nullable: boolean, info: GraphQLResolveInfo): unknown =>
      (value == null && nullable) || showable(value, info) ? value : standIn(value, nullable, info);

    const check =
      leaf.itemsNullable === null
        ? (value: unknown, info: GraphQLResolveInfo) => one(value, leaf.nullable, info)
        : (value: unknown, info: GraphQLResolveInfo) => {
            if (value == null && leaf.nullable) return value;
            if (!Array.isArray(value)) {
              unshowable += 1;
              console.error(`Stored value not shown as [${leaf.typename}] at ${coordinate} (${pathOf(info)}): ${describe(value)}`);
              return leaf.nullable ? null : [];
            }
            let shown: unknown[] | null = null;
            for (let i = 0; i < value.length; i += 1) {
              const item = one(value[i], leaf.itemsNullable!, info);
              if (item !== value[i]) (shown ??= value.slice())[i] = item;
            }
            return shown ?? value;
          };

    const wrapped: GraphQLFieldResolver<unknown, Types['Context'], object> = (parent, args, context, info) =>
      completeValue(resolver(parent, args, context, info), (value) => check(value, info));
    guarded.add(wrapped);
    return wrapped;
  }

  /** Enums and custom scalars show a non-null stand-in as its text. */
  override afterBuild(schema: GraphQLSchema): GraphQLSchema {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isLeafType(type) || type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (!isEnumType(type) && !isScalarType(type)) continue;
      const serialize = type.serialize.bind(type);
      type.serialize = (value: unknown) => (value instanceof ShownAsText ? value.text : serialize(value));
    }
    return schema;
  }

  private leafOf(type: PothosOutputFieldType<Types>): Leaf | null {
    if (type.kind === 'List') {
      const item = type.type;
      if (item.kind !== 'Scalar' && item.kind !== 'Enum') return null;
      return { typename: this.buildCache.getTypeConfig(item.ref).name, nullable: type.nullable, itemsNullable: item.nullable };
    }
    if (type.kind !== 'Scalar' && type.kind !== 'Enum') return null;
    return { typename: this.buildCache.getTypeConfig(type.ref).name, nullable: type.nullable, itemsNullable: null };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      safeLeaves: SafeLeavesPlugin<Types>;
    }
  }
}

export const safeLeavesPlugin = 'safeLeaves' as const;
SchemaBuilder.registerPlugin(safeLeavesPlugin, SafeLeavesPlugin);
