import { randomUUID } from 'node:crypto';
import { initialTradeoffState, tradeoffDecider, type TradeoffState } from '../../domain/tradeoffs/tradeoff.ts';
import { NoteTradeoffInput, ReviseTradeoffInput, RevisitTradeoffInput } from '../../domain/tradeoffs/inputs.ts';
import { TRADEOFF_STREAM } from '../../domain/tradeoffs/events.ts';
import { recordExecutor } from '../run-command.ts';
import { builder } from '../builder.ts';
import { parseChange, parseInput } from '../parse-input.ts';
import { findLinks } from './node-link.ts';
import { payloadType, refused } from './payload.ts';
import { RevisitOutcomeEnum, TRADEOFF_LINK_TYPES, TradeoffRef } from './tradeoff.ts';

const idempotencyKeyDescription = 'Retrying with the same key returns the first result and writes nothing.';
const relatedToDescription = `Ids of the records it concerns: ${TRADEOFF_LINK_TYPES.join(', ')}. Each must exist.`;

const NoteTradeoffInputType = builder.inputType('NoteTradeoffInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    chose: t.string({ required: true, description: 'What was chosen.' }),
    over: t.string({ required: true, description: 'What was given up for it.' }),
    rationale: t.string({ required: true }),
    relatedTo: t.idList({ description: relatedToDescription }),
    revisitBy: t.string({ description: 'ISO date (2026-12-31) by which to look at the tradeoff again.' }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const ReviseTradeoffInputType = builder.inputType('ReviseTradeoffInput', {
  description: 'Only the fields given change; null or "" for revisitBy removes the revisit date. relatedTo replaces the links.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The version you last read; the change is refused if the tradeoff moved on.' }),
    reason: t.string({ required: true, description: 'Why: kept in the log for auditors.' }),
    title: t.string(),
    chose: t.string(),
    over: t.string(),
    rationale: t.string(),
    relatedTo: t.idList({ description: relatedToDescription }),
    revisitBy: t.string({ description: 'ISO date; null or "" removes it.' }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const RevisitTradeoffInputType = builder.inputType('RevisitTradeoffInput', {
  description: 'Records a look back at a tradeoff; it leaves the due-for-revisit list unless a next revisit date is set.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    outcome: t.field({ type: RevisitOutcomeEnum, required: true }),
    reason: t.string({ required: true, description: 'What the revisit found: kept in the log for auditors.' }),
    nextRevisitBy: t.string({ description: 'ISO date of the next revisit (only when UPHELD).' }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const payload = (name: string) => payloadType<TradeoffState>(name, 'tradeoff', TradeoffRef);
const execute = recordExecutor(tradeoffDecider, TRADEOFF_STREAM, initialTradeoffState);

builder.mutationFields((t) => ({
  noteTradeoff: t.field({
    type: payload('NoteTradeoffPayload'),
    description: 'Notes a tradeoff: what was chosen over what and why, linked to the records it concerns.',
    args: { input: t.arg({ type: NoteTradeoffInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(NoteTradeoffInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { idempotencyKey, relatedTo, ...content } = parsed.data;
      const links = await findLinks(ctx, relatedTo, ['input', 'relatedTo'], TRADEOFF_LINK_TYPES);
      if (!links.ok) return refused(links.errors);
      return execute(ctx, {
        operation: 'noteTradeoff',
        input,
        id: randomUUID(),
        newRecord: true,
        idempotencyKey,
        command: () => ({ type: 'NoteTradeoff', data: { ...content, relatedTo: links.links } }),
      });
    },
  }),

  reviseTradeoff: t.field({
    type: payload('ReviseTradeoffPayload'),
    description: 'Changes a tradeoff in effect (e.g. a new revisit date or more links), with a reason.',
    args: { input: t.arg({ type: ReviseTradeoffInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ReviseTradeoffInput, input, 'Tradeoff');
      if (!parsed.ok) return refused(parsed.errors);
      const { id: _id, expectedVersion, reason, idempotencyKey, relatedTo, ...changes } = parsed.data;
      const links = relatedTo === undefined ? undefined : await findLinks(ctx, relatedTo, ['input', 'relatedTo'], TRADEOFF_LINK_TYPES);
      if (links && !links.ok) return refused(links.errors);
      return execute(ctx, {
        operation: 'reviseTradeoff',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ReviseTradeoff', changes: { ...changes, relatedTo: links?.links } }),
      });
    },
  }),

  revisitTradeoff: t.field({
    type: payload('RevisitTradeoffPayload'),
    description: 'Records that a tradeoff was looked at again: UPHELD (optionally with a next revisit date) or REVERSED.',
    args: { input: t.arg({ type: RevisitTradeoffInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(RevisitTradeoffInput, input, 'Tradeoff');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, outcome, nextRevisitBy } = parsed.data;
      return execute(ctx, {
        operation: 'revisitTradeoff',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'RevisitTradeoff', outcome, nextRevisitBy }),
      });
    },
  }),
}));
