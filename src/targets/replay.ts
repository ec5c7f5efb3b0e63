/**
 * The replay target: the suite runs against recordings (fixtures/, or B24_FIXTURES_DIR) through
 * an undici dispatcher that answers every request itself. It has no connection pool and never
 * opens a socket; a request the recordings do not hold fails, naming the entry and the command
 * that records it.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dispatcher } from 'undici';
import type { TestKey } from '../run-files';
import { RUN_DIR_VAR } from '../run-files';
import { readFixtureDir } from '../recordings/format';
import { ReplaySession } from '../recordings/replay-session';
import { paramsOfDispatchedBody, paramsOfQuery } from '../recordings/wire';
import { loadLiveConfig } from './env';
import { createLiveTarget } from './live';
import type { Target } from './types';
import { ReplayMiss } from '../errors';
import { fakeSecrets, fixturesDir, REPLAY_MISSES_FILE, REPLAY_ORIGIN, REPLAY_USED_FILE } from '../recordings/replay-env';

type RawHandler = {
  onConnect?: (abort: (error?: Error) => void, context?: unknown) => void;
  onHeaders?: (status: number, headers: Buffer[], resume: () => void, statusText: string) => boolean;
  onData?: (chunk: Buffer) => boolean;
  onComplete?: (trailers: Buffer[]) => void;
  onError?: (error: Error) => void;
};

/** A dispatcher that answers from a replay session and has nothing that could connect. */
export class ReplayDispatcher extends Dispatcher {
  constructor(
    private readonly session: ReplaySession,
    private readonly currentTest: () => TestKey,
    private readonly onMiss: (miss: ReplayMiss) => void = () => {},
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const raw = handler as RawHandler;
    let aborted = false;
    raw.onConnect?.((error) => {
      aborted = true;
      if (error) raw.onError?.(error);
    });
    const key = this.currentTest();
    void (async () => {
      try {
        const url = `${String(options.origin ?? REPLAY_ORIGIN)}${options.path}`;
        const contentType = headerValue(options.headers, 'content-type');
        const params = options.method === 'GET' ? paramsOfQuery(url) : await paramsOfDispatchedBody(contentType, options.body);
        if (aborted) return;
        const answer = this.session.answer(key, { httpMethod: options.method, url, params });
        const rawHeaders: Buffer[] = [];
        for (const [name, value] of Object.entries(answer.headers)) rawHeaders.push(Buffer.from(name), Buffer.from(value));
        raw.onHeaders?.(answer.status, rawHeaders, () => {}, '');
        raw.onData?.(Buffer.from(answer.body));
        raw.onComplete?.([]);
      } catch (error) {
        if (error instanceof ReplayMiss) this.onMiss(error);
        raw.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    })();
    return true;
  }

  override async close(): Promise<void> {}
  override async destroy(): Promise<void> {}
}

function headerValue(headers: Dispatcher.DispatchOptions['headers'], wanted: string): string | undefined {
  if (!headers) return undefined;
  const pairs: [string, unknown][] = Array.isArray(headers)
    ? Array.from({ length: Math.floor(headers.length / 2) }, (_, i) => [String(headers[2 * i]), headers[2 * i + 1]])
    : Symbol.iterator in headers && !(headers.constructor === Object)
      ? [...(headers as Iterable<[string, unknown]>)]
      : Object.entries(headers as Record<string, unknown>);
  const found = pairs.find(([name]) => name.toLowerCase() === wanted);
  return found === undefined ? undefined : String(found[1]);
}

export interface ReplayTargetOptions {
  /** The running case; specs/support supplies it. */
  currentTest: () => TestKey;
  /** Folder of the fixtures; default from B24_FIXTURES_DIR. */
  dir?: string;
}

/** Opens the replay target inside a worker: the runner has put the synthesised variables in `env`. */
export function createReplayTarget(env: NodeJS.ProcessEnv, options: ReplayTargetOptions): Target {
  const dir = options.dir ?? fixturesDir(env, process.cwd());
  const fixtures = readFixtureDir(dir);
  const target = createLiveTarget(loadLiveConfig(env), { kind: 'replay' });
  const runDir = env[RUN_DIR_VAR];
  const log = (file: string, line: unknown) => {
    if (runDir) appendFileSync(join(runDir, file), `${JSON.stringify(line)}\n`);
  };
  const session = new ReplaySession(fixtures, { origin: target.origin, secrets: fakeSecrets(), onUse: (used) => log(REPLAY_USED_FILE, used) });
  const dispatcher = new ReplayDispatcher(session, options.currentTest, (miss) => log(REPLAY_MISSES_FILE, { message: miss.message }));
  target.dispatcher = dispatcher;
  return target;
}
