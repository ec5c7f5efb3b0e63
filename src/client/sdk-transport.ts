/**
 * The `b24jssdk` transport: every call goes through the official JavaScript SDK
 * (`@bitrix24/b24jssdk`), `B24Hook` for webhooks and `B24OAuth` for OAuth, via
 * `actions.v2.call.make`. The record it returns describes what the SDK handed its caller
 * (the `result`/`time` payload or the error code and description), next to the status,
 * headers and raw body that crossed the wire.
 *
 * Nothing the SDK does on its own may hide the server's behaviour, so each SDK client is
 * configured to:
 * - make one attempt per call (no retries, no backoff, no rate, operating or adaptive
 *   limiter, no token refresh and resend after a 401);
 * - follow no redirect and ignore proxy environment variables;
 * - trust the target's CA through its own `https.Agent` (never process-wide);
 * - log into `onLog` instead of the console.
 */
import { Agent } from 'node:https';
import {
  AjaxError,
  AjaxResult,
  ApiVersion,
  B24Hook,
  B24OAuth,
  EnumAppStatus,
  LogLevel,
  SdkError,
  type B24OAuthParams,
  type LoggerInterface,
  type RestrictionParams,
  type TypeB24,
  type TypeHttp,
} from '@bitrix24/b24jssdk';
import type {
  Credentials,
  Encoding,
  Exchange,
  ExchangeRequest,
  ExchangeResponse,
  RestCall,
  Transport,
} from './types';
import { MASK, maskDeep, maskSecrets, registerSecret } from './secrets';
import { webhookSecret } from './webhook-url';

export interface SdkTransportOptions {
  /** PEM of a CA to trust for this transport's requests only. */
  ca?: string;
  /** Per-request timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Receives each line the SDK logs, with secrets masked. Without it, SDK logs are dropped. */
  onLog?: (line: string) => void;
}

export const SDK_TRANSPORT_NAME = 'b24jssdk';

const DEFAULT_TIMEOUT_MS = 10_000;

/** Why the SDK cannot express a call style; a skipped case reports this text. */
export const SDK_UNSUPPORTED_ENCODINGS: Readonly<Record<Exclude<Encoding, 'json'>, string>> = {
  form:
    '@bitrix24/b24jssdk 2.2.0 always sends the parameters as a JSON POST body ' +
    '(actions.v2.call.make has no form-urlencoded mode)',
  multipart:
    '@bitrix24/b24jssdk 2.2.0 always sends the parameters as a JSON POST body ' +
    '(actions.v2.call.make has no multipart mode)',
  query:
    '@bitrix24/b24jssdk 2.2.0 always uses POST with a JSON body ' +
    '(actions.v2.call.make cannot put the parameters in a GET query string)',
};

/**
 * One attempt per call and every limiter out of the way. The SDK merges these over its
 * defaults one level deep, so each nested object is given whole.
 */
const ONE_VISIBLE_ATTEMPT: RestrictionParams = {
  rateLimit: { burstLimit: Number.MAX_SAFE_INTEGER, drainRate: Number.MAX_SAFE_INTEGER, adaptiveEnabled: false },
  operatingLimit: { windowMs: 600_000, limitMs: Number.MAX_SAFE_INTEGER, heavyPercent: 100 },
  adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
  maxRetries: 1,
  retryDelay: 0,
  retryOnNetworkError: false,
};

type AxiosLike = TypeHttp['ajaxClient'];
type AxiosDefaults = AxiosLike['defaults'];
type Listed<T> = Extract<T, readonly unknown[]>[number];
type RequestTransformer = Listed<NonNullable<AxiosDefaults['transformRequest']>>;
type ResponseTransformer = Listed<NonNullable<AxiosDefaults['transformResponse']>>;

/** One HTTP request the SDK put out, and its answer if one came. */
interface WireAttempt {
  httpMethod: string;
  url: string;
  contentType?: string;
  response?: { status: number; headers: Record<string, string>; bodyText: string };
}

