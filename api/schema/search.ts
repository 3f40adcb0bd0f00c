import { brandWithType } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { SEARCH_KINDS, type SearchHit } from '../../domain/search/search-index.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { keyedConnection } from '../connection.ts';
import { TYPE_OF_KIND } from '../global-id.ts';
import { RECORD_LOOKUPS } from '../record-lookup.ts';
import { countedConnection } from './counted-connection.ts';
import { NodeInterface } from './node-link.ts';
import { listArgs } from './page-args.ts';
import { enumType } from '../zod-input.ts';

const SearchKindEnum = enumType('SearchKind', z.enum(SEARCH_KINDS), 'The record kinds search looks in.', {
  DECISION: 'Decisions: title, context, rationale, consequences, chosen option, reasons.',
  TRADEOFF: 'Tradeoffs: title, what was chosen and given up, rationale, reasons.',
  INITIATIVE: 'Initiatives: title, description, reasons.',
  OBJECTIVE: 'Objectives: title, description, closing notes, reasons.',
  KEY_RESULT: 'Key results: title, description, check-in notes, reasons.',
});

const HighlightSourceEnum = builder.enumType('SearchHighlightSource', {
  description: 'Which words of a record matched.',
  values: {
    TITLE: { description: 'Its title.', value: 'title' },
    CONTENT: { description: 'Its content: rationale, context, description and the like.', value: 'content' },
    NOTE: { description: 'A note of one of its events (a check-in note, a closing note).', value: 'note' },
    REASON: { description: 'The reason given for one of its changes.', value: 'reason' },
  },
});

type Highlight = SearchHit['highlights'][number];

const HighlightType = builder.objectRef<Highlight>('SearchHighlight').implement({
  description: 'Where a search matched: a snippet of the matching words and the indexed terms that matched.',
  fields: (t) => ({
    source: t.field({ type: HighlightSourceEnum, description: 'Which words matched.', resolve: (h) => h.source }),
    snippet: t.exposeString('snippet', { description: 'The matching text, cut around the first match.' }),
    terms: t.exposeStringList('terms', { description: 'The indexed terms that matched (after prefix and fuzzy matching).' }),
  }),
});

interface Ranked {
  hit: SearchHit;
  rank: number;
  record: object;
}

const SearchResultType = builder.objectRef<Ranked>('SearchResult').implement({
  description: 'A record that matched a search, with its relevance and where it matched.',
  fields: (t) => ({
    node: t.field({ type: NodeInterface, description: 'The record, as it stood at the point searched.', resolve: (r) => r.record as never }),
    kind: t.field({ type: SearchKindEnum, description: 'Its kind.', resolve: (r) => r.hit.kind }),
    score: t.float({ description: 'Relevance (BM25+, titles weigh double); higher first.', resolve: (r) => r.hit.score }),
    highlights: t.field({ type: [HighlightType], description: 'Where it matched, best match first.', resolve: (r) => r.hit.highlights.slice(0, 5) }),
  }),
});

const SearchConnection = countedConnection('SearchResult', SearchResultType);

const MAX_QUERY = 200;

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Full-text search over titles, rationale, context, descriptions, notes and reasons, ranked by relevance, with highlights; prefix matching from 3 characters, typo-tolerant from 5. With asOf/atPosition it searches the words as they stood then.',
    args: {
      query: t.arg.string({ required: true, description: `Words to look for (at most ${MAX_QUERY} characters).` }),
      kinds: t.arg({ type: [SearchKindEnum], required: false, description: 'Only records of these kinds (all when absent).' }),
      ...listArgs,
    },
    resolve: async (_root, args, ctx) => {
      const query = args.query.trim();
      if (!query || query.length > MAX_QUERY) {
        throw new GraphQLError(`Argument "query" must have 1 to ${MAX_QUERY} characters`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const [models, { position }] = await Promise.all([ctx.read(), ctx.pointInTime()]);
      const hits = await models.search.search(query, { kinds: args.kinds, position });
      const ranked: Ranked[] = [];
      for (const hit of hits) {
        const type = TYPE_OF_KIND[hit.stream]!;
        const record = await RECORD_LOOKUPS[type]?.(models, hit.recordId);
        if (!record) continue;
        brandWithType(record, type as never);
        ranked.push({ hit, rank: ranked.length, record });
      }
      return keyedConnection(ranked, (r) => r.rank, args);
    },
  }),
);
