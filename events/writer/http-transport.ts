import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '../store.ts';
import { handleWriterRequest } from './handle-request.ts';
import type { WriterResponse } from './protocol.ts';
import { WriterNotReachedError, type WriterTransport } from './remote-event-store.ts';

/** Connection errors that mean the request was never delivered. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The writer as a local HTTP endpoint (another process on this machine or network): POST of a
 * WriterRequest. node:http on a keep-alive agent rather than fetch: a quarter of fetch's CPU per
 * request, paid by every API process on every append (BENCHMARKS.md, 2026-12-07).
 */
export class HttpWriterTransport implements WriterTransport {
  readonly maxInFlight = Number.POSITIVE_INFINITY;
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly url: string) {}

  send(body: string): Promise<WriterResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            if (res.statusCode === 503) return reject(new WriterNotReachedError(`${this.url} is not the writer (503)`));
            if (res.statusCode !== 200) return reject(new Error(`${this.url} answered ${res.statusCode}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WriterResponse);
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code && NOT_DELIVERED.has(error.code)) reject(new WriterNotReachedError(`${this.url}: ${error.code}`, { cause: error }));
        else reject(error);
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Serves `store` as the writer on loopback (or `host`): every POST is a WriterRequest. Used by
 * `npm start` with WRITER_PORT, the bench's writer process and the tests.
 */
export function startWriterServer(store: EventStore, port = 0, host = '127.0.0.1'): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      void handleWriterRequest(store, body).then((answer) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${bound}/append`,
        server,
        close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
