import { useState } from 'preact/hooks';
import { AuditPageDocument, VerifyIntegrityDocument, type AuditTrailFilter } from '../gql/graphql.ts';
import type { PageProps } from '../app.tsx';
import { momentVariables, type Moment } from '../lib/moment.ts';
import { Badge, Loaded, MomentHeading, positionOf, Time } from '../lib/ui.tsx';
import { useQuery } from '../lib/use-query.ts';

const KINDS = ['decision', 'tradeoff', 'initiative', 'priorities', 'objective', 'key-result', 'team', 'allocation-report', 'allocation-target', 'ledger'];
const PAGE = 50;

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** Recomputes the chain up to the moment's position (read from DynamoDB by the API) and shows the head to publish. */
function IntegrityBadge({ toPosition }: { toPosition: number | null }) {
  const state = useQuery(VerifyIntegrityDocument, { toPosition });
  if (state.status === 'loading') return <p role="status" class="integrity loading">Verifying the hash chain…</p>;
  if (state.status === 'failed') return <p class="error" role="alert">Could not verify: {state.error.message}</p>;
  const report = state.answer.data.verifyIntegrity;
  return (
    <div class={`integrity ${report.ok ? 'ok' : 'broken'}`} role="status">
      <Badge tone={report.ok ? 'good' : 'bad'}>{report.ok ? 'Integrity verified' : 'Integrity check failed'}</Badge>{' '}
      {report.checked} events from position {report.fromPosition}; head position <strong>{report.headPosition}</strong>, head hash{' '}
      <code class="hash">{report.headHash}</code>
      {report.failure && (
        <p>
          At position {report.failure.position}: {report.failure.problem} — {report.failure.message}
        </p>
      )}
    </div>
  );
}

function blank(value: FormDataEntryValue | null): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  return text || undefined;
}

function filterFrom(form: HTMLFormElement): AuditTrailFilter {
  const data = new FormData(form);
  const number = (name: string) => (blank(data.get(name)) ? Number(data.get(name)) : undefined);
  const instant = (name: string) => (blank(data.get(name)) ? new Date(`${data.get(name)}:00Z`).toISOString() : undefined);
  const filter: AuditTrailFilter = {
    kinds: data.getAll('kinds').map(String),
    types: blank(data.get('types'))?.split(/[\s,]+/),
    actorId: blank(data.get('actorId')),
    subjectId: blank(data.get('subjectId')),
    recordedFrom: instant('recordedFrom'),
    recordedTo: instant('recordedTo'),
    fromPosition: number('fromPosition'),
    toPosition: number('toPosition'),
  };
  if (!filter.kinds?.length) delete filter.kinds;
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AuditTrailFilter;
}

function Trail({ moment, filter }: { moment: Moment; filter: AuditTrailFilter }) {
  const [after, setAfter] = useState<string[]>([]);
  const pages = [null, ...after];
  return (
    <>
      {pages.map((cursor, index) => (
        <TrailPage key={cursor ?? 'first'} moment={moment} filter={filter} after={cursor} first={index === 0} onMore={index === pages.length - 1 ? (next) => setAfter([...after, next]) : null} />
      ))}
    </>
  );
}

function TrailPage(props: { moment: Moment; filter: AuditTrailFilter; after: string | null; first: boolean; onMore: ((cursor: string) => void) | null }) {
  const { moment, filter, after, first, onMore } = props;
  const state = useQuery(AuditPageDocument, { ...momentVariables(moment), filter, first: PAGE, after });
  return (
    <Loaded state={state}>
      {(answer) => {
        const trail = answer.data.auditTrail;
        return (
          <>
            {first && (
              <>
                <MomentHeading title="Audit trail" moment={moment} position={positionOf(answer)} />
                <IntegrityBadge toPosition={moment.kind === 'now' ? null : (positionOf(answer) ?? null)} />
                <p class="summary">{trail.totalCount} events match</p>
              </>
            )}
            <table class="audit">
              {first && <caption class="visually-hidden">Events of the log, oldest first</caption>}
              <thead>
                <tr>
                  <th scope="col">Position</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Event</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Hash and previous hash</th>
                </tr>
              </thead>
              <tbody>
                {trail.edges.map(({ node: event }) => (
                  <tr key={event.id}>
                    <th scope="row">{event.position}</th>
                    <td>
                      <Time at={event.recordedAt} />
                    </td>
                    <td>
                      <strong>{event.type}</strong>
                      <br />
                      {event.subjectKind} v{event.version}
                      <details>
                        <summary>Payload</summary>
                        <pre>{JSON.stringify(event.payload, null, 2)}</pre>
                        <p>
                          Hash <code class="hash">{event.hash}</code>
                          <br />
                          Previous hash <code class="hash">{event.previousHash}</code>
                        </p>
                        <p>
                          Subject id <code>{event.subjectId}</code>, schema v{event.schemaVersion}
                          {event.idempotencyKey && (
                            <>
                              , idempotency key <code>{event.idempotencyKey}</code>
                            </>
                          )}
                        </p>
                      </details>
                    </td>
                    <td>
                      {event.actor.name} <span class="meta">({event.actor.id}, {event.actor.kind.toLowerCase()})</span>
                    </td>
                    <td>{event.reason}</td>
                    <td>
                      <code class="hash" title={event.hash}>
                        {short(event.hash)}
                      </code>
                      <br />
                      <span class="meta">after</span>{' '}
                      <code class="hash" title={event.previousHash}>
                        {short(event.previousHash)}
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {onMore && trail.pageInfo.hasNextPage && trail.pageInfo.endCursor && (
              <button type="button" onClick={() => onMore(trail.pageInfo.endCursor!)}>
                Show the next {PAGE}
              </button>
            )}
          </>
        );
      }}
    </Loaded>
  );
}

export default function AuditPage({ moment }: PageProps) {
  const [filter, setFilter] = useState<AuditTrailFilter>({});
  return (
    <section aria-label="Audit" class="audit-page">
      <form
        class="audit-filters"
        aria-label="Filter the trail"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterFrom(e.currentTarget));
        }}
        onReset={() => setFilter({})}
      >
        <fieldset>
          <legend>Record kinds</legend>
          {KINDS.map((kind) => (
            <label key={kind} class="check">
              <input type="checkbox" name="kinds" value={kind} /> {kind}
            </label>
          ))}
        </fieldset>
        <div class="fields">
          <label>
            Event types <input name="types" placeholder="DecisionSuperseded, …" />
          </label>
          <label>
            Actor id <input name="actorId" />
          </label>
          <label>
            Subject id <input name="subjectId" />
          </label>
          <label>
            Recorded from (UTC) <input name="recordedFrom" type="datetime-local" />
          </label>
          <label>
            Recorded before (UTC) <input name="recordedTo" type="datetime-local" />
          </label>
          <label>
            From position <input name="fromPosition" type="number" min={1} />
          </label>
          <label>
            To position <input name="toPosition" type="number" min={1} />
          </label>
        </div>
        <button type="submit" class="primary">
          Filter
        </button>{' '}
        <button type="reset">Clear</button>
      </form>
      <Trail key={JSON.stringify(filter)} moment={moment} filter={filter} />
    </section>
  );
}
