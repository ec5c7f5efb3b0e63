/**
 * Incoming-webhook URLs: `<scheme>://<host>[:port]/rest/<user-id>/<secret>/`. The secret is the
 * path segment after the user id; nothing derived from it may appear in a message.
 */

export interface WebhookUrl {
  /** Normalised, ending in `/`. Contains the secret. */
  url: string;
  /** `scheme://host[:port]`, no secret. */
  origin: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  userId: number;
  secret: string;
}

/** Either the parsed URL, or what is wrong with it, phrased without echoing any part of it. */
export type WebhookUrlParse = { ok: true; value: WebhookUrl } | { ok: false; problem: string };

export function parseWebhookUrl(text: string): WebhookUrlParse {
  const fail = (problem: string): WebhookUrlParse => ({ ok: false, problem });
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return fail('got something that is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return fail(`got a URL with the scheme ${JSON.stringify(parsed.protocol.slice(0, 16))}, not http or https`);
  }
  if (parsed.username !== '' || parsed.password !== '') return fail('got a URL with a user name or password before the host');
  if (parsed.search !== '' || parsed.hash !== '') return fail('got a URL with a query string or fragment');
  const segments = parsed.pathname.split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  if (segments[0] !== 'rest') return fail('got a URL whose path does not start with /rest/');
  const [, userId, secret, ...extra] = segments;
  if (userId === undefined || userId === '') return fail('got a URL without a user id');
  if (!/^[1-9]\d{0,15}$/.test(userId)) return fail('got a user id that is not a positive number');
  if (secret === undefined || secret === '') return fail('got a URL without a secret');
  if (extra.length > 0) return fail('got more path after the secret; the URL must end right after it');
  const origin = parsed.origin;
  return {
    ok: true,
    value: {
      url: `${origin}/rest/${userId}/${secret}/`,
      origin,
      protocol: parsed.protocol,
      hostname: parsed.hostname,
      userId: Number(userId),
      secret,
    },
  };
}

/** The secret segment of a webhook URL, or undefined when the URL does not have that shape. */
export function webhookSecret(url: string): string | undefined {
  const parsed = parseWebhookUrl(url);
  return parsed.ok ? parsed.value.secret : undefined;
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`. `hostname` as `URL` gives it. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  const mapped = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null;
}
