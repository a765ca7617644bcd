import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the base URL (`http://host:port`), rejecting with listen()'s own error. */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${urlHost(host)}:${address.port}`);
    });
  });
}

/** Closes the server, cutting keep-alive and streaming (SSE) connections instead of waiting them out. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** The host to put in a URL: a wildcard bind (all interfaces) is reached locally through loopback. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
