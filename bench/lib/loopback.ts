import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on a loopback port: its origin (`http://127.0.0.1:<port>`), and a close that also ends kept-alive connections. */
export interface Loopback {
  origin: string;
  close: () => Promise<void>;
}

/** Starts `server` on a free loopback port (the bench's webhook receivers and the tests' servers alike). */
export async function listenOnLoopback(server: Server): Promise<Loopback> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
