import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkReachable } from './reachability';
import { UnreachableError } from '../errors';

let open: Server;
const sockets = new Set<import('node:net').Socket>();
let openPort = 0;
let closedPort = 0;

beforeAll(async () => {
  open = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.end();
  });
  await new Promise<void>((r) => open.listen(0, '127.0.0.1', r));
  openPort = (open.address() as { port: number }).port;
  // A port that was free a moment ago and has nobody listening now.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((r) => open.close(() => r()));
});

describe('checkReachable', () => {
  test('passes when something accepts the connection', async () => {
    await expect(checkReachable(`http://127.0.0.1:${openPort}`, { timeoutMs: 2000 })).resolves.toBeUndefined();
  });

  test('names the portal and the reason when nothing listens', async () => {
    const error = await checkReachable(`http://127.0.0.1:${closedPort}`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe(`cannot reach http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
  });

  test('a TLS handshake with a server that does not speak TLS fails', async () => {
    const error = await checkReachable(`https://127.0.0.1:${openPort}`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
  });
});
