import { describe, expect, it } from 'vitest';
import { MASK, maskDeep, maskGivenSecrets, maskSecrets, registerSecret } from './secrets';

describe('the secret registry', () => {
  it('masks a registered secret wherever it appears', () => {
    registerSecret('k9w2p7x4q1z8');
    expect(maskSecrets('https://p.example/rest/1/k9w2p7x4q1z8/vote.AttachedVote.recall k9w2p7x4q1z8')).toBe(
      'https://p.example/rest/1/***/vote.AttachedVote.recall ***',
    );
  });

  it('masks the URL-encoded, form-encoded and JSON-escaped spellings too', () => {
    registerSecret('to/ken+with space"q');
    expect(maskSecrets('a=to%2Fken%2Bwith%20space%22q')).toBe('a=***');
    expect(maskSecrets('auth=to%2Fken%2Bwith+space%22q')).toBe('auth=***');
    expect(maskSecrets('{"auth":"to/ken+with space\\"q"}')).toBe('{"auth":"***"}');
  });

  it('ignores empty and very short values, which would wreck every report', () => {
    expect(registerSecret('')).toBe(false);
    expect(registerSecret('12')).toBe(false);
    expect(registerSecret(undefined)).toBe(false);
    expect(maskSecrets('12 apples')).toBe('12 apples');
  });

  it('leaves text without secrets alone', () => {
    expect(maskSecrets('nothing to see')).toBe('nothing to see');
  });
});

describe('maskDeep', () => {
  it('returns a masked deep copy and leaves the original untouched', () => {
    registerSecret('deepSecret77');
    const original = { url: 'x/deepSecret77/', nested: [{ note: 'deepSecret77!' }], n: 5, ok: true, none: null };
    const copy = maskDeep(original);
    expect(copy).toEqual({ url: 'x/***/', nested: [{ note: '***!' }], n: 5, ok: true, none: null });
    expect(original.nested[0]?.note).toBe('deepSecret77!');
    expect(copy.nested).not.toBe(original.nested);
  });

  it('masks any auth value, registered or not, at any depth', () => {
    expect(maskDeep({ auth: 'never-registered-token', inner: { auth: 12345 }, authority: 'kept' })).toEqual({
      auth: MASK,
      inner: { auth: MASK },
      authority: 'kept',
    });
  });

  it('copies cycles without looping', () => {
    const node: Record<string, unknown> = { name: 'n' };
    node.self = node;
    const copy = maskDeep(node);
    expect(copy.self).toBe(copy);
  });
});

describe('masking secrets given for one text', () => {
  it('masks each given secret raw, URL-encoded, form-encoded and JSON-escaped, and registers none', () => {
    const secret = 'g1v en/s"cret';
    const text = [secret, encodeURIComponent(secret), 'g1v+en%2Fs%22cret', 'g1v en/s\\"cret'].join(' | ');
    expect(maskGivenSecrets(text, [secret])).toBe('*** | *** | *** | ***');
    expect(maskSecrets(secret)).toBe(secret);
  });

  it('leaves values shorter than the minimum secret length alone', () => {
    expect(maskGivenSecrets('id 12345 and 123456', ['12345', '123456'])).toBe('id 12345 and ***');
  });
});
