import type { ObjectRef } from '@pothos/core';
import type { z } from 'zod';
import type { AnyEvent, RecordKind, RecordState } from '../domain/decider.ts';
import { mutationRequires, type Permission } from './auth/permissions.ts';
import { builder, type BuilderTypes } from './builder.ts';
import type { ApiContext } from './context.ts';
import { parseGlobalId } from './global-id.ts';
import { execute, type CommandResult, type ReadStream } from './run-command.ts';
import { payloadType, type Payload } from './schema/payload.ts';
import type { UserError } from './schema/user-error.ts';
import { inputType, nodeIdFields } from './zod-input.ts';

/**
 * A mutation, declared once: its GraphQL input type (`<Name>Input`) is built from the zod schema
 * that validates it (api/zod-input.ts), its payload (`<Name>Payload`) from the record it returns,
 * it declares its permission, and it runs through the one command path
 * (api/run-command.ts). The envelope fields every input may have are taken by name: `id` (the
 * record, an opaque node id; without it the mutation creates a record), `expectedVersion`,
 * `reason` and `idempotencyKey`. The rest of the input goes to `command`.
 */

type Envelope = 'id' | 'expectedVersion' | 'reason' | 'idempotencyKey';

/** What a mutation returns: its GraphQL type and how a command's result becomes it. */
export interface PayloadOf<S, P> {
  type: (name: string) => ObjectRef<BuilderTypes, P>;
  of: (result: CommandResult<S>, ctx: ApiContext) => P | Promise<P>;
}

/** The usual payload: the record under `field` (null when refused) and `userErrors`. */
export function recordPayload<S>(field: string, ref: ObjectRef<BuilderTypes, S>): PayloadOf<S, Payload<S>> {
  return {
    type: (name) => payloadType<S>(name, field, ref),
    of: (result) => ({ record: result.state, userErrors: result.userErrors }),
  };
}

export interface CommandTools<S> {
  state: S;
  read: ReadStream;
  ctx: ApiContext;
  reason: string | null;
}

export interface MutationSpec<Data, C, S> {
  description: string;
  /** Who may call it (api/auth/permissions.ts: contribute, lead, administer, ...). */
  permission: Permission;
  input: z.ZodType<Data>;
  /** The record the command is for, when it is not the input's `id` (e.g. a team's key). */
  id?: (data: Data) => string;
  command: (fields: Omit<Data, Envelope>, tools: CommandTools<S>) => C | UserError[] | Promise<C | UserError[]>;
}


/** The event types of each stream kind that has mutations (webhook filters are checked against it). */
export const STREAM_EVENT_TYPES = new Map<string, readonly string[]>();

/** The description of every mutation's `input` argument. */
export const INPUT_ARG_DESCRIPTION = 'The fields of the change; invalid ones come back as userErrors with their path, and nothing is written.';

const capitalized = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The record kind a mutation writes and the payload it answers with. */
export interface MutationTarget<C, S extends RecordState, E extends AnyEvent, P> {
  kind: RecordKind<C, S, E>;
  payload: PayloadOf<S, P>;
}

/**
 * The mutations of one target: `mutationsOf(target)(name, spec)` defines one. Curried so that the
 * kind's command type is fixed before a spec is checked: a command's `type: 'RecordDecision'` is
 * then checked against the command union instead of widened to string.
 */
export function mutationsOf<C, S extends RecordState, E extends AnyEvent, P>(target: MutationTarget<C, S, E, P>) {
  return <Data extends Record<string, unknown>>(name: string, spec: MutationSpec<Data, C, S>): void => defineMutation(name, target, spec);
}

function defineMutation<Data extends Record<string, unknown>, C, S extends RecordState, E extends AnyEvent, P>(
  name: string,
  target: MutationTarget<C, S, E, P>,
  spec: MutationSpec<Data, C, S>,
): void {
  const Name = capitalized(name);
  STREAM_EVENT_TYPES.set(target.kind.stream, target.kind.eventTypes);
  const Input = inputType(`${Name}Input`, spec.input);
  const PayloadType = target.payload.type(`${Name}Payload`);
  const ids = nodeIdFields(spec.input);
  const refused = (ctx: ApiContext, userErrors: UserError[]) => target.payload.of({ state: null, userErrors }, ctx);

  const resolve = async (input: Record<string, unknown>, ctx: ApiContext): Promise<P> => {
    const parsed = parseMutationInput(spec.input, input, ids);
    if (!parsed.ok) return refused(ctx, parsed.errors);
    const { id, expectedVersion, reason, idempotencyKey, ...fields } = parsed.data as Data & {
      id?: string;
      expectedVersion?: number;
      reason?: string | null;
      idempotencyKey?: string | null;
    };
    const result = await execute(ctx, {
      operation: name,
      input,
      kind: target.kind,
      id: spec.id ? spec.id(parsed.data) : id,
      expectedVersion: expectedVersion ?? undefined,
      reason: reason ?? null,
      idempotencyKey,
      command: (state, read) => spec.command(fields as Omit<Data, Envelope>, { state, read, ctx, reason: reason ?? null }),
    });
    if (result.state && !result.userErrors.length) await ctx.registerActor();
    return target.payload.of(result, ctx);
  };

  builder.mutationField(name, (t) =>
    t.field({
      type: PayloadType,
      description: spec.description,
      ...mutationRequires(name, spec.permission),
      args: { input: t.arg({ type: Input, required: true, description: INPUT_ARG_DESCRIPTION }) },
      // Pothos cannot check a resolver's result against a payload type that is a type parameter.
      resolve: (_root, args, ctx) => resolve(args.input as Record<string, unknown>, ctx) as never,
    }),
  );
}

/**
 * Decodes the node ids of the input's id fields, then validates the whole input with its zod
 * schema; every problem becomes a user error at its field path.
 */
export function parseMutationInput<Data>(
  schema: z.ZodType<Data>,
  input: Record<string, unknown>,
  ids: readonly [field: string, type: string][] = nodeIdFields(schema),
): { ok: true; data: Data } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  let decoded = input;
  for (const [field, type] of ids) {
    const value = input[field];
    if (typeof value !== 'string') continue;
    const id = parseGlobalId(value, type, ['input', field]);
    if (id.ok) decoded = { ...decoded, [field]: id.id };
    else errors.push(id.error);
  }
  const result = schema.safeParse(decoded);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = ['input', ...issue.path.map(String)];
      // An id already reported as malformed is not reported again by its schema.
      if (!errors.some((e) => e.field?.join('.') === field.join('.'))) errors.push({ code: 'INVALID_INPUT', field, message: issue.message });
    }
  }
  return errors.length || !result.success ? { ok: false, errors } : { ok: true, data: result.data };
}
