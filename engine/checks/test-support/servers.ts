import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';

/** A server listening on 127.0.0.1 with an ephemeral port. */
export interface TestServer {
  port: number;
  /** `http://127.0.0.1:PORT` or `https://localhost:PORT` (a name the test certificates cover). */
  origin: string;
  /** Closes the server, dropping open connections (hung ones included). */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1:0 and tracks its sockets so `close` never waits on them. */
export async function listen(server: Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const host = scheme === 'https' ? 'localhost' : '127.0.0.1';
  return {
    port: address.port,
    origin: `${scheme}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server on 127.0.0.1 answering with `handler`. */
export function startHttpServer(handler: RequestListener): Promise<TestServer> {
  return listen(createHttpServer(handler), 'http');
}

/** An HTTPS server on 127.0.0.1 with the given certificate, answering with `handler`. */
export function startHttpsServer(
  tlsOptions: TlsOptions,
  handler: RequestListener,
): Promise<TestServer> {
  return listen(createHttpsServer(tlsOptions, handler), 'https');
}

/** A TCP server that accepts connections and never sends a byte (a hung endpoint). */
export function startSilentServer(): Promise<TestServer> {
  return listen(
    createNetServer(() => {}),
    'http',
  );
}

/**
 * A TLS server on 127.0.0.1 that completes the handshake and hangs up. `servernames`
 * collects the SNI name of every ClientHello that carried one.
 */
export async function startTlsServer(
  tlsOptions: TlsOptions,
): Promise<TestServer & { servernames: string[] }> {
  const servernames: string[] = [];
  const server = createTlsServer(
    {
      ...tlsOptions,
      SNICallback: (servername, callback) => {
        servernames.push(servername);
        callback(null);
      },
    },
    (socket) => socket.end(),
  );
  return { ...(await listen(server, 'https')), servernames };
}
