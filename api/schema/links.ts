import { LINK_KIND_DESCRIPTIONS, LinkKindSchema, type ExternalLink } from '../../domain/links/links.ts';
import { builder } from '../builder.ts';
import { enumType } from '../zod-input.ts';

/** Links to where the work lives outside the ledger, shared by every record kind. */

export const LinkKindEnum = enumType(
  'LinkKind',
  LinkKindSchema,
  'The tool a link points at; inferred from its host when not given.',
  LINK_KIND_DESCRIPTIONS,
);

export const ExternalLinkType = builder.objectRef<ExternalLink>('ExternalLink').implement({
  description: 'A link to where the work lives: a tracker issue, a pull request, a document, a dashboard.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'An https URL (http only for localhost).' }),
    title: t.exposeString('title', { nullable: true, description: 'What the link shows, when given.' }),
    kind: t.field({ type: LinkKindEnum, description: 'The tool it points at (given, or inferred from the host).', resolve: (l) => l.kind }),
  }),
});

export const LINKS_DESCRIPTION = 'Links to where the work lives (tracker issues, pull requests, documents, dashboards).';
