/**
 * Reads the environment that points the suite at a portal. Every problem is found before any
 * request is sent, reported together, and phrased so that no secret is ever echoed.
 */
import { ConfigError, RateConfigError } from '../errors';
import { parseRate, type RateConfig } from '../client/pacer';
import { maskSecrets, registerSecret } from '../client/secrets';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from '../client/undici-transport';
import { isLoopbackHost, parseWebhookUrl, webhookSecret, type WebhookUrl } from '../client/webhook-url';
import type { TargetKind } from './types';

import { transportChoice, type ClientSettings, type TransportChoice } from '../client/select';

export type { ClientSettings };

export interface LiveConfig extends ClientSettings {
  /** `B24_WEBHOOK_URL`, normalised to end in `/`. Contains the secret. */
  webhookUrl: string;
  /** `scheme://host[:port]` of the portal, no secret. */
  origin: string;
  /** `B24_CHAT_ID`. */
  chatId: number;
  /** `B24_OAUTH_TOKEN`. */
  oauthToken?: string;
  /** `B24_OAUTH_REST_URL`, or the webhook's origin + `/rest/`. Ends in `/`. */
  oauthRestUrl: string;
  /** `B24_COVOTER_WEBHOOK_URL`, normalised. */
  covoterWebhookUrl?: string;
  /** `B24_OUTSIDER_WEBHOOK_URL`, normalised. */
  outsiderWebhookUrl?: string;
  /** `B24_CA_FILE`: path of a PEM to trust for this portal only. */
  caFile?: string;
  /** `B24_ALLOW_INSECURE=1`: plain http to a non-loopback host is accepted. */
  allowInsecure: boolean;
}

const WEBHOOK_SHAPE = 'https://<portal>/rest/<user-id>/<secret>/';
const TARGET_KINDS: readonly TargetKind[] = ['reference', 'live', 'replay'];

/** Everything a run needs from the environment, read and checked once, at the entry point. */
export interface RunSettings {
  kind: TargetKind;
  /** `B24_TRANSPORT`: undici, the SDK, or an adapter module (found, not yet loaded). */
  transport: TransportChoice;
  client: ClientSettings;
  /** The portal a live run targets (every live variable checked). */
  live?: LiveConfig;
  /** `B24_REPORTS_DIR`, when set. */
  reportsDir?: string;
  /** `B24_REQUIRE_FULL=1`: any skipped case fails the run. */
  requireFull: boolean;
}

/**
 * Reads the run's settings from `env`: the target kind, the transport, the client settings and,
 * for a live target, the portal's variables. A mistake is a ConfigError, before any request.
 */
export function loadRunSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): RunSettings {
  const kind = selectTargetKind(env);
  const transport = transportChoice(env, cwd);
  const reportsDir = env.B24_REPORTS_DIR?.trim() || undefined;
  const requireFull = loadRequireFull(env);
  if (kind === 'live') {
    const live = loadLiveConfig(env);
    return { kind, transport, client: { timeoutMs: live.timeoutMs, rate: live.rate, retryBaseMs: live.retryBaseMs }, live, reportsDir, requireFull };
  }
  return { kind, transport, client: loadClientSettings(env), reportsDir, requireFull };
}

/** `B24_TARGET` when set; otherwise live when `B24_WEBHOOK_URL` is set; otherwise reference. */
export function selectTargetKind(env: NodeJS.ProcessEnv): TargetKind {
  registerEnvSecrets(env);
  const explicit = env.B24_TARGET?.trim();
  if (explicit) {
    if ((TARGET_KINDS as readonly string[]).includes(explicit)) return explicit as TargetKind;
    throw new ConfigError([`B24_TARGET must be one of ${TARGET_KINDS.join(', ')} (got ${echo(explicit)})`]);
  }
  return present(env.B24_WEBHOOK_URL) ? 'live' : 'reference';
}

