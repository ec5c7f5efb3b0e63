// Loaded with NODE_OPTIONS=--import by the replay test: every TCP or TLS connection any process
// of the run opens is appended to the file B24_SOCKET_LOG names. Local IPC pipes are not counted.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.B24_SOCKET_LOG;
const connect = net.Socket.prototype.connect;

function describeTarget(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    if (first.path) return undefined;
    return `${first.host ?? 'localhost'}:${first.port}`;
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
}

net.Socket.prototype.connect = function connectWatched(...args) {
  const target = describeTarget(args);
  if (target && log) appendFileSync(log, `${JSON.stringify({ pid: process.pid, target })}\n`);
  return connect.apply(this, args);
};
