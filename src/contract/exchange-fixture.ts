/** A hand-built recall exchange for unit tests of invariants, observations and reports. */
import type { Exchange } from '../client/types';

export function recallExchange(status: number, json: unknown): Exchange {
  return {
    seq: 1,
    request: { httpMethod: 'POST', url: 'http://127.0.0.1/rest/1/***/vote.AttachedVote.recall', method: 'vote.AttachedVote.recall', auth: 'webhook', encoding: 'json', params: {} },
    response: { status, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(json), json },
    startedAt: '2026-01-01T00:00:00Z', durationMs: 1, attempts: 1,
  };
}

/** An error envelope answer. */
export function refusalExchange(status: number, error: string, description: string): Exchange {
  return recallExchange(status, { error, error_description: description });
}
