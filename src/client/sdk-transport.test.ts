import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createSdkTransport } from './sdk-transport';
import type { AuthStyle, Credentials, Exchange, RestCall, Transport } from './types';

const SECRET = 'w3bh00kS3cretValue';
const TOKEN = 'oauthAccessT0kenValue';
const METHOD = 'vote.AttachedVote.recall';

interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

interface Canned {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const TIME = {
  start: 1764384000.1,
  finish: 1764384000.15,
  duration: 0.05,
  processing: 0.01,
  date_start: '2025-11-29T03:00:00+00:00',
  date_finish: '2025-11-29T03:00:00+00:00',
  operating_reset_at: 1764384600,
  operating: 0,
};
const SUCCESS = { result: { attach: { ID: 5, VOTE_ID: 3, COUNTER: 0 } }, time: TIME };

function json(status: number, body: unknown): Canned {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

/** Makes a self-signed certificate for 127.0.0.1 with openssl; returns PEM key and cert. */
function selfSigned(dir: string, name: string): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

let dir: string;
let server: Server;
let origin: string;
let serverCa: string;
let otherCa: string;
const seen: SeenRequest[] = [];
let answer: Canned = json(200, SUCCESS);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-transport-'));
  const pair = selfSigned(dir, 'portal');
  serverCa = pair.cert;
  otherCa = selfSigned(dir, 'stranger').cert;
  server = createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      seen.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (answer.status === 0) return;
      res.writeHead(answer.status, { 'content-type': answer.contentType, ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function participant(): Credentials {
  return {
    role: 'participant',
    webhookUrl: `${origin}/rest/7/${SECRET}/`,
    oauthToken: TOKEN,
    oauthRestUrl: `${origin}/rest/`,
  };
}

function recall(auth: AuthStyle, params: Record<string, unknown>, as = participant()): RestCall {
  return { method: METHOD, params, auth, encoding: 'json', as };
}

function lastSeen(): SeenRequest {
  const request = seen.at(-1);
  if (!request) throw new Error('the server saw no request');
  return request;
}

function expectNoSecret(exchange: Exchange): void {
  const text = JSON.stringify(exchange);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
}

describe('b24jssdk transport against a local HTTPS server', () => {
  const logLines: string[] = [];
  let transport: Transport;
  let seenBefore = 0;

  beforeAll(() => {
    seenBefore = seen.length;
    transport = createSdkTransport({ ca: serverCa, onLog: (line) => logLines.push(line) });
  });
  afterAll(async () => {
    await transport.close();
  });
  afterEach(() => {
    answer = json(200, SUCCESS);
  });

  test('a webhook call puts the secret in the path and the parameters in a JSON body', async () => {
    const exchange = await transport.send(recall('webhook', { attachId: 5 }));

    const request = lastSeen();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/rest/7/${SECRET}/vote.AttachedVote.recall`);
    expect(request.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({ attachId: 5 });
    expect(request.query.get('bx24_sdk_type')).toBe('b24-js-sdk');

    expect(exchange.request.httpMethod).toBe('POST');
    expect(exchange.request.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/rest\/7\/\*\*\*\/vote\.AttachedVote\.recall\?/);
    expect(exchange.request.params).toEqual({ attachId: 5 });
    expect(exchange.request.contentType).toMatch(/^application\/json/);
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.json).toEqual(SUCCESS);
    expect(exchange.response?.bodyText).toBe(JSON.stringify(SUCCESS));
    expect(exchange.response?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(exchange.attempts).toBe(1);
    expect(exchange.error).toBeUndefined();
    expectNoSecret(exchange);
  });

  test('an OAuth call sends the token as auth in the JSON body, and the record masks it', async () => {
    const exchange = await transport.send(recall('oauth', { signedAttachId: 'sig.5' }));

    const request = lastSeen();
    expect(request.path).toBe('/rest/vote.AttachedVote.recall');
    expect(JSON.parse(request.body)).toEqual({ signedAttachId: 'sig.5', auth: TOKEN });
    expect(exchange.request.params).toEqual({ signedAttachId: 'sig.5', auth: '***' });
    expect(exchange.response?.json).toEqual(SUCCESS);
    expectNoSecret(exchange);
  });

  const refusals = [
    { status: 400, error: 'ATTACH_NOT_FOUND', error_description: 'Attach not found' },
    { status: 400, error: 'ERROR_ENTITY_NOT_FOUND', error_description: 'Entity not found' },
    { status: 401, error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' },
    { status: 401, error: 'expired_token', error_description: 'The access token provided has expired' },
    { status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied' },
    { status: 503, error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
  ];
  const cases = refusals.flatMap((refusal) => (['webhook', 'oauth'] as const).map((auth) => ({ ...refusal, auth })));

  test.for(cases)('$status $error over $auth reaches the record once, status and body intact', async (refusal) => {
    answer = json(refusal.status, { error: refusal.error, error_description: refusal.error_description });
    const before = seen.length;

    const exchange = await transport.send(recall(refusal.auth, { attachId: 5 }));

    expect(seen.length - before).toBe(1);
    expect(exchange.attempts).toBe(1);
    expect(exchange.response?.status).toBe(refusal.status);
    expect(exchange.response?.json).toEqual({ error: refusal.error, error_description: refusal.error_description });
    expect(exchange.error).toBeUndefined();
    expectNoSecret(exchange);
  });

  test('a redirect is recorded as it came, not followed', async () => {
    answer = { status: 302, contentType: 'text/plain', body: 'moved', headers: { location: `${origin}/elsewhere` } };
    const before = seen.length;

    const exchange = await transport.send(recall('webhook', { attachId: 5 }));

    expect(seen.length - before).toBe(1);
    expect(exchange.response?.status).toBe(302);
    expect(exchange.response?.headers.location).toBe(`${origin}/elsewhere`);
  });

  test('a body that is not JSON keeps its text and gets no JSON view', async () => {
    answer = { status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' };

    const exchange = await transport.send(recall('oauth', { attachId: 5 }));

    expect(exchange.response?.status).toBe(502);
    expect(exchange.response?.bodyText).toBe('<html>Bad gateway</html>');
    expect(exchange.response?.json).toBeUndefined();
  });

  test('the SDK prints nothing; its log lines reach onLog with secrets masked', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
    try {
      await transport.send(recall('webhook', { attachId: 5 }));
      answer = json(400, { error: 'ATTACH_NOT_FOUND', error_description: 'Attach not found' });
      await transport.send(recall('oauth', { attachId: 5 }));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logLines.some((line) => line.includes('post/send'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(SECRET);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  test('the server counted exactly the requests the transport reports', () => {
    expect(seen.length - seenBefore).toBeGreaterThan(0);
    expect(transport.requestCount()).toBe(seen.length - seenBefore);
  });
});

describe('b24jssdk transport: what it can express', () => {
  const transport = createSdkTransport();
  afterAll(async () => {
    await transport.close();
  });

  test.for(['webhook', 'oauth'] as const)('JSON over %s is supported', (auth) => {
    expect(transport.supports({ auth, encoding: 'json' })).toBe(true);
  });

  test.for(['form', 'multipart', 'query'] as const)('%s is refused with a reason', (encoding) => {
    const reason = transport.supports({ auth: 'webhook', encoding });
    expect(typeof reason).toBe('string');
    expect(reason).toContain('JSON');
  });

  test('sending a call style it cannot express is an error, not a silent JSON call', async () => {
    const before = seen.length;
    await expect(transport.send({ ...recall('webhook', { attachId: 5 }), encoding: 'form' })).rejects.toThrow(
      /cannot send a webhook\/form call/,
    );
    expect(seen.length).toBe(before);
  });
});

describe('b24jssdk transport: TLS and configuration', () => {
  test('without the portal CA the TLS handshake fails and nothing reaches the server', async () => {
    const transport = createSdkTransport();
    const before = seen.length;
    try {
      const exchange = await transport.send(recall('webhook', { attachId: 5 }));
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toMatch(/certificate/i);
      expect(seen.length).toBe(before);
      expectNoSecret(exchange);
    } finally {
      await transport.close();
    }
  });

  test('a CA that did not sign the portal certificate is not trusted either', async () => {
    const transport = createSdkTransport({ ca: otherCa });
    try {
      const exchange = await transport.send(recall('oauth', { attachId: 5 }));
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toMatch(/certificate/i);
    } finally {
      await transport.close();
    }
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });

  test('a plain-http webhook URL is refused without echoing the secret', async () => {
    const transport = createSdkTransport({ ca: serverCa });
    const as = { ...participant(), webhookUrl: `http://127.0.0.1:1/rest/7/${SECRET}/` };
    try {
      const failure = transport.send(recall('webhook', { attachId: 5 }, as));
      await expect(failure).rejects.toThrow(/HTTPS/);
      await expect(failure).rejects.not.toThrow(SECRET);
    } finally {
      await transport.close();
    }
  });

  test('a server that never answers gives a timeout error and no response', async () => {
    const impatient = createSdkTransport({ ca: serverCa, timeoutMs: 300 });
    answer = { status: 0, contentType: '', body: '' };
    const before = seen.length;
    try {
      const exchange = await impatient.send(recall('webhook', { attachId: 5 }));
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toBe('timed out after 300 ms');
      expect(exchange.attempts).toBe(1);
      expect(seen.length - before).toBe(1);
      expect(impatient.requestCount()).toBe(1);
    } finally {
      answer = json(200, SUCCESS);
      await impatient.close();
    }
  });

  test('a closed transport refuses to send', async () => {
    const transport = createSdkTransport({ ca: serverCa });
    await transport.close();
    await expect(transport.send(recall('webhook', { attachId: 5 }))).rejects.toThrow(/closed/);
  });

  test('an identity without OAuth credentials is a clear error naming the role', async () => {
    const transport = createSdkTransport({ ca: serverCa });
    try {
      await expect(transport.send(recall('oauth', { attachId: 5 }, { role: 'outsider' }))).rejects.toThrow(
        /the outsider has no OAuth token/,
      );
    } finally {
      await transport.close();
    }
  });
});