/** A configured SDK client for one call, with the wire attempts it made. */
interface SdkClient {
  b24: TypeB24;
  attempts: WireAttempt[];
}

export function createSdkTransport(opts: SdkTransportOptions = {}): Transport {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`timeoutMs must be a positive integer (got ${String(opts.timeoutMs)})`);
  }
  const agent = new Agent({ keepAlive: true, ...(opts.ca === undefined ? {} : { ca: opts.ca }) });
  let requests = 0;
  let seq = 0;
  let closed = false;

  function supports(call: Pick<RestCall, 'auth' | 'encoding'>): true | string {
    if (call.auth !== 'webhook' && call.auth !== 'oauth') {
      return `unknown auth style ${String(call.auth)}`;
    }
    if (call.encoding === 'json') return true;
    return SDK_UNSUPPORTED_ENCODINGS[call.encoding] ?? `unknown encoding ${String(call.encoding)}`;
  }

  async function send(call: RestCall): Promise<Exchange> {
    if (closed) throw new Error('the b24jssdk transport is closed');
    const supported = supports(call);
    if (supported !== true) {
      throw new Error(`the b24jssdk transport cannot send a ${call.auth}/${call.encoding} call: ${supported}`);
    }
    if (call.as.webhookUrl) registerSecret(webhookSecret(call.as.webhookUrl));
    registerSecret(call.as.oauthToken);
    const mask = maskSecrets;
    const order = ++seq;
    const startedAt = new Date();
    const client = buildClient(call, {
      agent,
      timeoutMs,
      onAttempt: () => {
        requests += 1;
      },
      onLog: (line) => opts.onLog?.(mask(line)),
    });

    let outcome: { result: AjaxResult<unknown> } | { thrown: unknown };
    try {
      const result = await client.b24.actions.v2.call.make<unknown>({
        method: call.method,
        params: call.params,
        requestId: `conformance-${order}`,
      });
      outcome = { result };
    } catch (thrown) {
      outcome = { thrown };
    }

    const last = client.attempts.at(-1);
    const exchange: Exchange = {
      seq: order,
      request: describeRequest(call, last, mask),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      attempts: client.attempts.length,
    };
    if (last?.response) {
      const seen = sdkView(outcome);
      exchange.response = describeResponse(last.response, seen.json, mask);
      if (seen.problem !== undefined) exchange.error = mask(seen.problem);
    } else {
      exchange.error = mask(describeFailure(outcome, timeoutMs));
    }
    return exchange;
  }

  return {
    name: SDK_TRANSPORT_NAME,
    supports,
    send,
    requestCount: () => requests,
    async close() {
      closed = true;
      agent.destroy();
    },
  };
}

interface ClientWiring {
  agent: Agent;
  timeoutMs: number;
  onAttempt: () => void;
  onLog: (line: string) => void;
}

/**
 * A fresh SDK client per call: its wire log then holds exactly this call's attempts, and
 * no limiter state carries over from one call to the next.
 */
function buildClient(call: RestCall, wiring: ClientWiring): SdkClient {
  const attempts: WireAttempt[] = [];
  const b24 = call.auth === 'webhook' ? hookClient(call.as, attempts) : oauthClient(call.as, attempts);
  b24.setLogger(lineLogger(wiring.onLog));
  b24.offClientSideWarning();
  for (const version of [ApiVersion.v2, ApiVersion.v3]) {
    watchWire(b24.getHttpClient(version).ajaxClient, attempts, wiring);
  }
  return { b24, attempts };
}

function hookClient(as: Credentials, attempts: WireAttempt[]): B24Hook {
  if (!as.webhookUrl) {
    throw new Error(`the ${as.role} has no webhook URL, so a webhook call cannot be made as them`);
  }
  let hook: B24Hook;
  try {
    hook = B24Hook.fromWebhookUrl(as.webhookUrl, { restrictionParams: ONE_VISIBLE_ATTEMPT });
  } catch (error) {
    throw new Error(`B24Hook refused the ${as.role}'s webhook URL: ${sdkErrorText(error)}`);
  }
  // A webhook has nothing to refresh: after a 401 expired_token/invalid_token the SDK
  // "refreshes" to the same secret and resends. Instead it gets the 401's own error back.
  hook.auth.refreshAuth = () => Promise.reject(errorOfLastAnswer(attempts));
  return hook;
}

