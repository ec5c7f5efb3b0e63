/**
 * The seam between the specs and HTTP. Everything the suite asserts is built from Exchange
 * records; everything it sends goes through a Transport.
 */

/** How the caller authenticates: the webhook secret in the URL path, or an OAuth token in `auth`. */
export type AuthStyle = 'webhook' | 'oauth';

/** How parameters travel: JSON body, form-urlencoded body (PHP brackets), multipart body, GET query. */
export type Encoding = 'json' | 'form' | 'multipart' | 'query';

/** Every encoding the docs document, in the order a transport is asked for one. */
export const ENCODINGS: readonly Encoding[] = ['json', 'form', 'multipart', 'query'];

/** The people a target offers. Only the participant is mandatory. */
export type Role = 'participant' | 'covoter' | 'outsider';

/** One identity on a target. Secrets live here and nowhere else. */
export interface Credentials {
  role: Role;
  /** Incoming webhook, `<origin>/rest/<userId>/<secret>/`, ending in `/`. */
  webhookUrl?: string;
  /** OAuth access token, sent as `auth`. */
  oauthToken?: string;
  /** OAuth REST base, `<origin>/rest/`, ending in `/`. */
  oauthRestUrl?: string;
}

/** One REST call the suite wants to make. */
export interface RestCall {
  /** REST method name, for example `vote.AttachedVote.recall`. */
  method: string;
  params: Record<string, unknown>;
  auth: AuthStyle;
  encoding: Encoding;
  as: Credentials;
}

export interface ExchangeRequest {
  /** HTTP verb actually used. */
  httpMethod: 'GET' | 'POST';
  /** Full URL with every secret masked. */
  url: string;
  /** REST method name. */
  method: string;
  auth: AuthStyle;
  encoding: Encoding;
  /** Parameters as the suite meant them, with `auth` and any other secret masked. */
  params: Record<string, unknown>;
  /** Content-Type sent, if any. */
  contentType?: string;
}

export interface ExchangeResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The raw body text (secrets masked). */
  bodyText: string;
  /** The parsed body, when it was JSON. */
  json?: unknown;
}

/** One request and its answer, as recorded by a transport. Contains no secret. */
export interface Exchange {
  /** 1-based sequence number within the run. */
  seq: number;
  request: ExchangeRequest;
  /** Absent when no HTTP answer arrived (timeout, connection refused). */
  response?: ExchangeResponse;
  /** A transport-level failure, for a person to read (for example "timed out after 10000 ms"). */
  error?: string;
  /** ISO timestamp of the first attempt. */
  startedAt: string;
  durationMs: number;
  /** HTTP attempts made, including retries of 503 QUERY_LIMIT_EXCEEDED. */
  attempts: number;
}

export interface Transport {
  /** `undici` or `b24jssdk` or an adapter's own name. */
  readonly name: string;
  /**
   * Whether this transport can express the call style. `true`, or the reason it cannot
   * (a skipped case reports that reason).
   */
  supports(call: Pick<RestCall, 'auth' | 'encoding'>): true | string;
  send(call: RestCall): Promise<Exchange>;
  /** Total HTTP requests put on the wire so far (retries included). */
  requestCount(): number;
  close(): Promise<void>;
}
