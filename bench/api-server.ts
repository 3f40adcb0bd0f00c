/**
 * The API as its own process, for the bench and the load harness: the same app as `npm start`
 * (createApp over DYNAMODB_ENDPOINT / EVENTS_TABLE, bearer tokens from DATA_DIR's development key),
 * on a loopback port. Started with `node --import tsx`; it answers IPC requests from its parent:
 * `stats` (memory and log position), `catchUp` (timed), `flush` (waits for the view snapshot being
 * written, if any), `gc` (when run with --expose-gc).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app.ts';
import { configFromEnv } from '../api/config.ts';
import { startLocalDispatcher } from '../api/outbound/local.ts';

if (!process.send) throw new Error('bench/api-server.ts runs as a child process (see bench/lib/api-process.ts)');

// No person registration: the bench counts and times the appends its requests make.
const config = configFromEnv();
const app = createApp(config, { registerPeople: false });
// With DELIVERY_TABLE, the webhook dispatcher runs in the process as under npm start (the delivery bench).
startLocalDispatcher(app, config);
const server = createServer(app.yoga);
server.keepAliveTimeout = 60_000;

type Request = { id: number; type: 'stats' | 'catchUp' | 'flush' | 'gc' };

function stats() {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { ...memory, cpuMs: (cpu.user + cpu.system) / 1000, position: app.readModels.log.position, held: app.readModels.log.held };
}

process.on('message', async (message: Request) => {
  try {
    if (message.type === 'catchUp') {
      const started = performance.now();
      await app.readModels.log.catchUp();
      process.send!({ id: message.id, result: { ms: performance.now() - started, ...stats() } });
    } else if (message.type === 'flush') {
      await app.readModels.flush();
      process.send!({ id: message.id, result: stats() });
    } else if (message.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ id: message.id, result: stats() });
    } else {
      process.send!({ id: message.id, result: stats() });
    }
  } catch (error) {
    process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
// Exit normally on both, so --cpu-prof / --heap-prof write their files.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
});