function oauthClient(as: Credentials, attempts: WireAttempt[]): B24OAuth {
  if (!as.oauthToken || !as.oauthRestUrl) {
    throw new Error(`the ${as.role} has no OAuth token and REST URL, so an OAuth call cannot be made as them`);
  }
  let rest: URL;
  try {
    rest = new URL(as.oauthRestUrl);
  } catch {
    throw new Error(`the ${as.role}'s OAuth REST URL must look like https://<portal>/rest/ (got an unparseable URL)`);
  }
  const params: B24OAuthParams = {
    applicationToken: '',
    userId: 0,
    memberId: '',
    accessToken: as.oauthToken,
    // Anything but the literal 'hook': with that value the SDK leaves `auth` out of the body.
    refreshToken: 'refresh-disabled',
    // The SDK refreshes before sending once `expires` has passed; a year ahead keeps it quiet.
    expires: Math.floor(Date.now() / 1000) + 365 * 24 * 3600,
    expiresIn: 3600,
    scope: '',
    domain: rest.host,
    // The SDK joins `<clientEndpoint>/<method>`, so a trailing slash would double up.
    clientEndpoint: as.oauthRestUrl.replace(/\/+$/, ''),
    serverEndpoint: `${rest.origin}/rest/`,
    status: EnumAppStatus.Local,
  };
  const oauth = new B24OAuth(params, { clientId: '', clientSecret: '' }, { restrictionParams: ONE_VISIBLE_ATTEMPT });
  // After a 401 expired_token/invalid_token the SDK would ask the OAuth server for a new
  // token (a request to another host) and resend. Instead it gets the 401's own error back.
  oauth.setCustomRefreshAuth(() => Promise.reject(errorOfLastAnswer(attempts)));
  return oauth;
}

/** The error the SDK would have built from the 401 that triggered a refresh. */
function errorOfLastAnswer(attempts: WireAttempt[]): AjaxError {
  const answer = attempts.at(-1)?.response;
  const body = answer ? parseJson(answer.bodyText) : undefined;
  const fields = isRecord(body) ? body : {};
  return new AjaxError({
    code: typeof fields.error === 'string' ? fields.error : 'JSSDK_TRANSPORT_NO_REFRESH',
    description: typeof fields.error_description === 'string' ? fields.error_description : 'token refresh is disabled',
    status: answer?.status ?? 0,
  });
}

/** Puts the transport's agent, timeout and wire log on one of the SDK's axios instances. */
function watchWire(axios: AxiosLike, attempts: WireAttempt[], wiring: ClientWiring): void {
  const defaults = axios.defaults;
  defaults.httpsAgent = wiring.agent;
  defaults.timeout = wiring.timeoutMs;
  defaults.proxy = false;
  defaults.maxRedirects = 0;

  // Runs after axios's own request transforms, so the Content-Type is final.
  const noteRequest: RequestTransformer = function (this: { url?: string; method?: string }, data, headers) {
    wiring.onAttempt();
    const contentType = headers.get('Content-Type');
    attempts.push({
      httpMethod: (this.method ?? 'get').toUpperCase(),
      url: this.url ?? '',
      ...(typeof contentType === 'string' ? { contentType } : {}),
    });
    return data;
  };
  // Runs before axios parses the body, so the text is what the server sent.
  const noteResponse: ResponseTransformer = function (data, headers, status) {
    const attempt = attempts.at(-1);
    if (attempt) {
      attempt.response = {
        status: status ?? 0,
        headers: lowerCased(headers.toJSON()),
        bodyText: typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data),
      };
    }
    return data;
  };
  defaults.transformRequest = [...asList(defaults.transformRequest), noteRequest];
  defaults.transformResponse = [noteResponse, ...asList(defaults.transformResponse)];
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** What the SDK handed to its caller, as a REST body; or why nothing sensible came. */
function sdkView(outcome: { result: AjaxResult<unknown> } | { thrown: unknown }): { json?: unknown; problem?: string } {
  if ('thrown' in outcome) {
    const thrown = outcome.thrown;
    if (thrown instanceof AjaxError) return { json: errorBody(thrown) };
    return { problem: `the SDK failed: ${sdkErrorText(thrown)}` };
  }
  const result = outcome.result;
  if (!result.isSuccess) {
    const first = [...result.getErrors()][0];
    if (first instanceof AjaxError) return { json: errorBody(first) };
    return { problem: `the SDK reported an unsuccessful result: ${result.getErrorMessages().join('; ')}` };
  }
  try {
    const data = result.getData();
    if (data === undefined) return { problem: 'the SDK reported success but returned no data' };
    const body: Record<string, unknown> = { result: data.result };
    if (data.time !== undefined) body.time = data.time;
    return { json: structuredClone(body) };
  } catch (error) {
    return { problem: `the SDK reported success but could not read its data: ${sdkErrorText(error)}` };
  }
}

