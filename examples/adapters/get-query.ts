/**
 * A transport for a client that sends every call as a GET, its parameters in the query string
 * with PHP brackets (`?attachId=5&ballot[12][0]=7`), like many third-party Bitrix24 clients.
 * Built on undici's `fetch`. It says no to every body encoding, and every case is judged with
 * GET query strings; the portal sees no other kind of request.
 * Use it with: B24_TRANSPORT=./examples/adapters/get-query.ts npm run conformance
 */
import { Agent, fetch } from 'undici';
import type { AdapterOptions } from '../../src/client/adapter';
import { toUrlEncoded } from '../../src/client/encode';
import { maskSecrets } from '../../src/client/secrets';
import type { Exchange, ExchangeResponse, RestCall, Transport } from '../../src/client/types';

/** `<base><method>?<query>`; an OAuth token goes in the query as `auth`. */
function urlOf(call: RestCall, token: string | undefined): string {
  const base = call.auth === 'webhook' ? call.as.webhookUrl : call.as.oauthRestUrl;
  if (!base) throw new Error(`the ${call.as.role} has no ${call.auth} credentials`);
  const query = toUrlEncoded(call.auth === 'oauth' ? { ...call.params, auth: token } : call.params);
  return `${base}${call.method}${query ? `?${query}` : ''}`;
}

export function createTransport({ ca, timeoutMs, onLog }: AdapterOptions): Transport {
  // Trusts the portal's CA on this dispatcher only.
  const dispatcher = new Agent({ connect: ca === undefined ? {} : { ca } });
  let requests = 0;
  let seq = 0;

  async function get(url: string): Promise<ExchangeResponse> {
    const answer = await fetch(url, { dispatcher, signal: AbortSignal.timeout(timeoutMs) });
    const bodyText = maskSecrets(await answer.text());
    const response: ExchangeResponse = { status: answer.status, headers: Object.fromEntries(answer.headers), bodyText };
    try {
      response.json = JSON.parse(bodyText);
    } catch {
      // Not JSON: the suite judges the raw body.
    }
    return response;
  }

  return {
    name: 'undici-get-query',
    supports: (call) => call.encoding === 'query' || `this client only sends GET query strings, not ${call.encoding} bodies`,
    requestCount: () => requests,
    close: () => dispatcher.close(),
    async send(call) {
      // Asked for an encoding supports() refused: say so rather than send something else under its name.
      if (call.encoding !== 'query') throw new Error(`undici-get-query was asked for a ${call.encoding} call, which supports() refused`);
      const started = Date.now();
      const exchange: Exchange = {
        seq: ++seq,
        request: {
          httpMethod: 'GET',
          // Built again with the token masked: the record never holds a secret, registered or not.
          url: maskSecrets(urlOf(call, '***')),
          method: call.method,
          auth: call.auth,
          encoding: 'query',
          params: call.auth === 'oauth' ? { ...call.params, auth: '***' } : call.params,
        },
        startedAt: new Date(started).toISOString(),
        durationMs: 0,
        attempts: 1,
      };
      requests += 1;
      try {
        exchange.response = await get(urlOf(call, call.as.oauthToken));
      } catch (error) {
        exchange.error = maskSecrets(error instanceof Error ? error.message : String(error));
        onLog(`${call.method} failed: ${exchange.error}`);
      }
      exchange.durationMs = Date.now() - started;
      return exchange;
    },
  };
}
