import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../client/secrets';
import { loadClientSettings, loadLiveConfig, loadRequireFull, loadRunSettings, selectTargetKind } from './env';
import { ConfigError } from '../errors';

const SECRET = 'Zq8vN3kLm5pT';
const TOKEN = 'oauthTok-4d1e9b77';
const GOOD = {
  B24_WEBHOOK_URL: `https://portal.example.com/rest/7/${SECRET}/`,
  B24_CHAT_ID: '42',
};

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadLiveConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadLiveConfig', () => {
  it('reads a minimal configuration and fills the defaults', () => {
    expect(loadLiveConfig(GOOD)).toEqual({
      webhookUrl: `https://portal.example.com/rest/7/${SECRET}/`,
      origin: 'https://portal.example.com',
      chatId: 42,
      oauthRestUrl: 'https://portal.example.com/rest/',
      allowInsecure: false,
      timeoutMs: 10000,
      rate: { burst: 50, drainPerSecond: 2 },
      retryBaseMs: 1000,
    });
  });

  it('adds the missing trailing slash and reads every optional variable', () => {
    const config = loadLiveConfig({
      B24_WEBHOOK_URL: `https://portal.example.com:8443/rest/7/${SECRET}`,
      B24_CHAT_ID: ' 9 ',
      B24_OAUTH_TOKEN: TOKEN,
      B24_OAUTH_REST_URL: 'https://portal.example.com:8443/rest',
      B24_COVOTER_WEBHOOK_URL: 'https://portal.example.com:8443/rest/8/covoterSecret1/',
      B24_OUTSIDER_WEBHOOK_URL: 'https://portal.example.com:8443/rest/9/outsiderSecret1',
      B24_CA_FILE: '/etc/portal-ca.pem',
      B24_TIMEOUT_MS: '2500',
      B24_RATE: '250,5',
      B24_RETRY_BASE_MS: '20',
    });
    expect(config).toEqual({
      webhookUrl: `https://portal.example.com:8443/rest/7/${SECRET}/`,
      origin: 'https://portal.example.com:8443',
      chatId: 9,
      oauthToken: TOKEN,
      oauthRestUrl: 'https://portal.example.com:8443/rest/',
      covoterWebhookUrl: 'https://portal.example.com:8443/rest/8/covoterSecret1/',
      outsiderWebhookUrl: 'https://portal.example.com:8443/rest/9/outsiderSecret1/',
      caFile: '/etc/portal-ca.pem',
      allowInsecure: false,
      timeoutMs: 2500,
      rate: { burst: 250, drainPerSecond: 5 },
      retryBaseMs: 20,
    });
  });

  it('registers every secret it reads', () => {
    loadLiveConfig({ ...GOOD, B24_OAUTH_TOKEN: TOKEN, B24_COVOTER_WEBHOOK_URL: 'https://portal.example.com/rest/8/covoterSecret2/' });
    expect(maskSecrets(`${SECRET} ${TOKEN} covoterSecret2`)).toBe('*** *** ***');
  });

  it.each([
    ['not a URL', 'portal.example.com/rest/7/x', /B24_WEBHOOK_URL must look like https:\/\/<portal>\/rest\/<user-id>\/<secret>\/ \(got something that is not a URL\)/],
    ['another scheme', `ftp://portal.example.com/rest/7/${SECRET}/`, /\(got a URL with the scheme "ftp:", not http or https\)/],
    ['no user id', `https://portal.example.com/rest/`, /\(got a URL without a user id\)/],
    ['a non-numeric user id', `https://portal.example.com/rest/${SECRET}/7/`, /\(got a user id that is not a positive number\)/],
    ['no secret', 'https://portal.example.com/rest/7/', /\(got a URL without a secret\)/],
    ['a method after the secret', `https://portal.example.com/rest/7/${SECRET}/profile`, /\(got more path after the secret/],
    ['no /rest/', `https://portal.example.com/api/7/${SECRET}/`, /\(got a URL whose path does not start with \/rest\/\)/],
    ['a query string', `https://portal.example.com/rest/7/${SECRET}/?x=1`, /\(got a URL with a query string or fragment\)/],
    ['a password', `https://u:${SECRET}@portal.example.com/rest/7/${SECRET}/`, /\(got a URL with a user name or password before the host\)/],
  ])('refuses a webhook URL with %s, without echoing it', (_what, url, message) => {
    const error = configError({ ...GOOD, B24_WEBHOOK_URL: url });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('portal.example.com/');
  });

  it('refuses plain http to a non-loopback host, naming the host but not the secret', () => {
    const error = configError({ ...GOOD, B24_WEBHOOK_URL: `http://portal.example.com/rest/7/${SECRET}/` });
    expect(error.message).toBe(
      'B24_WEBHOOK_URL uses plain http:// to portal.example.com, which would send the webhook secret unencrypted; use https://, or set B24_ALLOW_INSECURE=1 to accept that',
    );
  });

  it('accepts plain http to a non-loopback host with B24_ALLOW_INSECURE=1', () => {
    const config = loadLiveConfig({ ...GOOD, B24_WEBHOOK_URL: `http://portal.example.com/rest/7/${SECRET}/`, B24_ALLOW_INSECURE: '1' });
    expect(config.allowInsecure).toBe(true);
    expect(config.origin).toBe('http://portal.example.com');
  });

  it.each(['127.0.0.1:8080', '127.45.0.9', 'localhost:3000', '[::1]:9000'])('accepts plain http to the loopback host %s', (host) => {
    const config = loadLiveConfig({ ...GOOD, B24_WEBHOOK_URL: `http://${host}/rest/1/${SECRET}/` });
    expect(config.webhookUrl).toBe(`http://${host}/rest/1/${SECRET}/`);
    expect(config.oauthRestUrl).toBe(`http://${host}/rest/`);
  });

  it.each(['10.0.0.1', '128.0.0.1', 'localhost.evil.example', '[::2]'])('refuses plain http to the non-loopback host %s', (host) => {
    expect(configError({ ...GOOD, B24_WEBHOOK_URL: `http://${host}/rest/1/${SECRET}/` }).message).toMatch(/uses plain http:\/\//);
  });

  it('checks the optional webhooks the same way, and on the same portal', () => {
    expect(configError({ ...GOOD, B24_COVOTER_WEBHOOK_URL: 'https://portal.example.com/rest/covoterSecret3/' }).message).toMatch(
      /^B24_COVOTER_WEBHOOK_URL must look like .* \(got a user id that is not a positive number\)$/,
    );
    const elsewhere = configError({ ...GOOD, B24_OUTSIDER_WEBHOOK_URL: 'https://other.example.com/rest/9/outsiderSecret3/' });
    expect(elsewhere.message).toBe(
      'B24_OUTSIDER_WEBHOOK_URL points at https://other.example.com, but B24_WEBHOOK_URL points at https://portal.example.com; all users must be on the same portal',
    );
    expect(elsewhere.message).not.toContain('outsiderSecret3');
  });

  it('requires the webhook and the chat id, saying what they are for', () => {
    const error = configError({});
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/^B24_WEBHOOK_URL is required for a live run: .*scopes vote and im/);
    expect(error.problems[1]).toMatch(/^B24_CHAT_ID is required for a live run/);
    expect(error.message).toMatch(/^the configuration has 2 problems:\n {2}- B24_WEBHOOK_URL/);
  });

  it.each([
    ['0', 'B24_CHAT_ID must be a positive whole number (got "0")'],
    ['-3', 'B24_CHAT_ID must be a positive whole number (got "-3")'],
    ['1.5', 'B24_CHAT_ID must be a positive whole number (got "1.5")'],
    ['chat12', 'B24_CHAT_ID must be a positive whole number (got "chat12"); give the number without the "chat" prefix'],
  ])('refuses B24_CHAT_ID=%s', (value, message) => {
    expect(configError({ ...GOOD, B24_CHAT_ID: value }).message).toBe(message);
  });

  it('does not echo a secret pasted into the wrong variable', () => {
    const error = configError({ ...GOOD, B24_CHAT_ID: SECRET, B24_TIMEOUT_MS: GOOD.B24_WEBHOOK_URL });
    expect(error.message).not.toContain(SECRET);
    expect(error.problems).toEqual([
      'B24_CHAT_ID must be a positive whole number (got "***")',
      'B24_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (got a value of 47 characters)',
    ]);
  });

  it('refuses a token with whitespace in it without echoing the token', () => {
    const error = configError({ ...GOOD, B24_OAUTH_TOKEN: 'abcdef123 456789' });
    expect(error.message).toBe('B24_OAUTH_TOKEN must be a single token with no spaces or line breaks in it');
  });

  it('refuses a malformed or insecure B24_OAUTH_REST_URL', () => {
    expect(configError({ ...GOOD, B24_OAUTH_REST_URL: 'rest/' }).message).toBe(
      'B24_OAUTH_REST_URL must look like https://<portal>/rest/ (got something that is not a URL)',
    );
    expect(configError({ ...GOOD, B24_OAUTH_REST_URL: 'http://portal.example.com/rest/' }).message).toMatch(
      /^B24_OAUTH_REST_URL uses plain http:\/\/ to portal.example.com, which would send the OAuth token unencrypted/,
    );
  });

  it.each([
    ['B24_TIMEOUT_MS', '0', 'B24_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (got "0")'],
    ['B24_TIMEOUT_MS', '5s', 'B24_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (got "5s")'],
    ['B24_TIMEOUT_MS', '3000000000', 'B24_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (got "3000000000")'],
    ['B24_RATE', '50', 'B24_RATE must be BURST,DRAIN, for example 50,2 (a burst of 50 requests, draining 2 per second); got "50"'],
    ['B24_ALLOW_INSECURE', 'yes', 'B24_ALLOW_INSECURE must be 1 or unset (got "yes")'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(configError({ ...GOOD, [name]: value }).message).toBe(message);
  });
});

