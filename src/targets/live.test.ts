import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LiveConfig } from './env';
import { createLiveTarget } from './live';
import { ConfigError } from '../errors';

const base: LiveConfig = {
  webhookUrl: 'https://portal.example.com/rest/7/liveSecret01/',
  origin: 'https://portal.example.com',
  chatId: 42,
  oauthRestUrl: 'https://portal.example.com/rest/',
  allowInsecure: false,
  timeoutMs: 10000,
  rate: { burst: 50, drainPerSecond: 2 },
  retryBaseMs: 1000,
};

describe('createLiveTarget', () => {
  it('offers only the participant, and names the variable for each absent identity', () => {
    const target = createLiveTarget(base);
    expect(target.kind).toBe('live');
    expect(target.origin).toBe('https://portal.example.com');
    expect(target.chatId).toBe(42);
    expect(target.participant).toEqual({ role: 'participant', webhookUrl: 'https://portal.example.com/rest/7/liveSecret01/' });
    expect(target.covoter).toBeUndefined();
    expect(target.outsider).toBeUndefined();
    expect(target.missing).toEqual({
      covoter: 'B24_COVOTER_WEBHOOK_URL',
      outsider: 'B24_OUTSIDER_WEBHOOK_URL',
      oauth: 'B24_OAUTH_TOKEN',
    });
    expect(target.ca).toBeUndefined();
  });

  it('offers every identity it was given and reads the CA file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-target-'));
    const caFile = join(dir, 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(caFile, pem);
    let closed = false;
    const target = createLiveTarget(
      {
        ...base,
        oauthToken: 'liveToken01',
        covoterWebhookUrl: 'https://portal.example.com/rest/8/covSecret01/',
        outsiderWebhookUrl: 'https://portal.example.com/rest/9/outSecret01/',
        caFile,
      },
      { kind: 'reference', close: async () => void (closed = true) },
    );
    expect(target.kind).toBe('reference');
    expect(target.participant).toEqual({
      role: 'participant',
      webhookUrl: 'https://portal.example.com/rest/7/liveSecret01/',
      oauthToken: 'liveToken01',
      oauthRestUrl: 'https://portal.example.com/rest/',
    });
    expect(target.covoter).toEqual({ role: 'covoter', webhookUrl: 'https://portal.example.com/rest/8/covSecret01/' });
    expect(target.outsider).toEqual({ role: 'outsider', webhookUrl: 'https://portal.example.com/rest/9/outSecret01/' });
    expect(target.missing).toEqual({});
    expect(target.ca).toBe(pem);
    await target.close();
    expect(closed).toBe(true);
  });

  it('refuses an unreadable or non-PEM CA file with a ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-target-'));
    const missingFile = join(dir, 'absent.pem');
    expect(() => createLiveTarget({ ...base, caFile: missingFile })).toThrow(new ConfigError([`B24_CA_FILE names ${missingFile}, which cannot be read (ENOENT)`]));
    const notPem = join(dir, 'ca.txt');
    writeFileSync(notPem, 'hello');
    expect(() => createLiveTarget({ ...base, caFile: notPem })).toThrow(/which holds no PEM certificate/);
  });
});
