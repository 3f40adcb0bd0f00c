import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '../store.ts';
import { handleWriterRequest } from './handle-request.ts';
import type { WriterResponse } from './protocol.ts';
import { WriterNotReachedError, type WriterTransport } from './remote-event-store.ts';

/** Connection errors that mean the request was never delivered. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** The writer as a local HTTP endpoint (another process on this machine or network): POST of a WriterRequest. */
export class HttpWriterTransport implements WriterTransport {
  readonly maxInFlight = Number.POSITIVE_INFINITY;

  constructor(private readonly url: string) {}

  async send(body: string): Promise<WriterResponse> {
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code && NOT_DELIVERED.has(code)) throw new WriterNotReachedError(`${this.url}: ${code}`, { cause: error });
      throw error;
    }
    if (response.status === 503) throw new WriterNotReachedError(`${this.url} is not the writer (503)`);
    if (!response.ok) throw new Error(`${this.url} answered ${response.status}`);
    return (await response.json()) as WriterResponse;
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
