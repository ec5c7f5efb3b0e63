/**
 * Can the portal be reached at all? One TCP (and, for https, TLS) handshake before a live run,
 * so an unreachable portal or an untrusted certificate is one clear message instead of a hundred
 * identical failures. It sends no HTTP request, so the portal's request budget is untouched.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { UnreachableError } from '../errors';


export async function checkReachable(origin: string, options: { ca?: string; timeoutMs: number }): Promise<void> {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket: Socket = secure
      ? tlsConnect({ host, port, servername: isIp(host) ? undefined : host, ca: options.ca }, done)
      : tcpConnect({ host, port }, done);
    const timer = setTimeout(() => fail(new Error(`no connection within ${options.timeoutMs} ms`)), options.timeoutMs);
    socket.once('error', fail);
    function done() {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    }
    function fail(error: Error & { code?: string }) {
      clearTimeout(timer);
      socket.destroy();
      const reason = error.code ?? error.message;
      const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(reason) ? '; if the portal uses its own certificate authority, set B24_CA_FILE' : '';
      reject(new UnreachableError(`cannot reach ${url.origin} (${reason})${hint}`));
    }
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
