import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pacer } from './pacer';
import { maskSecrets } from './secrets';
import type { Credentials, Exchange, Transport } from './types';
import { createUndiciTransport, USER_AGENT } from './undici-transport';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Reply = (req: Received, res: ServerResponse) => void;

const WEBHOOK_SECRET = 'whk4secret9q';
const OAUTH_TOKEN = 'oauth-token-7f3a9c';

let server: Server;
let base: string;
let received: Received[];
let replies: Reply[];
let transports: Transport[];

function replyJson(status: number, body: unknown): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
}

const ok = replyJson(200, { result: { attach: { ID: 1 } }, time: {} });

beforeEach(async () => {
  received = [];
  replies = [];
  transports = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      (replies.shift() ?? ok)(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function transport(options: Parameters<typeof createUndiciTransport>[0] = {}): Transport {
  const created = createUndiciTransport({ pacer: false, retry: { attempts: 3, baseDelayMs: 1 }, ...options });
  transports.push(created);
  return created;
}

function participant(): Credentials {
  return { role: 'participant', webhookUrl: `${base}/rest/1/${WEBHOOK_SECRET}/`, oauthToken: OAUTH_TOKEN, oauthRestUrl: `${base}/rest/` };
}

const params = { attachId: 12, ballot: { 3: [5, 6] }, note: 'a b&c' };

describe('webhook style', () => {
  it('json: POSTs the JSON body to <webhook><method>', async () => {
    const exchange = await transport().send({ method: 'vote.AttachedVote.recall', params, auth: 'webhook', encoding: 'json', as: participant() });
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`/rest/1/${WEBHOOK_SECRET}/vote.AttachedVote.recall`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toMatch(/^b24-recall-conformance\/\d+\.\d+\.\d+/);
    expect(req?.headers['user-agent']).toBe(USER_AGENT);
    expect(req?.body).toBe('{"attachId":12,"ballot":{"3":[5,6]},"note":"a b&c"}');
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.json).toEqual({ result: { attach: { ID: 1 } }, time: {} });
    expect(exchange.response?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(exchange.request).toEqual({
      httpMethod: 'POST',
      url: `${base}/rest/1/***/vote.AttachedVote.recall`,
      method: 'vote.AttachedVote.recall',
      auth: 'webhook',
      encoding: 'json',
      params,
      contentType: 'application/json',
    });
    expect(exchange.attempts).toBe(1);
    expect(exchange.error).toBeUndefined();
  });

  it('form: POSTs PHP-bracket form-urlencoded', async () => {
    await transport().send({ method: 'vote.AttachedVote.get', params, auth: 'webhook', encoding: 'form', as: participant() });
    expect(received[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received[0]?.body).toBe('attachId=12&ballot[3][0]=5&ballot[3][1]=6&note=a%20b%26c');
  });

  it('multipart: POSTs one part per bracket key', async () => {
    const exchange = await transport().send({ method: 'vote.AttachedVote.get', params, auth: 'webhook', encoding: 'multipart', as: participant() });
    const contentType = received[0]?.headers['content-type'] ?? '';
    const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    expect(received[0]?.body).toBe(
      part('attachId', '12') + part('ballot[3][0]', '5') + part('ballot[3][1]', '6') + part('note', 'a b&c') + `--${boundary}--\r\n`,
    );
    expect(exchange.request.contentType).toBe('multipart/form-data');
  });

  it('query: GETs with the parameters in the query string and no body', async () => {
    const exchange = await transport().send({ method: 'vote.AttachedVote.get', params, auth: 'webhook', encoding: 'query', as: participant() });
    expect(received[0]?.method).toBe('GET');
    expect(received[0]?.url).toBe(`/rest/1/${WEBHOOK_SECRET}/vote.AttachedVote.get?attachId=12&ballot[3][0]=5&ballot[3][1]=6&note=a%20b%26c`);
    expect(received[0]?.body).toBe('');
    expect(received[0]?.headers['content-type']).toBeUndefined();
    expect(exchange.request.url).toBe(`${base}/rest/1/***/vote.AttachedVote.get?attachId=12&ballot[3][0]=5&ballot[3][1]=6&note=a%20b%26c`);
    expect(exchange.request.contentType).toBeUndefined();
  });
});

describe('oauth style', () => {
  it('json: auth travels in the body, to <oauthRestUrl><method>', async () => {
    const exchange = await transport().send({ method: 'vote.AttachedVote.recall', params: { attachId: 4 }, auth: 'oauth', encoding: 'json', as: participant() });
    expect(received[0]?.url).toBe('/rest/vote.AttachedVote.recall');
    expect(received[0]?.body).toBe(`{"attachId":4,"auth":"${OAUTH_TOKEN}"}`);
    expect(exchange.request.params).toEqual({ attachId: 4, auth: '***' });
    expect(JSON.stringify(exchange)).not.toContain(OAUTH_TOKEN);
  });

  it('form and multipart: auth is one more field of the body', async () => {
    const t = transport();
    await t.send({ method: 'm.form', params: { attachId: 4 }, auth: 'oauth', encoding: 'form', as: participant() });
    await t.send({ method: 'm.multi', params: { attachId: 4 }, auth: 'oauth', encoding: 'multipart', as: participant() });
    expect(received[0]?.body).toBe(`attachId=4&auth=${OAUTH_TOKEN}`);
    expect(received[1]?.body).toContain(`Content-Disposition: form-data; name="auth"\r\n\r\n${OAUTH_TOKEN}\r\n`);
  });

  it('query: auth travels in the query string and the recorded URL hides it', async () => {
    const exchange = await transport().send({ method: 'm.get', params: { attachId: 4 }, auth: 'oauth', encoding: 'query', as: participant() });
    expect(received[0]?.url).toBe(`/rest/m.get?attachId=4&auth=${OAUTH_TOKEN}`);
    expect(exchange.request.url).toBe(`${base}/rest/m.get?attachId=4&auth=***`);
  });

  it('refuses a call whose credentials cannot express the style, before sending', async () => {
    const t = transport();
    const noToken: Credentials = { role: 'covoter', webhookUrl: `${base}/rest/2/abcdefgh12/` };
    await expect(t.send({ method: 'm', params: {}, auth: 'oauth', encoding: 'json', as: noToken })).rejects.toThrow(/covoter has no OAuth token/);
    await expect(t.send({ method: 'm', params: { auth: 'x' }, auth: 'oauth', encoding: 'json', as: participant() })).rejects.toThrow(/remove "auth"/);
    await expect(t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: { role: 'outsider' } })).rejects.toThrow(/outsider has no webhook URL/);
    expect(t.requestCount()).toBe(0);
    expect(received).toHaveLength(0);
  });
});

describe('records', () => {
  it('masks secrets that the portal echoes back, and numbers exchanges per transport', async () => {
    replies.push(replyJson(401, { error: 'INVALID_CREDENTIALS', error_description: `bad token ${OAUTH_TOKEN} at /rest/1/${WEBHOOK_SECRET}/` }));
    const seen: Exchange[] = [];
    const t = transport({ onExchange: (e) => seen.push(e) });
    const first = await t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    const second = await t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    expect(first.response?.status).toBe(401);
    expect(first.response?.bodyText).toBe('{"error":"INVALID_CREDENTIALS","error_description":"bad token *** at /rest/1/***/"}');
    expect(first.response?.json).toEqual({ error: 'INVALID_CREDENTIALS', error_description: 'bad token *** at /rest/1/***/' });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(seen).toEqual([first, second]);
    expect(maskSecrets(WEBHOOK_SECRET)).toBe('***');
    expect(new Date(first.startedAt).toISOString()).toBe(first.startedAt);
  });

  it('keeps a non-JSON body as text without failing', async () => {
    replies.push((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    const exchange = await transport().send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    expect(exchange.response?.status).toBe(502);
    expect(exchange.response?.bodyText).toBe('<html>bad gateway</html>');
    expect(exchange.response?.json).toBeUndefined();
  });
});

describe('QUERY_LIMIT_EXCEEDED', () => {
  const throttled = replyJson(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });

  it('retries with backoff and records the final answer and the attempts', async () => {
    replies.push(throttled, throttled);
    const noted: string[] = [];
    const pacer: Pacer = { acquire: async () => void noted.push('acquire'), noteThrottled: () => void noted.push('throttled') };
    const t = transport({ pacer });
    const exchange = await t.send({ method: 'm', params: { a: 1 }, auth: 'webhook', encoding: 'form', as: participant() });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.attempts).toBe(3);
    expect(t.requestCount()).toBe(3);
    expect(received.map((r) => r.body)).toEqual(['a=1', 'a=1', 'a=1']);
    expect(noted).toEqual(['acquire', 'throttled', 'acquire', 'throttled', 'acquire']);
  });

  it('gives up after the configured attempts and records the 503', async () => {
    replies.push(throttled, throttled, throttled);
    const t = transport({ retry: { attempts: 2, baseDelayMs: 1 } });
    const exchange = await t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.attempts).toBe(2);
    expect(t.requestCount()).toBe(2);
  });

  it('does not retry any other 503, since the portal may have acted', async () => {
    replies.push(replyJson(503, { error: 'INTERNAL_SERVER_ERROR' }));
    const t = transport();
    const exchange = await t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.attempts).toBe(1);
    expect(received).toHaveLength(1);
  });
});

