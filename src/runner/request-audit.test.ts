import { describe, expect, test } from 'vitest';
import type { Exchange } from '../client/types';
import { requestsReported, unseenRequestsError } from './request-audit';

function exchange(seq: number, attempts: number): Exchange {
  return {
    seq,
    request: { httpMethod: 'POST', url: 'https://127.0.0.1/rest/vote.AttachedVote.recall', method: 'vote.AttachedVote.recall', auth: 'webhook', encoding: 'json', params: {} },
    response: { status: 200, headers: {}, bodyText: '{}' },
    startedAt: '2026-11-29T00:00:00.000Z',
    durationMs: 1,
    attempts,
  };
}

describe('requests the portal received against those the exchanges show', () => {
  const exchanges = [exchange(1, 1), exchange(2, 3), exchange(3, 1)];

  test('retries count: each exchange contributes its attempts', () => {
    expect(requestsReported(exchanges)).toBe(5);
    expect(requestsReported([])).toBe(0);
  });

  test('equal counts are no error', () => {
    expect(unseenRequestsError(5, exchanges)).toBeUndefined();
    expect(unseenRequestsError(0, [])).toBeUndefined();
  });

  test('more requests at the portal than in the exchanges are hidden requests', () => {
    expect(unseenRequestsError(6, exchanges)).toBe(
      'the portal received 6 requests, the transport reported 5: something retried or sent requests the suite cannot see',
    );
  });

  test('fewer requests at the portal than reported is an error too', () => {
    expect(unseenRequestsError(4, exchanges)).toBe(
      'the transport reported 5 requests, the portal received only 4: the transport counts attempts that never reached the portal',
    );
  });
});
