import type { GraphQLClient, GraphQLResult } from '../lib/http.ts';
import { resultCode } from '../lib/http.ts';
import { prng } from '../lib/random.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export interface SearchBench {
  /** The first search: it builds the index from the log the API process holds. */
  firstMs: number;
  latency: Summary;
  /** Mean totalCount of the sampled queries: that they found something. */
  meanHits: number;
}

/** Words of the bench generator's vocabulary (bench/seed/generator.ts), one or two a query. */
const WORDS = ['latency', 'checkout', 'payments', 'ledger', 'cache', 'migration', 'rollout', 'budget', 'postgres', 'dynamodb', 'kafka', 'pipeline'];

const SEARCH = `query($query: String!) { search(query: $query, first: 20) { totalCount edges { node { score highlights { snippet } node { id } } } } }`;

function check(result: GraphQLResult): GraphQLResult {
  const code = resultCode(result);
  if (code !== 'OK') throw new Error(`search failed with ${code}: ${JSON.stringify(result.errors ?? result.data).slice(0, 500)}`);
  return result;
}

/** search_p50_ms: `search(query:, first: 20)` over HTTP on the API process that holds the big log. */
export async function measureSearch(options: { api: GraphQLClient; samples: number }): Promise<SearchBench> {
  const random = prng(17);
  const query = () => {
    const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
    return random() < 0.5 ? pick() : `${pick()} ${pick()}`;
  };
  const firstMs = check(await options.api.request(SEARCH, { query: 'ledger' })).ms;
  for (let i = 0; i < 5; i += 1) check(await options.api.request(SEARCH, { query: query() }));
  const latencies: number[] = [];
  let hits = 0;
  for (let i = 0; i < options.samples; i += 1) {
    const result = check(await options.api.request(SEARCH, { query: query() }));
    hits += result.data.search.totalCount;
    latencies.push(result.ms);
  }
  return { firstMs, latency: summarize(latencies), meanHits: Math.round(hits / latencies.length) };
}
