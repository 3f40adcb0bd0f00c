import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { LedgerHeadDocument, LedgerStartDocument } from './gql/graphql.ts';
import { describeMoment, formatInstant, NOW, sameMoment, urlWith, type Moment } from './lib/moment.ts';
import { useQuery } from './lib/use-query.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const toHour = (iso: string) => Math.floor(Date.parse(iso) / HOUR_MS);
const hourToIso = (hour: number) => new Date(hour * HOUR_MS).toISOString();
/** `datetime-local` shows and takes UTC here: the ledger's instants are UTC. */
const toLocalInput = (iso: string) => iso.slice(0, 16);

interface Props {
  at: Moment;
  vs: Moment | null;
}

/**
 * Any past moment on every page: a slider over time (by the hour, from the log's first event to
 * now) or over log positions (0 to the head), an exact instant or position, back to now, and
 * one click to compare the moment side by side with another. Every change is a new URL, so the
 * browser's history and a shared link show the same moment.
 */
export function TimeBar({ at, vs }: Props) {
  const { url, route } = useLocation();
  const head = useQuery(LedgerHeadDocument, {});
  const headPosition = head.status === 'done' ? head.answer.positions.head : undefined;
  const start = useQuery(LedgerStartDocument, {}, !headPosition);
  const startedAt = start.status === 'done' ? start.answer.data.start.asOf : null;
  const [mode, setMode] = useState<'time' | 'position'>(at.kind === 'position' ? 'position' : 'time');
  const nowHour = Math.ceil(Date.now() / HOUR_MS);
  const firstHour = startedAt ? toHour(startedAt) : nowHour - 24 * 90;
  const momentHour = at.kind === 'instant' ? Math.min(Math.max(toHour(at.asOf), firstHour), nowHour) : nowHour;
  const [hour, setHour] = useState(momentHour);
  const [position, setPosition] = useState(at.kind === 'position' ? at.atPosition : (headPosition ?? 0));
  useEffect(() => setHour(momentHour), [momentHour]);
  useEffect(() => {
    if (at.kind === 'position') setPosition(at.atPosition);
    else if (headPosition !== undefined) setPosition(headPosition);
  }, [at, headPosition]);
  useEffect(() => {
    if (at.kind === 'position') setMode('position');
    else if (at.kind === 'instant') setMode('time');
  }, [at]);

  const go = (next: Moment) => route(urlWith(url, { at: next }));
  const goHour = (value: number) => go(value >= nowHour ? NOW : { kind: 'instant', asOf: hourToIso(value) });
  const goPosition = (value: number) => go(headPosition !== undefined && value >= headPosition ? NOW : { kind: 'position', atPosition: value });
  const compareWith: Moment =
    at.kind === 'now' ? { kind: 'instant', asOf: new Date(Math.max(Date.now() - 30 * DAY_MS, firstHour * HOUR_MS)).toISOString().replace(/:\d\d\.\d+Z$/, ':00.000Z') } : NOW;

  return (
    <section class="time-bar" aria-label="Time travel">
      <div class="time-row">
        <fieldset class="mode">
          <legend>Travel by</legend>
          <label>
            <input type="radio" name="mode" value="time" checked={mode === 'time'} onChange={() => setMode('time')} /> time
          </label>
          <label>
            <input type="radio" name="mode" value="position" checked={mode === 'position'} onChange={() => setMode('position')} /> log position
          </label>
        </fieldset>
        {mode === 'time' ? (
          <div class="slider">
            <label for="time-slider">Moment</label>
            <input
              id="time-slider"
              type="range"
              min={firstHour}
              max={nowHour}
              step={1}
              value={hour}
              aria-valuetext={hour >= nowHour ? 'now' : formatInstant(hourToIso(hour))}
              onInput={(e) => setHour(Number(e.currentTarget.value))}
              onChange={(e) => goHour(Number(e.currentTarget.value))}
            />
            <output for="time-slider">{hour >= nowHour ? 'now' : formatInstant(hourToIso(hour))}</output>
          </div>
        ) : (
          <div class="slider">
            <label for="position-slider">Position</label>
            <input
              id="position-slider"
              type="range"
              min={0}
              max={headPosition ?? 0}
              step={1}
              value={position}
              onInput={(e) => setPosition(Number(e.currentTarget.value))}
              onChange={(e) => goPosition(Number(e.currentTarget.value))}
            />
            <output for="position-slider">
              {position} of {headPosition ?? '…'}
            </output>
          </div>
        )}
      </div>
      <div class="time-row">
        {mode === 'time' ? (
          <form
            class="exact"
            onSubmit={(e) => {
              e.preventDefault();
              const value = new FormData(e.currentTarget).get('instant') as string;
              if (value) go({ kind: 'instant', asOf: new Date(`${value}:00Z`).toISOString() });
            }}
          >
            <label for="instant">Instant (UTC)</label>
            <input id="instant" name="instant" type="datetime-local" value={at.kind === 'instant' ? toLocalInput(at.asOf) : ''} />
            <button type="submit">Go</button>
          </form>
        ) : (
          <form
            class="exact"
            onSubmit={(e) => {
              e.preventDefault();
              const value = Number(new FormData(e.currentTarget).get('position'));
              if (Number.isInteger(value) && value >= 0) goPosition(value);
            }}
          >
            <label for="position">Log position</label>
            <input id="position" name="position" type="number" min={0} max={headPosition} value={at.kind === 'position' ? at.atPosition : ''} />
            <button type="submit">Go</button>
          </form>
        )}
        <button type="button" onClick={() => go(NOW)} disabled={at.kind === 'now'}>
          Now
        </button>
        {vs ? (
          <button type="button" class="primary" onClick={() => route(urlWith(url, { vs: null }))}>
            Stop comparing
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => route(urlWith(url, { vs: compareWith }))}>
            Compare with {sameMoment(compareWith, NOW) ? 'now' : '30 days earlier'}
          </button>
        )}
        <p class="showing" aria-live="polite">
          Showing the ledger {describeMoment(at)}
          {vs && <> beside {describeMoment(vs)}</>}
          {startedAt && <> · history from {formatInstant(startedAt)}</>}
        </p>
      </div>
    </section>
  );
}
