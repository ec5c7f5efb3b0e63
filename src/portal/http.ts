import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeBody, decodeQuery, DEFAULT_MAX_DEPTH, seenEncoding, type SeenEncoding } from './body';
import { Refusal } from './errors';
import type { PortalError } from './errors';
import type { Json } from './hooks';
import { LeakyBucket } from './ratelimit';
import type { RateLimitOptions } from './ratelimit';
import type { Params, PortalStore } from './store';

/** What the portal answered, handed to `observe` before it goes on the wire. */
export interface ObservedResponse {
  /** REST method as requested (without `.json`), or `undefined` when the URL named none. */
  method: string | undefined;
  status: number;
  body: unknown;
}

/** A request as it arrived, handed to `onRequest` before it is answered. */
export interface SeenRequest {
  httpMethod: string | undefined;
  encoding: SeenEncoding;
}

export interface HttpLayerOptions {
  store: PortalStore;
  rateLimit?: RateLimitOptions;
  maxBodyBytes?: number;
  maxDepth?: number;
  now?: () => number;
  seed?: number;
  observe?: (response: ObservedResponse) => void;
  onRequest?: (request: SeenRequest) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const OPERATING_WINDOW_SECONDS = 600;

type Credential = { kind: 'webhook'; userId: string; secret: string } | { kind: 'oauth'; token: string | undefined };

/** Small seeded generator (mulberry32), so flaky variants repeat run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the body, keeping at most `limit` bytes; `undefined` means it was larger. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The HTTP face of a store: routing, decoding, authentication, limits, envelopes. */
export class HttpLayer {
  private readonly store: PortalStore;
  private readonly now: () => number;
  private readonly bucket: LeakyBucket | undefined;
  private readonly maxBodyBytes: number;
  private readonly maxDepth: number;
  private readonly random: () => number;
  private readonly observe: ((response: ObservedResponse) => void) | undefined;
  private readonly onRequest: ((request: SeenRequest) => void) | undefined;
  private readonly operating = new Map<string, { since: number; seconds: number }>();
  private received = 0;

  constructor(options: HttpLayerOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.bucket = options.rateLimit ? new LeakyBucket(options.rateLimit, this.now) : undefined;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.random = seededRandom(options.seed ?? 1);
    this.observe = options.observe;
    this.onRequest = options.onRequest;
  }

  requestCount(): number {
    return this.received;
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    this.received += 1;
    this.onRequest?.({ httpMethod: request.method, encoding: seenEncoding(request.method, request.headers['content-type']) });
    this.respond(request).then(
      ({ status, body, method }) => this.write(response, status, body, method),
      () => {
        const error = { status: 500, code: 'INTERNAL_SERVER_ERROR', description: 'Internal server error' };
        this.write(response, 500, { error: error.code, error_description: error.description }, undefined);
      },
    );
  };