describe('loadClientSettings', () => {
  it('reads the timeout and rate on their own, for any target', () => {
    expect(loadClientSettings({ B24_TIMEOUT_MS: '300', B24_RATE: '10,1' })).toEqual({ timeoutMs: 300, rate: { burst: 10, drainPerSecond: 1 }, retryBaseMs: 1000 });
    expect(() => loadClientSettings({ B24_RATE: '1,0' })).toThrow(ConfigError);
  });

  it('reads the retry backoff; 0 retries at once, anything but a whole number is refused', () => {
    expect(loadClientSettings({ B24_RETRY_BASE_MS: '0' }).retryBaseMs).toBe(0);
    expect(loadClientSettings({ B24_RETRY_BASE_MS: ' 25 ' }).retryBaseMs).toBe(25);
    expect(() => loadClientSettings({ B24_RETRY_BASE_MS: '1.5' })).toThrow(new ConfigError(['B24_RETRY_BASE_MS must be a whole number of milliseconds, 0 or more (got "1.5")']));
    expect(() => loadClientSettings({ B24_RETRY_BASE_MS: '-3' })).toThrow(/B24_RETRY_BASE_MS/);
  });
});

describe('loadRequireFull', () => {
  it('is on only for 1, off when unset, empty or 0, and a ConfigError for anything else', () => {
    expect(loadRequireFull({ B24_REQUIRE_FULL: '1' })).toBe(true);
    expect(loadRequireFull({ B24_REQUIRE_FULL: ' 1 ' })).toBe(true);
    expect(loadRequireFull({})).toBe(false);
    expect(loadRequireFull({ B24_REQUIRE_FULL: '' })).toBe(false);
    expect(loadRequireFull({ B24_REQUIRE_FULL: '0' })).toBe(false);
    expect(() => loadRequireFull({ B24_REQUIRE_FULL: 'yes' })).toThrow(new ConfigError(['B24_REQUIRE_FULL must be 1 (any skipped case fails the run) or unset (got "yes")']));
  });
});

