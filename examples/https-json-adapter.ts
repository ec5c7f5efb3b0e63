/**
 * A transport for a client that can only POST JSON, built on node:https.
 * Use it with: B24_TRANSPORT=./examples/https-json-adapter.ts npm run conformance
 */
import { Agent, request } from 'node:https';
import type { AdapterOptions } from '../src/client/adapter';
import { maskSecrets } from '../src/client/secrets';
import type { Exchange, ExchangeResponse, RestCall, Transport } from '../src/client/types';

export function createTransport({ ca, timeoutMs, onLog }: AdapterOptions): Transport {
  // The portal's CA is trusted by this agent only: never process-wide, never rejectUnauthorized: false.
  const agent = new Agent({ ca, keepAlive: true });
  let requests = 0;
  let seq = 0;

  return {
    name: 'https-json',
    supports: (call) => call.encoding === 'json' || `this client only sends JSON bodies, not ${call.encoding}`,
    requestCount: () => requests,
    close: async () => agent.destroy(),
    async send(call) {
      const url = endpoint(call);
      const params = call.auth === 'oauth' ? { ...call.params, auth: call.as.oauthToken } : call.params;
      const started = Date.now();
      const exchange: Exchange = {
        seq: ++seq,
        request: {
          httpMethod: 'POST', url: maskSecrets(url), method: call.method, auth: call.auth, encoding: 'json',
          params: call.auth === 'oauth' ? { ...call.params, auth: '***' } : call.params,
          contentType: 'application/json',
        },
        startedAt: new Date(started).toISOString(),
        durationMs: 0,
        attempts: 1, // one request per call: no retries, so the portal's count matches
      };
      requests += 1;
      try {
        exchange.response = await post(url, JSON.stringify(params), agent, timeoutMs);
      } catch (error) {
        exchange.error = error instanceof Error ? error.message : String(error);
        onLog(`${call.method} failed: ${exchange.error}`);
      }
      exchange.durationMs = Date.now() - started;
      return exchange;
    },
  };
}

function endpoint(call: RestCall): string {
  const base = call.auth === 'webhook' ? call.as.webhookUrl : call.as.oauthRestUrl;
  if (!base) throw new Error(`the ${call.as.role} has no ${call.auth} credentials`);
  return `${base}${call.method}`;
}

function post(url: string, body: string, agent: Agent, timeoutMs: number): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, timeout: timeoutMs, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const bodyText = maskSecrets(Buffer.concat(chunks).toString('utf8'));
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = String(value);
        let json: unknown;
        try { json = JSON.parse(bodyText); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers, bodyText, ...(json === undefined ? {} : { json }) });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
