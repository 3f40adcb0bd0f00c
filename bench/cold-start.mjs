// A fresh Node process, as a Lambda execution environment starts: import the deployable bundle,
// answer one API Gateway (HTTP API, payload 2.0) event, report the timings (ms since the process
// started) to the parent over IPC, exit. Plain .mjs so no loader is in the way.
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
process.send(
  {
    importedMs: imported,
    answeredMs: answered,
    // CPU time (user + system) of this process: less sensitive than wall time to what else runs on the machine.
    importedCpuMs: (importedCpu.user + importedCpu.system) / 1000,
    answeredCpuMs: (answeredCpu.user + answeredCpu.system) / 1000,
    rss: process.memoryUsage().rss,
    status: result.statusCode,
    body: String(result.body).slice(0, 400),
  },
  () => process.exit(0),
);
