import { describe, expect, test } from 'vitest';
import { CALL_CELLS, CALL_STYLES, chooseEncoding } from './call-styles';
import type { AuthStyle, Encoding, Transport } from './types';

/** A transport that speaks exactly these auth/encoding pairs. */
function speaking(pairs: `${AuthStyle}/${Encoding}`[]): Pick<Transport, 'supports'> {
  return { supports: ({ auth, encoding }) => pairs.includes(`${auth}/${encoding}`) || `no ${auth}/${encoding} here` };
}

describe('the call-style matrix', () => {
  test('is the six cells of identifier mode x auth style, and their preferred encodings cover all four', () => {
    expect(CALL_CELLS.map((c) => c.name)).toEqual(['attach/webhook', 'attach/oauth', 'entity/webhook', 'entity/oauth', 'signed/webhook', 'signed/oauth']);
    // The spread the committed recordings were made with.
    expect(CALL_STYLES.map((s) => s.name)).toEqual([
      'attach/webhook/json', 'attach/oauth/form', 'entity/webhook/multipart', 'entity/oauth/json', 'signed/webhook/json', 'signed/oauth/query',
    ]);
  });
});

describe('chooseEncoding', () => {
  test('takes the preferred encoding when the transport speaks it', () => {
    expect(chooseEncoding(speaking(['oauth/form', 'oauth/json']), 'oauth', ['form'])).toEqual({ encoding: 'form' });
  });

  test('otherwise the next preference, then the first encoding the transport speaks at all', () => {
    expect(chooseEncoding(speaking(['webhook/multipart', 'webhook/json']), 'webhook', ['form', 'json'])).toEqual({ encoding: 'json' });
    expect(chooseEncoding(speaking(['webhook/query']), 'webhook', ['json'])).toEqual({ encoding: 'query' });
    expect(chooseEncoding(speaking(['webhook/multipart', 'webhook/query']), 'webhook', ['form'])).toEqual({ encoding: 'multipart' });
  });

  test('never an encoding the transport refused for that auth style', () => {
    expect(chooseEncoding(speaking(['webhook/json', 'oauth/query']), 'oauth', ['json'])).toEqual({ encoding: 'query' });
  });

  test('an auth style the transport speaks in no encoding gives the reason, each refusal once', () => {
    const refusesOauth: Pick<Transport, 'supports'> = { supports: ({ auth }) => auth === 'webhook' || 'no OAuth in this SDK' };
    expect(chooseEncoding(refusesOauth, 'oauth', ['json'])).toEqual({ reason: 'the transport cannot send an OAuth call in any encoding (no OAuth in this SDK)' });
  });
});
