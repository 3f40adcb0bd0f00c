import { z } from 'zod';
import { distinctList, required, trimmed } from '../inputs.ts';

/**
 * Links to where the work lives outside the ledger (a tracker issue, a pull request, a document,
 * a dashboard), carried by every record kind and allowed as evidence next to record ids.
 */

export const LinkKindSchema = z.enum(['JIRA', 'GITHUB', 'LINEAR', 'DOCUMENT', 'DASHBOARD', 'OTHER']);
export type LinkKind = z.infer<typeof LinkKindSchema>;

export const LINK_KIND_DESCRIPTIONS: Record<LinkKind, string> = {
  JIRA: 'A Jira issue or board (atlassian.net, or a host named jira.*).',
  GITHUB: 'A GitHub issue, pull request or repository (github.com).',
  LINEAR: 'A Linear issue or project (linear.app).',
  DOCUMENT: 'A document (Google Docs, Notion, Confluence, SharePoint, Dropbox Paper, Quip).',
  DASHBOARD: 'A dashboard (Grafana, Datadog, Looker, Tableau, Metabase, Power BI, Kibana).',
  OTHER: 'Any other page.',
};

/** As stored in events: the kind is always resolved (given, or inferred when the link was made). */
export const ExternalLinkSchema = z.object({ url: z.string(), title: z.string().nullable(), kind: LinkKindSchema });
export type ExternalLink = z.infer<typeof ExternalLinkSchema>;

export const MAX_LINKS = 20;
export const MAX_URL_LENGTH = 2000;

const endsWith = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * The hosts that name each tool, first match wins: a domain matches itself and its subdomains,
 * a name ending in "." matches hosts starting with it (self-hosted tools: jira.example.com).
 */
const HOSTS: [LinkKind, string[]][] = [
  ['JIRA', ['atlassian.net', 'jira.']],
  ['GITHUB', ['github.com', 'github.']],
  ['LINEAR', ['linear.app']],
  ['DOCUMENT', ['docs.google.com', 'drive.google.com', 'notion.so', 'notion.site', 'sharepoint.com', 'paper.dropbox.com', 'quip.com', 'confluence.', 'wiki.']],
  ['DASHBOARD', ['grafana.net', 'grafana.', 'datadoghq.com', 'datadoghq.eu', 'looker.com', 'lookerstudio.google.com', 'tableau.com', 'metabaseapp.com', 'metabase.', 'powerbi.com', 'kibana.']],
];

const namesTool = (host: string, name: string) => (name.endsWith('.') ? host.startsWith(name) : endsWith(host, name));

/** The kind a URL's host names, OTHER when it names none of the known tools. */
export function inferLinkKind(url: string): LinkKind {
  const host = new URL(url).hostname.toLowerCase();
  // Confluence pages on Atlassian Cloud live under /wiki on the same host as Jira.
  if (endsWith(host, 'atlassian.net') && new URL(url).pathname.startsWith('/wiki')) return 'DOCUMENT';
  return HOSTS.find(([, names]) => names.some((name) => namesTool(host, name)))?.[0] ?? 'OTHER';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; http only to this machine (a tool running locally). */
function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://example.com/page';
  }
  if (url.protocol === 'https:') return url.hostname ? null : 'must name a host';
  if (url.protocol === 'http:') return LOOPBACK.has(url.hostname) ? null : 'http is allowed for localhost only; use https';
  return `must use https (not ${url.protocol.replace(':', '')})`;
}

export const LinkInput = z
  .object({
    url: z
      .string()
      .trim()
      .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
      .superRefine((value, ctx) => {
        const problem = urlProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(`An https URL (http only for localhost), at most ${MAX_URL_LENGTH} characters.`),
    title: trimmed(200).describe('What the link shows; optional.').nullish().transform((v) => v || null),
    kind: LinkKindSchema.meta({ graphql: 'LinkKind' })
      .describe('The tool it points at; inferred from the host when not given.')
      .nullish(),
  })
  .meta({ graphql: 'LinkInput' })
  .describe('A link to where the work lives: a tracker issue, a pull request, a document, a dashboard.')
  .transform((link): ExternalLink => ({ url: link.url, title: link.title, kind: link.kind ?? inferLinkKind(link.url) }));

/** A record's links: at most 20, the same URL once (the first one given wins). */
export const LinksInput = z
  .array(LinkInput)
  .max(MAX_LINKS, `at most ${MAX_LINKS} links`)
  .transform((links) => links.filter((link, i) => links.findIndex((l) => l.url === link.url) === i))
  .describe(`Links to where the work lives (at most ${MAX_LINKS}); a revision replaces the whole list.`);

/** Optional on a new record: absent or null means none. */
export const NewLinks = LinksInput.nullish().transform((links) => links ?? []);

/** Tags of a record: at most 20, trimmed, each once. */
export const Tags = distinctList(required(50), 20, 'tags').describe('Labels to filter by (at most 20, each at most 50 characters); a revision replaces the list.');

export const NewTags = Tags.describe('Labels to filter by (at most 20, each at most 50 characters).')
  .nullish()
  .transform((tags) => tags ?? []);
