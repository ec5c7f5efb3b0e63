/**
 * A transport for a client that POSTs every call as application/x-www-form-urlencoded, nested
 * parameters in PHP brackets (`ballot[12][0]=5`), the way PHP's http_build_query writes them.
 * Built on undici's `request`. It says no to JSON, multipart and GET, and every case is judged
 * in form encoding.
 * Use it with: B24_TRANSPORT=./examples/adapters/post-form.ts npm run conformance
 */
import { Agent, request } from 'undici';
import type { AdapterOptions } from '../../src/client/adapter';
import { toUrlEncoded } from '../../src/client/encode';
import { maskSecrets } from '../../src/client/secrets';
import type { Exchange, RestCall, Transport } from '../../src/client/types';

export function createTransport({ ca, timeoutMs, onLog }: AdapterOptions): Transport {
  // Trusts the portal's CA on this dispatcher only.
  const dispatcher = new Agent({ connect: ca === undefined ? {} : { ca }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  let requests = 0;
  let seq = 0;

  return {
    name: 'undici-form',
    supports: (call) => call.encoding === 'form' || `this client only POSTs form-urlencoded bodies, not ${call.encoding}`,
    requestCount: () => requests,
    close: () => dispatcher.close(),
    async send(call: RestCall) {
      // Asked for an encoding supports() refused: say so rather than send something else under its name.
      if (call.encoding !== 'form') throw new Error(`undici-form was asked for a ${call.encoding} call, which supports() refused`);
      // An OAuth token travels as the `auth` parameter; a webhook's secret is in the URL path.
      const base = call.auth === 'webhook' ? call.as.webhookUrl : call.as.oauthRestUrl;
      if (!base) throw new Error(`the ${call.as.role} has no ${call.auth} credentials`);
      const url = `${base}${call.method}`;
      const params = call.auth === 'oauth' ? { ...call.params, auth: call.as.oauthToken } : call.params;
      const contentType = 'application/x-www-form-urlencoded';
      const started = Date.now();
      const exchange: Exchange = {
        seq: ++seq,
        request: { httpMethod: 'POST', url: maskSecrets(url), method: call.method, auth: call.auth, encoding: 'form', params: call.auth === 'oauth' ? { ...call.params, auth: '***' } : call.params, contentType },
        startedAt: new Date(started).toISOString(),
        durationMs: 0,
        attempts: 1,
      };
      requests += 1;
      try {
        const answer = await request(url, { method: 'POST', dispatcher, body: toUrlEncoded(params), headers: { 'content-type': contentType } });
        const bodyText = maskSecrets(await answer.body.text());
        const headers = Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name, String(value)]));
        exchange.response = { status: answer.statusCode, headers, bodyText };
        try {
          exchange.response.json = JSON.parse(bodyText);
        } catch {
          // Not JSON: the suite judges the raw body.
        }
      } catch (error) {
        exchange.error = maskSecrets(error instanceof Error ? error.message : String(error));
        onLog(`${call.method} failed: ${exchange.error}`);
      }
      exchange.durationMs = Date.now() - started;
      return exchange;
    },
  };
}
