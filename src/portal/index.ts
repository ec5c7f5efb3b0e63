import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { hooksFor } from './faults';
import type { Deviation } from './hooks';
import { HttpLayer } from './http';
import type { ObservedResponse, SeenRequest } from './http';
import type { RateLimitOptions } from './ratelimit';
import { PortalStore } from './store';
import { createSelfSignedCertificate } from './tls';
import { createWorld, DEFAULT_SEED } from './world';
import type { PortalSecrets } from './world';

export type { ObservedResponse, SeenRequest } from './http';
export type { RateLimitOptions } from './ratelimit';
export type { PortalSecrets } from './world';
export { PortalStore } from './store';
export { DEVIATIONS } from './faults';
export type { Deviation } from './hooks';

export interface PortalOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  https?: boolean;
  /** Leaky-bucket limit per credential; off when absent. */
  rateLimit?: RateLimitOptions;
  /** Names from `DEVIATIONS` (faults and faithful variants), or deviations given whole, applied in order. */
  faults?: Array<string | Deviation>;
  secrets?: PortalSecrets;
  /** Seed for user names and for seeded variants. */
  seed?: number;
  maxBodyBytes?: number;
  /** Clock in milliseconds, for time members and the rate limit. */
  now?: () => number;
  /** Chat members besides participant and co-voter, each with a webhook (see `webhookUrlFor`). */
  extraMembers?: number;
  /** Sees every response body before it is sent (schema validation hooks in here). */
  observe?: (response: ObservedResponse) => void;
  /** Sees every request as it arrives, with the encoding its parameters came in. */
  onRequest?: (request: SeenRequest) => void;
}

/** The variables a live target is configured with, filled in for this portal. */
export interface PortalEnv {
  B24_WEBHOOK_URL: string;
  B24_OAUTH_TOKEN: string;
  B24_OAUTH_REST_URL: string;
  B24_COVOTER_WEBHOOK_URL: string;
  B24_OUTSIDER_WEBHOOK_URL: string;
  B24_CHAT_ID: string;
  B24_EXPIRED_OAUTH_TOKEN: string;
  B24_CA_FILE?: string;
}

export interface RunningPortal {
  env: PortalEnv;
  /** Origin, `http(s)://127.0.0.1:<port>`. */
  url: string;
  caFile?: string;
  /** CA certificate PEM (HTTPS only). */
  ca?: string;
  close(): Promise<void>;
  /** HTTP requests received so far. */
  requestCount(): number;
  store: PortalStore;
  /** Webhook base URL of any seeded user, ending in `/`. */
  webhookUrlFor(userId: number): string;
}

/** Wall clock with sub-millisecond digits, like the microseconds in Bitrix24's `time`. */
const preciseNow = (): number => performance.timeOrigin + performance.now();

/**
 * A request node's HTTP parser rejects before the portal sees it (headers or URL over 16 KiB, bad
 * framing) still gets a JSON error envelope, not node's bare status line.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (socket as Socket).destroyed) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const text = JSON.stringify(
    tooLarge
      ? { error: 'REQUEST_HEADER_FIELDS_TOO_LARGE', error_description: 'The request line or headers are too large' }
      : { error: 'BAD_REQUEST', error_description: 'The request is not valid HTTP' },
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

export async function startPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  const hooks = hooksFor(options.faults ?? []);
  const now = options.now ?? preciseNow;
  const seed = options.seed ?? DEFAULT_SEED;
  const world = createWorld({ seed, secrets: options.secrets, extraMembers: options.extraMembers });
  const store = new PortalStore(world, { hooks, now });
  const layer = new HttpLayer({
    store,
    rateLimit: options.rateLimit,
    maxBodyBytes: options.maxBodyBytes,
    now,
    seed,
    observe: options.observe,
    onRequest: options.onRequest,
  });
  const certificate = options.https ? await createSelfSignedCertificate() : undefined;
  const server: Server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, layer.handle)
    : createHttpServer(layer.handle);
  server.on('clientError', answerUnparsable);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await certificate?.dispose();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
  const webhookUrlFor = (userId: number): string => {
    const user = store.user(userId);
    if (!user) throw new Error(`no seeded user ${userId}`);
    return `${url}/rest/${user.id}/${user.webhookSecret}/`;
  };
  const env: PortalEnv = {
    B24_WEBHOOK_URL: webhookUrlFor(world.participantId),
    B24_OAUTH_TOKEN: [...world.tokens.keys()][0]!,
    B24_OAUTH_REST_URL: `${url}/rest/`,
    B24_COVOTER_WEBHOOK_URL: webhookUrlFor(world.covoterId),
    B24_OUTSIDER_WEBHOOK_URL: webhookUrlFor(world.outsiderId),
    B24_CHAT_ID: String(world.chatId),
    B24_EXPIRED_OAUTH_TOKEN: [...world.expiredTokens.keys()][0]!,
    ...(certificate ? { B24_CA_FILE: certificate.caFile } : {}),
  };
  let closing: Promise<void> | undefined;
  return {
    env,
    url,
    ...(certificate ? { caFile: certificate.caFile, ca: certificate.cert } : {}),
    store,
    webhookUrlFor,
    requestCount: () => layer.requestCount(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => certificate?.dispose());
      return closing;
    },
  };
}
