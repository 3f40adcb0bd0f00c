// A fresh Node process, as a Lambda execution environment starts: import the deployable bundle,
// answer one API Gateway (HTTP API, payload 2.0) event, report the timings (ms since the process
// started) to the parent over IPC, exit. With BENCH_THEN_FILE (a JSON array of events), it then
// answers those one at a time, as a warm instance would, and reports their times and its memory.
// Plain .mjs so no loader is in the way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const { handler } = await import(pathToFileURL(resolve(process.argv[2])).href);
const imported = performance.now();
const importedCpu = process.cpuUsage();
const context = {
  awsRequestId: 'cold-start',
  functionName: 'graphql',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:graphql',
  memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => 10_000,
};
const result = await handler(JSON.parse(process.env.BENCH_EVENT), context);
const answered = performance.now();
const answeredCpu = process.cpuUsage();
const rss = process.memoryUsage().rss;

let then;
if (process.env.BENCH_THEN_FILE) {
  then = { ms: [], rss: 0, maxRss: 0, failed: null };
  for (const event of JSON.parse(readFileSync(process.env.BENCH_THEN_FILE, 'utf8'))) {
    const started = performance.now();
    const answer = await handler(event, context);
    then.ms.push(performance.now() - started);
    if (answer.statusCode !== 200 || /"errors"/.test(String(answer.body))) {
      then.failed = `${answer.statusCode}: ${String(answer.body).slice(0, 400)}`;
      break;
    }
  }
  then.rss = process.memoryUsage().rss;
  // getrusage's peak, in KiB on Linux: what Lambda reports as Max Memory Used.
  then.maxRss = process.resourceUsage().maxRSS * 1024;
}

process.send(
  {
    importedMs: imported,
    answeredMs: answered,
    // CPU time (user + system) of this process: less sensitive than wall time to what else runs on the machine.
    importedCpuMs: (importedCpu.user + importedCpu.system) / 1000,
    answeredCpuMs: (answeredCpu.user + answeredCpu.system) / 1000,
    rss,
    status: result.statusCode,
    body: String(result.body).slice(0, 400),
    then,
  },
  () => process.exit(0),
);
