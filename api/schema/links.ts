import { LINK_KIND_DESCRIPTIONS, LinkKindSchema, type ExternalLink } from '../../domain/links/links.ts';
import { builder, type BuilderTypes } from '../builder.ts';
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

type FieldsOf<P> = PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>;

/** The `links` field of a record kind that carries links. */
export const linksField = <P extends { links: ExternalLink[] }>(t: FieldsOf<P>) =>
  t.field({ type: [ExternalLinkType], description: LINKS_DESCRIPTION, resolve: (r) => r.links });

/** `tags` then `links`, as the kinds that carry both declare them. */
export const tagsAndLinks = <P extends { tags: string[]; links: ExternalLink[] }>(t: FieldsOf<P>, tagsDescription = 'Labels to filter by.') => ({
  // Exposed, like every plain property; Pothos cannot check the key 'tags' against a generic P.
  tags: (t as unknown as FieldsOf<{ tags: string[] }>).exposeStringList('tags', { description: tagsDescription }),
  links: linksField(t),
});
