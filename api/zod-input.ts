import type { EnumRef, InputFieldRef, InputObjectRef } from '@pothos/core';
import { z } from 'zod';
import { builder, type BuilderTypes } from './builder.ts';

/**
 * GraphQL input types built from the zod schemas that validate them, so an input is declared once
 * (in its kind's domain folder) and the two cannot drift. What zod cannot say about GraphQL is
 * in the schema's metadata (`.meta(...)`, see GraphQLMeta): the GraphQL name of a nested input
 * object or of an enum whose zod schema allows only some values, and which strings are IDs.
 * Descriptions come from `.describe()`; the one nearest the field wins.
 */

export interface GraphQLMeta {
  /** The GraphQL type: an input object's or enum's name, or `ID` for a string field. */
  graphql?: string;
  /** A string field holding the opaque id of a record of this node type, decoded before validation. */
  node?: string;
}

type Fields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;
// Pothos' input field refs are typed by their value; a schema built at run time is typed by zod.
type AnyFieldRef = InputFieldRef<BuilderTypes, unknown>;

/** GraphQL enums by their values (sorted, joined): a described copy of a zod enum is another object. */
const enums = new Map<string, EnumRef<BuilderTypes, string>>();
const valuesKey = (values: readonly string[]) => [...values].sort().join('|');
const enumsByName = new Map<string, EnumRef<BuilderTypes, string>>();
const inputObjects = new Map<string, InputObjectRef<BuilderTypes, unknown>>();

/** A GraphQL enum with the values of a zod enum; inputs validated by that zod enum use it. */
export function enumType<const V extends string>(
  name: string,
  schema: z.ZodEnum<{ [K in V]: K }>,
  description?: string,
  valueDescriptions?: Record<V, string>,
) {
  const values = valueDescriptions
    ? (Object.fromEntries(schema.options.map((v) => [v, { description: valueDescriptions[v] }])) as Record<V, { description: string }>)
    : schema.options;
  const ref = builder.enumType(name, { values, description });
  if (enums.has(valuesKey(schema.options))) throw new Error(`${name}: another enum has the same values; give inputs .meta({ graphql })`);
  enums.set(valuesKey(schema.options), ref as EnumRef<BuilderTypes, string>);
  enumsByName.set(name, ref as EnumRef<BuilderTypes, string>);
  return ref;
}

const metaOf = (schema: z.ZodType) => z.globalRegistry.get(schema) as (GraphQLMeta & { description?: string }) | undefined;

/** The input object type `name` whose fields are the zod object's (nested objects become input types too). */
export function inputType(name: string, schema: z.ZodType, description?: string): InputObjectRef<BuilderTypes, unknown> {
  const object = objectOf(schema);
  const existing = inputObjects.get(name);
  if (existing) return existing;
  const ref = builder.inputType(name, {
    description: description ?? metaOf(schema)?.description ?? metaOf(object)?.description,
    fields: (t) => Object.fromEntries(Object.entries(object.shape).map(([key, field]) => [key, inputField(t, field as z.ZodType, [name, key])])),
  });
  inputObjects.set(name, ref as InputObjectRef<BuilderTypes, unknown>);
  return ref as InputObjectRef<BuilderTypes, unknown>;
}

/** The object under an input schema's refinements and transforms. */
export function objectOf(schema: z.ZodType): z.ZodObject {
  const def = schema._zod.def as { type: string; in?: z.ZodType; innerType?: z.ZodType };
  if (def.type === 'object') return schema as z.ZodObject;
  if (def.type === 'pipe' && def.in) return objectOf(def.in);
  throw new Error(`an input schema must be a zod object, not ${def.type}`);
}

interface Unwrapped {
  schema: z.ZodType;
  required: boolean;
  description?: string;
  meta: GraphQLMeta;
}

/** The type under optional / nullable / default / transforms, with what they say about the field. */
function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let required = true;
  let description: string | undefined;
  const meta: GraphQLMeta = {};
  for (;;) {
    const own = metaOf(current);
    description ??= own?.description;
    meta.graphql ??= own?.graphql;
    meta.node ??= own?.node;
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') {
      required = false;
      current = def.innerType!;
    } else if (def.type === 'pipe') {
      // A transform's input is what the client sends; a preprocess (transform first) validates with `out`.
      current = (def.in!._zod.def.type === 'transform' ? def.out : def.in)!;
    } else {
      return { schema: current, required, description, meta };
    }
  }
}

function inputField(t: Fields, schema: z.ZodType, path: string[]): AnyFieldRef {
  const { schema: inner, required, description, meta } = unwrap(schema);
  const type = graphqlType(inner, meta, path);
  return t.field({ type: type as never, required, description }) as AnyFieldRef;
}

/** A Pothos type parameter for a zod schema: a scalar name, a ref, or a one-element list of either. */
function graphqlType(schema: z.ZodType, meta: GraphQLMeta, path: string[]): unknown {
  const def = schema._zod.def as { type: string; element?: z.ZodType };
  switch (def.type) {
    case 'string':
      return meta.graphql === 'ID' || meta.node ? 'ID' : 'String';
    case 'number':
      return (schema as z.ZodNumber).isInt ? 'Int' : 'Float';
    case 'boolean':
      return 'Boolean';
    case 'enum': {
      const ref = (meta.graphql && enumsByName.get(meta.graphql)) || enums.get(valuesKey((schema as z.ZodEnum).options as string[]));
      if (!ref) throw new Error(`${path.join('.')}: no GraphQL enum for this zod enum (enumType(), or .meta({ graphql }))`);
      return ref;
    }
    case 'array': {
      const element = unwrap(def.element!);
      return [graphqlType(element.schema, element.meta, path)];
    }
    case 'object':
      if (!meta.graphql) throw new Error(`${path.join('.')}: a nested input object needs .meta({ graphql: '<Name>Input' })`);
      return inputType(meta.graphql, schema);
    default:
      throw new Error(`${path.join('.')}: no GraphQL input type for zod ${def.type}`);
  }
}

/** The top-level fields holding ids of a node type, with that type: decoded before validation. */
export function nodeIdFields(schema: z.ZodType): [field: string, type: string][] {
  return Object.entries(objectOf(schema).shape).flatMap(([key, field]) => {
    const { meta } = unwrap(field as z.ZodType);
    return meta.node ? [[key, meta.node] as [string, string]] : [];
  });
}
