import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from './types';
import { createUndiciTransport } from './undici-transport';

// A self-signed certificate for 127.0.0.1, made for this test only (its key protects nothing).
const KEY = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvz+OQbow1SGbZGfv
B1DW+mqi4UjjepNjkEgGdnCc/8+hRANCAATVvk52g++iVzo7SkWRD++XeCDRn1L4
mNaBgHHSqcOfhZ1wQ0zqvtu7rEQr/oaVLjMPpPcHeaQOZ2e46xxAnZsd
-----END PRIVATE KEY-----
`;
const CERT = `
-----BEGIN CERTIFICATE-----
MIIBtDCCAVqgAwIBAgIUCZ4uRid7cx7xAQm1lsLvJC4wfKgwCgYIKoZIzj0EAwIw
JjEkMCIGA1UEAwwbYjI0LXJlY2FsbC1jb25mb3JtYW5jZSB0ZXN0MCAXDTI2MTEy
OTAzMjgxMFoYDzIxMjYxMTA1MDMyODEwWjAmMSQwIgYDVQQDDBtiMjQtcmVjYWxs
LWNvbmZvcm1hbmNlIHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATVvk52
g++iVzo7SkWRD++XeCDRn1L4mNaBgHHSqcOfhZ1wQ0zqvtu7rEQr/oaVLjMPpPcH
eaQOZ2e46xxAnZsdo2QwYjAdBgNVHQ4EFgQUXGk3kxxzgHjOiZXJdCTXFniStYYw
HwYDVR0jBBgwFoAUXGk3kxxzgHjOiZXJdCTXFniStYYwDwYDVR0TAQH/BAUwAwEB
/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUCIExYf+i5voi4E/q5
2+idZOvbNJ7EjIyPPbj2rY78UsTSAiEAuVKdMf6JBKDfOnw1BEf1RrxJY7k4VTpD
xrPO7I68BTw=
-----END CERTIFICATE-----
`;

let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  server = createServer({ key: KEY, cert: CERT }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"result":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/rest/1/tlsSecret123/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('TLS trust', () => {
  const call = (as: Credentials) => ({ method: 'm', params: {}, auth: 'webhook' as const, encoding: 'json' as const, as });

  it('trusts the given CA for this transport only', async () => {
    const trusting = createUndiciTransport({ ca: CERT, pacer: false });
    const plain = createUndiciTransport({ pacer: false });
    try {
      const trusted = await trusting.send(call({ role: 'participant', webhookUrl }));
      expect(trusted.response?.status).toBe(200);
      const refused = await plain.send(call({ role: 'participant', webhookUrl }));
      expect(refused.response).toBeUndefined();
      expect(refused.error).toMatch(/^the portal's TLS certificate is not trusted \([A-Z_]+\); set B24_CA_FILE/);
    } finally {
      await trusting.close();
      await plain.close();
    }
  });
});
