import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';

/** Event schemas of a team. The stream id is the team's key (e.g. `payments`). */

export const TEAM_STREAM = 'team';

export const TeamKindSchema = z.enum(['PRODUCT', 'PLATFORM', 'INFRASTRUCTURE']);

const TeamContentSchema = z.object({
  name: z.string(),
  kind: TeamKindSchema,
  headcount: z.number().int().min(0),
  /** Absent in teams defined before links existed: none. */
  links: z.array(ExternalLinkSchema).optional(),
});

/**
 * `effectiveWeek`: the ISO week from which the kind and headcount are in force; null means the
 * week the event was recorded in. It lets a lead record a change that happened earlier.
 */
const EffectiveWeek = z.string().nullable();

export const TeamDefined = defineEvent('TeamDefined', TeamContentSchema.extend({ effectiveWeek: EffectiveWeek }));

/** Only the fields that changed; the reason is in the envelope. */
export const TeamRevised = defineEvent(
  'TeamRevised',
  z.object({ changes: TeamContentSchema.partial(), effectiveWeek: EffectiveWeek }),
);

export const teamEvents = [TeamDefined, TeamRevised] as const;

export type TeamEvent = EventOf<(typeof teamEvents)[number]>;
export type TeamKind = z.infer<typeof TeamKindSchema>;
export type TeamContent = z.infer<typeof TeamContentSchema>;