export function loadClientSettings(env: NodeJS.ProcessEnv): ClientSettings {
  registerEnvSecrets(env);
  const problems: string[] = [];
  const settings = readClientSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

/**
 * `B24_REQUIRE_FULL=1`: the run fails when any case was skipped, each skip listed with its reason
 * (what an SDK maintainer puts in CI). Unset or `0`: a skip never fails a run.
 */
export function loadRequireFull(env: NodeJS.ProcessEnv): boolean {
  const value = env.B24_REQUIRE_FULL?.trim() ?? '';
  if (value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new ConfigError([`B24_REQUIRE_FULL must be 1 (any skipped case fails the run) or unset (got ${echo(value)})`]);
}

export function loadLiveConfig(env: NodeJS.ProcessEnv): LiveConfig {
  registerEnvSecrets(env);
  const problems: string[] = [];
  const allowInsecure = readAllowInsecure(env, problems);

  let participant: WebhookUrl | undefined;
  if (!present(env.B24_WEBHOOK_URL)) {
    problems.push(`B24_WEBHOOK_URL is required for a live run: the participant's incoming webhook, ${WEBHOOK_SHAPE}, with the scopes vote and im`);
  } else {
    participant = readWebhook('B24_WEBHOOK_URL', env.B24_WEBHOOK_URL, allowInsecure, problems);
  }
  const covoter = present(env.B24_COVOTER_WEBHOOK_URL)
    ? readWebhook('B24_COVOTER_WEBHOOK_URL', env.B24_COVOTER_WEBHOOK_URL, allowInsecure, problems, participant)
    : undefined;
  const outsider = present(env.B24_OUTSIDER_WEBHOOK_URL)
    ? readWebhook('B24_OUTSIDER_WEBHOOK_URL', env.B24_OUTSIDER_WEBHOOK_URL, allowInsecure, problems, participant)
    : undefined;

  const chatId = readChatId(env.B24_CHAT_ID, problems);

  let oauthToken: string | undefined;
  if (present(env.B24_OAUTH_TOKEN)) {
    oauthToken = env.B24_OAUTH_TOKEN.trim();
    if (/\s/.test(oauthToken)) problems.push('B24_OAUTH_TOKEN must be a single token with no spaces or line breaks in it');
  }
  let oauthRestUrl = participant ? `${participant.origin}/rest/` : '';
  if (present(env.B24_OAUTH_REST_URL)) {
    oauthRestUrl = readOauthRestUrl(env.B24_OAUTH_REST_URL, allowInsecure, problems) ?? oauthRestUrl;
  }

  const caFile = present(env.B24_CA_FILE) ? env.B24_CA_FILE.trim() : undefined;
  const settings = readClientSettings(env, problems);
  if (problems.length > 0 || !participant || chatId === undefined) throw new ConfigError(problems);

  const config: LiveConfig = {
    ...settings,
    webhookUrl: participant.url,
    origin: participant.origin,
    chatId,
    oauthRestUrl,
    allowInsecure,
  };
  if (oauthToken !== undefined) config.oauthToken = oauthToken;
  if (covoter) config.covoterWebhookUrl = covoter.url;
  if (outsider) config.outsiderWebhookUrl = outsider.url;
  if (caFile !== undefined) config.caFile = caFile;
  return config;
}

/** Registers every secret the environment holds, before any message about it is written. */
function registerEnvSecrets(env: NodeJS.ProcessEnv): void {
  registerSecret(env.B24_OAUTH_TOKEN?.trim());
  // Printed by `npm run portal` beside the others; no case sends it today, but it is a token all the same.
  registerSecret(env.B24_EXPIRED_OAUTH_TOKEN?.trim());
  for (const name of ['B24_WEBHOOK_URL', 'B24_COVOTER_WEBHOOK_URL', 'B24_OUTSIDER_WEBHOOK_URL'] as const) {
    const value = env[name];
    if (present(value)) registerSecret(webhookSecret(value));
  }
}

/** A value quoted for a message: masked, and summarised when long enough to be something pasted by mistake. */
function echo(value: string): string {
  const masked = maskSecrets(value);
  return masked.length <= 24 ? JSON.stringify(masked) : `a value of ${value.length} characters`;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function readWebhook(
  name: string,
  text: string,
  allowInsecure: boolean,
  problems: string[],
  sameOriginAs?: WebhookUrl,
): WebhookUrl | undefined {
  const parsed = parseWebhookUrl(text);
  if (!parsed.ok) {
    problems.push(`${name} must look like ${WEBHOOK_SHAPE} (${parsed.problem})`);
    return undefined;
  }
  const webhook = parsed.value;
  registerSecret(webhook.secret);
  const insecure = insecureProblem(name, webhook.protocol, webhook.hostname, allowInsecure, 'the webhook secret');
  if (insecure) {
    problems.push(insecure);
    return undefined;
  }
  if (sameOriginAs && sameOriginAs.origin !== webhook.origin) {
    problems.push(`${name} points at ${webhook.origin}, but B24_WEBHOOK_URL points at ${sameOriginAs.origin}; all users must be on the same portal`);
    return undefined;
  }
  return webhook;
}

function readOauthRestUrl(text: string, allowInsecure: boolean, problems: string[]): string | undefined {
  const shape = 'B24_OAUTH_REST_URL must look like https://<portal>/rest/';
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    problems.push(`${shape} (got something that is not a URL)`);
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push(`${shape} (got a URL whose scheme is not http or https)`);
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
    problems.push(`${shape} (got a URL with a user name, password, query string or fragment)`);
    return undefined;
  }
  const insecure = insecureProblem('B24_OAUTH_REST_URL', parsed.protocol, parsed.hostname, allowInsecure, 'the OAuth token');
  if (insecure) {
    problems.push(insecure);
    return undefined;
  }
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

function insecureProblem(name: string, protocol: string, hostname: string, allowInsecure: boolean, what: string): string | undefined {
  if (protocol !== 'http:' || allowInsecure || isLoopbackHost(hostname)) return undefined;
  return `${name} uses plain http:// to ${hostname}, which would send ${what} unencrypted; use https://, or set B24_ALLOW_INSECURE=1 to accept that`;
}

function readAllowInsecure(env: NodeJS.ProcessEnv, problems: string[]): boolean {
  const value = env.B24_ALLOW_INSECURE?.trim() ?? '';
  if (value === '' || value === '0') return false;
  if (value === '1') return true;
  problems.push(`B24_ALLOW_INSECURE must be 1 or unset (got ${echo(value)})`);
  return false;
}

function readChatId(text: string | undefined, problems: string[]): number | undefined {
  if (!present(text)) {
    problems.push('B24_CHAT_ID is required for a live run: the id of a chat where the suite may create polls (the participant and the co-voter must be members, the outsider must not)');
    return undefined;
  }
  const value = text.trim();
  if (/^[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  const hint = /^chat\d+$/i.test(value) ? '; give the number without the "chat" prefix' : '';
  problems.push(`B24_CHAT_ID must be a positive whole number (got ${echo(value)})${hint}`);
  return undefined;
}

const MAX_TIMER_MS = 2_147_483_647;

function readClientSettings(env: NodeJS.ProcessEnv, problems: string[]): ClientSettings {
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (present(env.B24_TIMEOUT_MS)) {
    const value = env.B24_TIMEOUT_MS.trim();
    // Node's timers hold at most 2^31-1 ms (about 24 days); a larger value would fire at once.
    if (/^[1-9]\d*$/.test(value) && Number(value) <= MAX_TIMER_MS) timeoutMs = Number(value);
    else problems.push(`B24_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (got ${echo(value)})`);
  }
  let rate: RateConfig = parseRate(undefined);
  try {
    rate = parseRate(env.B24_RATE);
  } catch (error) {
    if (!(error instanceof RateConfigError)) throw error;
    problems.push(maskSecrets(error.message));
  }
  let retryBaseMs = DEFAULT_RETRY.baseDelayMs;
  if (present(env.B24_RETRY_BASE_MS)) {
    const value = env.B24_RETRY_BASE_MS.trim();
    if (/^\d+$/.test(value) && Number.isSafeInteger(Number(value))) retryBaseMs = Number(value);
    else problems.push(`B24_RETRY_BASE_MS must be a whole number of milliseconds, 0 or more (got ${echo(value)})`);
  }
  return { timeoutMs, rate, retryBaseMs };
}