describe('failures without an answer', () => {
  it('records a timeout against a portal that accepts and never answers, and does not retry it', async () => {
    replies.push(() => undefined);
    const t = transport({ timeoutMs: 150 });
    const exchange = await t.send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as: participant() });
    expect(exchange.error).toBe('no answer within 150 ms');
    expect(exchange.response).toBeUndefined();
    expect(exchange.attempts).toBe(1);
    expect(t.requestCount()).toBe(1);
    await t.close();
  });

  it('records a timeout when the headers arrive but the body never ends', async () => {
    replies.push((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":');
    });
    const exchange = await transport({ timeoutMs: 150 }).send({ method: 'm', params: {}, auth: 'webhook', encoding: 'query', as: participant() });
    expect(exchange.error).toBe('no answer within 150 ms');
    expect(exchange.response).toBeUndefined();
  });

  it('records a refused connection', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const as: Credentials = { role: 'participant', webhookUrl: `http://127.0.0.1:${closedPort}/rest/1/${WEBHOOK_SECRET}/` };
    const exchange = await transport().send({ method: 'm', params: {}, auth: 'webhook', encoding: 'json', as });
    expect(exchange.error).toBe('connection refused (is the portal running?)');
    expect(exchange.request.url).toBe(`http://127.0.0.1:${closedPort}/rest/1/***/m`);
  });
});

it('paces every attempt through the pacer it was given', async () => {
  let acquired = 0;
  const t = transport({ pacer: { acquire: async () => void acquired++, noteThrottled: () => undefined } });
  for (const encoding of ['json', 'form', 'multipart', 'query'] as const) {
    await t.send({ method: 'm', params: {}, auth: 'webhook', encoding, as: participant() });
  }
  expect(acquired).toBe(4);
  expect(t.requestCount()).toBe(4);
  expect(received).toHaveLength(4);
});
