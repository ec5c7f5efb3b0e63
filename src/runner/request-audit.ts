/**
 * "Nothing hidden": every HTTP request the portal received must be one the suite saw in an
 * exchange. A transport or SDK that retries on its own, or sends requests of its own, shows
 * up here as a difference between the portal's count and the sum of the exchanges' attempts.
 */
import type { Exchange } from '../client/types';

export function requestsReported(exchanges: readonly Exchange[]): number {
  return exchanges.reduce((sum, exchange) => sum + exchange.attempts, 0);
}

/** A report error when the counts differ, else undefined. */
export function unseenRequestsError(received: number, exchanges: readonly Exchange[]): string | undefined {
  const reported = requestsReported(exchanges);
  if (received === reported) return undefined;
  if (received > reported) {
    return `the portal received ${received} requests, the transport reported ${reported}: something retried or sent requests the suite cannot see`;
  }
  return `the transport reported ${reported} requests, the portal received only ${received}: the transport counts attempts that never reached the portal`;
}