describe('selectTargetKind', () => {
  it('prefers B24_TARGET, then a webhook URL, then the reference portal', () => {
    expect(selectTargetKind({})).toBe('reference');
    expect(selectTargetKind({ B24_WEBHOOK_URL: GOOD.B24_WEBHOOK_URL })).toBe('live');
    expect(selectTargetKind({ B24_WEBHOOK_URL: ' ' })).toBe('reference');
    expect(selectTargetKind({ B24_TARGET: 'replay', B24_WEBHOOK_URL: GOOD.B24_WEBHOOK_URL })).toBe('replay');
    expect(selectTargetKind({ B24_TARGET: 'live' })).toBe('live');
    expect(selectTargetKind({ B24_TARGET: 'reference', B24_WEBHOOK_URL: GOOD.B24_WEBHOOK_URL })).toBe('reference');
  });

  it('refuses an unknown B24_TARGET', () => {
    expect(() => selectTargetKind({ B24_TARGET: 'prod' })).toThrow(new ConfigError(['B24_TARGET must be one of reference, live, replay (got "prod")']));
  });
});

describe('secrets in the environment', () => {
  it('registers the expired token the portal prints, so it is masked like the others', () => {
    const expired = 'expiredTok-9c3f1a2b';
    expect(maskSecrets(`x ${expired} y`)).toBe(`x ${expired} y`);
    loadLiveConfig({ ...GOOD, B24_EXPIRED_OAUTH_TOKEN: expired });
    expect(maskSecrets(`x ${expired} y`)).toBe('x *** y');
  });
});

describe('loadRunSettings', () => {
  it('reads a reference run: kind, transport, client settings and the reports folder, no live portal', () => {
    expect(loadRunSettings({ B24_RATE: '10,1', B24_REPORTS_DIR: ' out ' })).toEqual({
      kind: 'reference',
      transport: { kind: 'undici' },
      client: { timeoutMs: 10000, rate: { burst: 10, drainPerSecond: 1 }, retryBaseMs: 1000 },
      reportsDir: 'out',
      requireFull: false,
    });
  });

  it('reads a live run whole, its client settings included', () => {
    const settings = loadRunSettings({ ...GOOD, B24_TIMEOUT_MS: '5000', B24_TRANSPORT: 'b24jssdk' });
    expect(settings.kind).toBe('live');
    expect(settings.transport).toEqual({ kind: 'b24jssdk' });
    expect(settings.client).toEqual({ timeoutMs: 5000, rate: { burst: 50, drainPerSecond: 2 }, retryBaseMs: 1000 });
    expect(settings.live?.origin).toBe('https://portal.example.com');
    expect(settings.reportsDir).toBeUndefined();
  });

  it('stops on any mistake with a ConfigError: the kind, the transport, the client or the live variables', () => {
    expect(() => loadRunSettings({ B24_TARGET: 'prod' })).toThrow(ConfigError);
    expect(() => loadRunSettings({ B24_TRANSPORT: 'curl' })).toThrow(ConfigError);
    expect(() => loadRunSettings({ B24_RATE: '0,1' })).toThrow(ConfigError);
    expect(() => loadRunSettings({ B24_TARGET: 'live' })).toThrow(/B24_WEBHOOK_URL is required/);
  });
});
