import { networkInterfaces } from 'node:os';
import { type Config, isLocalUrl } from './config.ts';

export interface StartBannerOptions {
  config: Pick<Config, 'host' | 'port' | 'publicUrl' | 'dataDir'>;
  database: 'pglite' | 'postgres';
  /** The demo tenant (public logins, documented password rules) exists in this database. */
  demo: boolean;
  /** This machine's non-internal IPv4 addresses; read from the OS when omitted (tests pass their own). */
  addresses?: string[];
}

/** Whether a listen address accepts connections on every interface (the default HOST). */
export function listensOnAllInterfaces(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '' || host === '[::]';
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/**
 * What `loopcx start` prints once the server listens: where it runs, and the two traps of a first start — a server
 * on all interfaces is reachable from the network (with the demo's public logins, if seeded), and links and QR
 * codes built on a localhost public URL cannot be opened by a phone.
 */
export function startBanner(opts: StartBannerOptions): string[] {
  const { config } = opts;
  const lines = [
    `loopcx is running at ${config.publicUrl}  (database: ${opts.database === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    `API docs: ${config.publicUrl}/api/docs`,
  ];
  if (listensOnAllInterfaces(config.host)) {
    const lan = (opts.addresses ?? lanAddresses()).map((a) => `http://${a}:${config.port}`);
    lines.push(
      `Listening on all interfaces (HOST=${config.host || '0.0.0.0'}): reachable from other machines${lan.length ? ` at ${lan.join(', ')}` : ''}.`,
    );
    if (opts.demo)
      lines.push(
        'The demo tenant is reachable from other machines too, and its logins are public (README): set HOST=127.0.0.1 to keep it on this machine.',
      );
  }
  if (isLocalUrl(config.publicUrl))
    lines.push(
      `Survey links and QR codes point at ${config.publicUrl}, which customers' phones cannot open: set LOOPCX_PUBLIC_URL to an address they can reach.`,
    );
  return lines;
}
