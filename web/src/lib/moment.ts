/**
 * A moment of the ledger: now, an instant, or a log position. In the URL it is one parameter
 * (`at` for the page, `vs` for the moment compared with): an ISO instant, a position as digits, or
 * absent / `now`. So a link shows the same moment to whoever opens it.
 */
export type Moment = { kind: 'now' } | { kind: 'instant'; asOf: string } | { kind: 'position'; atPosition: number };

export const NOW: Moment = { kind: 'now' };

export function parseMoment(value: string | undefined | null): Moment | null {
  if (value == null || value === '') return null;
  if (value === 'now') return NOW;
  if (/^\d+$/.test(value)) return { kind: 'position', atPosition: Number(value) };
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : { kind: 'instant', asOf: new Date(time).toISOString() };
}

export function formatMomentParam(moment: Moment): string {
  if (moment.kind === 'now') return 'now';
  return moment.kind === 'position' ? String(moment.atPosition) : moment.asOf;
}

/** The time arguments of every state query. */
export function momentVariables(moment: Moment): { asOf: string | null; atPosition: number | null } {
  return {
    asOf: moment.kind === 'instant' ? moment.asOf : null,
    atPosition: moment.kind === 'position' ? moment.atPosition : null,
  };
}

export const sameMoment = (a: Moment, b: Moment): boolean => formatMomentParam(a) === formatMomentParam(b);

/** `2026-04-24 16:00 UTC`. */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function describeMoment(moment: Moment): string {
  if (moment.kind === 'now') return 'now';
  return moment.kind === 'position' ? `at log position ${moment.atPosition}` : `as of ${formatInstant(moment.asOf)}`;
}

/** The page's URL with the moments changed (null removes one), keeping the path, the other parameters and the hash. */
export function urlWith(url: string, changes: { at?: Moment | null; vs?: Moment | null }): string {
  const parsed = new URL(url, 'http://view.local');
  for (const [key, moment] of Object.entries(changes) as ['at' | 'vs', Moment | null | undefined][]) {
    if (moment === undefined) continue;
    if (moment === null || (key === 'at' && moment.kind === 'now')) parsed.searchParams.delete(key);
    else parsed.searchParams.set(key, formatMomentParam(moment));
  }
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