function errorBody(error: AjaxError): Record<string, unknown> {
  return { error: error.code, error_description: error.message };
}

function describeRequest(call: RestCall, attempt: WireAttempt | undefined, mask: (text: string) => string): ExchangeRequest {
  const params: Record<string, unknown> = { ...call.params };
  if ('auth' in params || call.auth === 'oauth') params.auth = MASK;
  const request: ExchangeRequest = {
    httpMethod: attempt?.httpMethod === 'GET' ? 'GET' : 'POST',
    url: mask(attempt?.url ?? plannedUrl(call)),
    method: call.method,
    auth: call.auth,
    encoding: call.encoding,
    params: maskDeep(params),
  };
  if (attempt?.contentType !== undefined) request.contentType = attempt.contentType;
  return request;
}

/** Where the call would have gone, when the SDK failed before putting anything on the wire. */
function plannedUrl(call: RestCall): string {
  const base = call.auth === 'webhook' ? call.as.webhookUrl : call.as.oauthRestUrl;
  return `${(base ?? '').replace(/\/+$/, '')}/${call.method}`;
}

function describeResponse(
  wire: NonNullable<WireAttempt['response']>,
  json: unknown,
  mask: (text: string) => string,
): ExchangeResponse {
  const response: ExchangeResponse = {
    status: wire.status,
    headers: Object.fromEntries(Object.entries(wire.headers).map(([name, value]) => [name, mask(value)])),
    bodyText: mask(wire.bodyText),
  };
  // A body that was not JSON has no JSON view, whatever the SDK made of it.
  if (json !== undefined && parseJson(wire.bodyText) !== undefined) {
    response.json = maskDeep(json);
  }
  return response;
}

function describeFailure(outcome: { result: AjaxResult<unknown> } | { thrown: unknown }, timeoutMs: number): string {
  if (!('thrown' in outcome)) return 'the SDK returned a result without any HTTP answer';
  const thrown = outcome.thrown;
  if (thrown instanceof SdkError && thrown.code === 'REQUEST_TIMEOUT') return `timed out after ${timeoutMs} ms`;
  return sdkErrorText(thrown);
}

function sdkErrorText(error: unknown): string {
  if (error instanceof SdkError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

function lineLogger(onLog: (line: string) => void): LoggerInterface {
  const write = (level: string) => async (message: string, context?: Record<string, unknown>) => {
    onLog(context === undefined ? `[${level}] ${message}` : `[${level}] ${message} ${safeJson(context)}`);
  };
  return {
    log: async (level: LogLevel, message: string, context?: Record<string, unknown>) =>
      write(LogLevel[level]?.toLowerCase() ?? String(level))(message, context),
    debug: write('debug'),
    info: write('info'),
    notice: write('notice'),
    warning: write('warning'),
    error: write('error'),
    critical: write('critical'),
    alert: write('alert'),
    emergency: write('emergency'),
  };
}

function lowerCased(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable context]';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
