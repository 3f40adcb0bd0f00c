import MiniSearch, { type SearchResult } from 'minisearch';
import type { RecordedEvent } from '../../events/envelope.ts';
import { eventsOf, logUntil, type LogListener, type LogView } from '../../events/log-cache.ts';

/**
 * Full-text search over the ledger's words: titles, rationale, context, descriptions, notes and
 * the reasons of every change, with MiniSearch (in memory, synchronous add and discard, a filter
 * callback per result, no dependencies). One index answers every point in time: each document
 * carries the log positions it held from and until, and a search at position P keeps only those
 * that held at P. A record's content (title, rationale, ...) is one document at a time (a revision
 * closes the old one and opens another); a note or reason is a document of its own that never closes.
 *
 * It is a LogListener of every event, but builds itself only when first searched (from the log it
 * listens to), so a server that is never searched pays nothing at cold start; from then on each
 * event is indexed as it arrives.
 */

export const SEARCH_KINDS = ['DECISION', 'TRADEOFF', 'INITIATIVE', 'OBJECTIVE', 'KEY_RESULT'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

const KIND_OF_STREAM: Record<string, SearchKind> = {
  decision: 'DECISION',
  tradeoff: 'TRADEOFF',
  initiative: 'INITIATIVE',
  objective: 'OBJECTIVE',
  'key-result': 'KEY_RESULT',
};

/** The payload fields that hold a record's words, by stream kind (title first). */
const CONTENT_FIELDS: Record<string, readonly string[]> = {
  decision: ['title', 'context', 'rationale', 'consequences', 'chosenOption'],
  tradeoff: ['title', 'chose', 'over', 'rationale'],
  initiative: ['title', 'description'],
  objective: ['title', 'description'],
  'key-result': ['title', 'description'],
};

/** The payload fields that are notes: words of one event, kept beside the record's content. */
const NOTE_FIELDS = ['note'] as const;

interface SearchDocument {
  id: number;
  kind: SearchKind;
  stream: string;
  recordId: string;
  /** The first position at which the document holds, and the first at which it no longer does. */
  from: number;
  until: number;
  /** Which words these are: `content`, `note` or `reason`. */
  source: 'content' | 'note' | 'reason';
  title: string;
  text: string;
}

export interface SearchHit {
  kind: SearchKind;
  stream: string;
  recordId: string;
  score: number;
  /** Where the query matched: which words, a snippet around the first match, and the terms. */
  highlights: { source: SearchDocument['source'] | 'title'; snippet: string; terms: string[] }[];
}

export interface SearchOptions {
  kinds?: readonly SearchKind[] | null;
  /** The log position to answer at (the index's own position when absent). */
  position?: number;
}

const SNIPPET_CHARS = 160;

export class SearchIndex implements LogListener {
  private index: MiniSearch<SearchDocument> | null = null;
  /** Every document by id, for the positions and the words of a hit. */
  private readonly documents = new Map<number, SearchDocument>();
  /** The open content document of each record (`stream#id`) and the content it indexes. */
  private readonly content = new Map<string, { doc: SearchDocument; fields: Record<string, string> }>();
  private nextId = 1;
  /** The index being built (first search), and the events that arrive while it is. */
  private building: Promise<MiniSearch<SearchDocument>> | null = null;
  private arrived: RecordedEvent[] = [];
  /** The last position indexed (or seen, before the index is built). */
  private position = 0;

  /** `log`: the log this index listens to, read once when it is first searched. */
  constructor(private readonly log?: () => LogView) {}

  apply(event: RecordedEvent): void {
    if (this.index) this.addTo(this.index, event);
    else if (this.building) this.arrived.push(event);
    this.position = event.position;
  }

  /** Starts at `position` of a log whose events before it it has not seen (views restored from a snapshot). */
  startAt(position: number): void {
    this.position = position;
  }

  /** Ranked hits for `query` at a position, each record once (its best-scoring document). */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const index = await (this.building ??= this.build().catch((error: unknown) => {
      this.building = null;
      throw error;
    }));
    const at = options.position ?? this.position;
    const kinds = options.kinds?.length ? new Set(options.kinds) : null;
    const results = index.search(query, {
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      boost: { title: 2 },
      filter: (result) => {
        const doc = this.documents.get(result.id as number)!;
        return doc.from <= at && at < doc.until && (!kinds || kinds.has(doc.kind));
      },
    });
    const hits = new Map<string, SearchHit>();
    for (const result of results) {
      const doc = this.documents.get(result.id as number)!;
      const key = `${doc.stream}#${doc.recordId}`;
      let hit = hits.get(key);
      if (!hit) {
        hit = { kind: doc.kind, stream: doc.stream, recordId: doc.recordId, score: result.score, highlights: [] };
        hits.set(key, hit);
      } else {
        hit.score += result.score / 4;
      }
      hit.highlights.push(...highlightsOf(doc, result));
    }
    return [...hits.values()].sort((a, b) => b.score - a.score);
  }

  /**
   * The index, built from the log on first use: page by page through the log (the store, for the
   * events the log cache no longer holds), then the events that arrived meanwhile. It holds a
   * document per content revision, note and reason: the search's memory grows with the log, and
   * only a process that is searched pays it.
   */
  private async build(): Promise<MiniSearch<SearchDocument>> {
    const building = new MiniSearch<SearchDocument>({ fields: ['title', 'text'], idField: 'id' });
    this.documents.clear();
    this.content.clear();
    this.arrived = [];
    let last = 0;
    const log = this.log?.();
    if (log) {
      for await (const event of eventsOf(logUntil(log, this.position), 0)) {
        this.addTo(building, event);
        last = event.position;
      }
    }
    for (const event of this.arrived) if (event.position > last) this.addTo(building, event);
    this.arrived = [];
    this.index = building;
    return building;
  }

  private addTo(index: MiniSearch<SearchDocument>, event: RecordedEvent): void {
    const stream = event.stream.kind;
    const kind = KIND_OF_STREAM[stream];
    if (!kind) return;
    const recordId = event.stream.id;
    const key = `${stream}#${recordId}`;
    const payload = event.payload as Record<string, unknown>;
    const changes = (payload.changes as Record<string, unknown> | undefined) ?? payload;
    const fields = CONTENT_FIELDS[stream]!;
    const open = this.content.get(key);
    const changed = fields.filter((f) => typeof changes[f] === 'string' || (changes[f] === null && open?.fields[f]));
    if (changed.length) {
      const next: Record<string, string> = { ...(open?.fields ?? {}) };
      for (const f of changed) next[f] = (changes[f] as string | null) ?? '';
      if (open) open.doc.until = event.position;
      const doc = this.document(index, kind, stream, recordId, event.position, 'content', next.title ?? '', fields.slice(1).map((f) => next[f] ?? '').join('\n'));
      this.content.set(key, { doc, fields: next });
    }
    const title = this.content.get(key)?.fields.title ?? '';
    for (const f of NOTE_FIELDS) {
      const note = payload[f];
      if (typeof note === 'string' && note.trim()) this.document(index, kind, stream, recordId, event.position, 'note', title, note);
    }
    if (event.reason?.trim()) this.document(index, kind, stream, recordId, event.position, 'reason', title, event.reason);
  }

  private document(
    index: MiniSearch<SearchDocument>,
    kind: SearchKind,
    stream: string,
    recordId: string,
    from: number,
    source: SearchDocument['source'],
    title: string,
    text: string,
  ): SearchDocument {
    // Notes and reasons are found by their words; the record's title is shown, not searched, with them.
    const doc: SearchDocument = { id: this.nextId++, kind, stream, recordId, from, until: Number.POSITIVE_INFINITY, source, title, text };
    this.documents.set(doc.id, doc);
    index.add(source === 'content' ? doc : { ...doc, title: '' });
    return doc;
  }
}

/** A snippet of each matched field around its first matched term. */
function highlightsOf(doc: SearchDocument, result: SearchResult): SearchHit['highlights'] {
  const byField = new Map<string, string[]>();
  for (const [term, fields] of Object.entries(result.match)) {
    for (const field of fields) byField.set(field, [...(byField.get(field) ?? []), term]);
  }
  return [...byField.entries()].map(([field, terms]) => {
    const text = field === 'title' ? doc.title : doc.text;
    return { source: field === 'title' ? 'title' : doc.source, snippet: snippetOf(text, terms), terms };
  });
}

function snippetOf(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  const at = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).map((i) => (i < 0 ? Number.POSITIVE_INFINITY : i)));
  if (text.length <= SNIPPET_CHARS || !Number.isFinite(at)) return text.length <= SNIPPET_CHARS ? text : `${text.slice(0, SNIPPET_CHARS)}…`;
  const start = Math.max(0, at - SNIPPET_CHARS / 3);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