  private write(response: ServerResponse, status: number, body: unknown, method: string | undefined): void {
    this.observe?.({ method, status, body });
    const text = this.store.hooks.serialise(body);
    response.writeHead(status, {
      'content-type': this.store.hooks.contentType(method),
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  }

  private errorBody(error: PortalError, method: string | undefined) {
    const shown = this.store.hooks.renderError(error);
    return { status: shown.status, body: { error: shown.code, error_description: shown.description }, method };
  }

  private async respond(request: IncomingMessage): Promise<{ status: number; body: unknown; method: string | undefined }> {
    const started = this.now();
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    const segments = url.pathname.split('/').slice(1);
    const refuse = (refusal: Refusal, method?: string) => this.errorBody(this.store.renderError(refusal), method);
    if (segments[0] !== 'rest' || (segments.length !== 2 && segments.length !== 4)) {
      if (segments[0] === 'rest') return refuse(new Refusal('methodNotFound'));
      return refuse(new Refusal('pathNotFound'));
    }
    const rawMethod = decodeSegment(segments[segments.length - 1]!);
    const method = rawMethod.replace(/\.json$/i, '');
    if (method === '') return refuse(new Refusal('methodNotFound'));
    if (request.method !== 'GET' && request.method !== 'POST') {
      request.resume();
      return refuse(new Refusal('httpMethodNotAllowed'), method);
    }
    const body = await readBody(request, this.maxBodyBytes);
    if (body === undefined) return refuse(new Refusal('bodyTooLarge', { limit: this.maxBodyBytes }), method);

    let params: Params;
    try {
      const query = decodeQuery(url.search, this.maxDepth);
      const contentType = request.headers['content-type'];
      const decoded = request.method === 'POST' ? decodeBody(contentType, body, this.maxDepth) : {};
      const parts = this.store.hooks.requestParts({ query, body: decoded, contentType, httpMethod: request.method });
      params = Object.assign(Object.create(null) as Params, parts.query, parts.body);
    } catch (error) {
      if (error instanceof Refusal) return refuse(error, method);
      throw error;
    }

    const credential: Credential =
      segments.length === 4
        ? { kind: 'webhook', userId: segments[1]!, secret: decodeSegment(segments[2]!) }
        : { kind: 'oauth', token: typeof params.auth === 'string' ? params.auth : undefined };
    delete params.auth;
    const bucketKey = credential.kind === 'webhook' ? `webhook:${credential.userId}:${credential.secret}` : `oauth:${credential.token}`;
    if (this.bucket && !this.bucket.take(bucketKey)) return refuse(new Refusal('queryLimitExceeded'), method);

    const userId = this.authenticate(credential);
    if (userId instanceof Refusal) return refuse(userId, method);
    if (!this.store.hasMethod(method)) return refuse(new Refusal('methodNotFound'), method);
    const intercepted = this.store.hooks.intercept({ method, userId, random: this.random });
    if (intercepted) return refuse(new Refusal(intercepted), method);

    const processingStart = this.now();
    const outcome = this.store.call(userId, method, params);
    const finished = this.now();
    if (!outcome.ok) return this.errorBody(outcome.error, method);

    const processing = (finished - processingStart) / 1000;
    const time = this.store.hooks.renderTime(this.timeMember(bucketKey, method, started, finished, processing));
    const success: Json = { result: outcome.result, ...outcome.topLevel };
    if (time) success.time = time;
    return { status: 200, body: this.store.hooks.renderSuccess(success, method), method };
  }

  private authenticate(credential: Credential): number | Refusal {
    const verdict = this.checkCredential(credential);
    return this.store.hooks.authenticate({ credential, world: this.store.world, verdict });
  }

  private checkCredential(credential: Credential): number | Refusal {
    const world = this.store.world;
    if (credential.kind === 'webhook') {
      const user = /^\d+$/.test(credential.userId) ? this.store.user(Number(credential.userId)) : undefined;
      if (!user || !sameSecret(credential.secret, user.webhookSecret)) return new Refusal('noAuth');
      return user.id;
    }
    if (credential.token === undefined || credential.token === '') return new Refusal('noAuth');
    if (world.expiredTokens.has(credential.token)) return new Refusal('expiredToken');
    return world.tokens.get(credential.token) ?? new Refusal('noAuth');
  }

  private timeMember(key: string, method: string, started: number, finished: number, processing: number): Json {
    const slot = `${key}\u0000${method.toLowerCase()}`;
    let usage = this.operating.get(slot);
    if (!usage || finished - usage.since >= OPERATING_WINDOW_SECONDS * 1000) {
      usage = { since: started, seconds: 0 };
      this.operating.set(slot, usage);
    }
    usage.seconds += processing;
    return {
      start: started / 1000,
      finish: finished / 1000,
      duration: (finished - started) / 1000,
      processing,
      date_start: isoSeconds(started),
      date_finish: isoSeconds(finished),
      operating_reset_at: Math.floor(usage.since / 1000) + OPERATING_WINDOW_SECONDS,
      operating: usage.seconds,
    };
  }
}
