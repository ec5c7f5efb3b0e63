import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseWebhookUrl, webhookSecret } from './webhook-url';

describe('parseWebhookUrl', () => {
  it('splits a webhook URL into origin, user id and secret', () => {
    expect(parseWebhookUrl('https://b24.example.com/rest/15/abcDEF123/')).toEqual({
      ok: true,
      value: {
        url: 'https://b24.example.com/rest/15/abcDEF123/',
        origin: 'https://b24.example.com',
        protocol: 'https:',
        hostname: 'b24.example.com',
        userId: 15,
        secret: 'abcDEF123',
      },
    });
  });

  it('describes a bad URL without repeating it', () => {
    const parsed = parseWebhookUrl('https://b24.example.com/rest/0/abcDEF123/');
    expect(parsed).toEqual({ ok: false, problem: 'got a user id that is not a positive number' });
  });

  it('gives the secret only for well-formed URLs', () => {
    expect(webhookSecret('http://127.0.0.1:9/rest/1/s3cretValue')).toBe('s3cretValue');
    expect(webhookSecret('http://127.0.0.1:9/rest/1/')).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['http://127.0.0.1/', true],
    ['http://127.1/', true],
    ['http://localhost/', true],
    ['http://LOCALHOST./', true],
    ['http://[::1]/', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://[::ffff:10.0.0.1]/', false],
    ['http://126.255.255.255/', false],
    ['http://0.0.0.0/', false],
    ['http://127.0.0.1.nip.io/', false],
    ['http://my-localhost/', false],
  ])('%s → %s', (url, loopback) => {
    expect(isLoopbackHost(new URL(url).hostname)).toBe(loopback);
  });
});
