import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Answer } from './graphql.ts';
import { describeMoment, formatInstant, type Moment } from './moment.ts';
import type { QueryState } from './use-query.ts';

/** The API's largest page: the pages ask for whole lists of a demo-sized organisation in one go. */
export const PAGE_SIZE = 100;

export const percent = (value: number | null | undefined, digits = 0): string =>
  value == null ? '–' : `${(value * 100).toFixed(digits)}%`;

export function Time({ at }: { at: string }) {
  return <time dateTime={at}>{formatInstant(at)}</time>;
}

export function Badge({ tone, children }: { tone: 'good' | 'warn' | 'bad' | 'neutral'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = {
  ON_TRACK: 'good',
  AT_RISK: 'warn',
  OFF_TRACK: 'bad',
  ACCEPTED: 'good',
  PROPOSED: 'neutral',
  SUPERSEDED: 'warn',
  DEPRECATED: 'warn',
  REJECTED: 'bad',
  ACTIVE: 'good',
  DONE: 'neutral',
  DROPPED: 'bad',
  CLOSED: 'neutral',
  IN_EFFECT: 'good',
  REVERSED: 'bad',
};

export const label = (value: string): string => value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');

export function Status({ value }: { value: string | null | undefined }) {
  if (!value) return <Badge tone="neutral">no check-in</Badge>;
  return <Badge tone={STATUS_TONE[value] ?? 'neutral'}>{label(value)}</Badge>;
}

/** The heading of a page at one moment: which moment and which log position the answer reflects. */
export function MomentHeading({ title, moment, position }: { title: string; moment: Moment; position: number | undefined }) {
  return (
    <header class="page-heading">
      <h2>
        {title} <span class="moment-label">{describeMoment(moment)}</span>
      </h2>
      {position !== undefined && <p class="position">The ledger up to log position {position}</p>}
    </header>
  );
}

/** Renders a query's answer (the previous one, dimmed, while a new moment loads), or why there is none. */
export function Loaded<R>({ state, children }: { state: QueryState<R>; children: (answer: Answer<R>) => ComponentChildren }) {
  if (state.status === 'failed') {
    return (
      <p class="error" role="alert">
        {state.error.code === 'FORBIDDEN' ? 'Your role may not see this.' : `Could not load: ${state.error.message}`}
      </p>
    );
  }
  if (state.status === 'loading') {
    if (!state.previous) return <p class="loading" role="status">Loading…</p>;
    return (
      <div class="stale" aria-busy="true">
        {children(state.previous)}
      </div>
    );
  }
  return <>{children(state.answer)}</>;
}

/** The first position in an answer's extensions (every root field of one page reads the same moment). */
export const positionOf = (answer: Answer<unknown>): number | undefined => Object.values(answer.positions)[0];

/** Keeps the moments (at, vs) of the current URL on a link to another page. */
export function linkTo(path: string, search: string, hash = ''): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const key of ['at', 'vs']) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  return `${path}${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
}

/** An element id for a record id (global ids are base64, with = and /). */
export const anchor = (prefix: string, id: string): string => `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** False in the second column of a comparison: ids stay unique, and links land in the first column. */
export const AnchorsContext = createContext(true);

/** The element id for a record on this column (none in the second column of a comparison). */
export function useAnchor(): (prefix: string, id: string) => string | undefined {
  const on = useContext(AnchorsContext);
  return (prefix, id) => (on ? anchor(prefix, id) : undefined);
}
