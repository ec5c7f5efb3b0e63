/**
 * Deletes polls a run created and did not delete (a crash, an interrupt, a failed cleanup),
 * from the ledgers under reports/.run/. Only polls listed in a ledger are ever touched.
 */
import type { RunFiles } from './run-files';
import { loadLiveConfig } from '../targets/env';
import { createLiveTarget } from '../targets/live';
import { createUndiciTransport } from '../client/undici-transport';
import { LeakyBucketPacer } from '../client/pacer';

export async function sweepLedger(files: RunFiles, env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const pending = files.readLedger().filter((e) => !e.deleted);
  if (pending.length === 0) return 0;
  const config = loadLiveConfig(env);
  const target = createLiveTarget(config);
  const transport = createUndiciTransport({ ca: target.ca, timeoutMs: config.timeoutMs, pacer: new LeakyBucketPacer(config.rate) });
  let deleted = 0;
  try {
    for (const entry of pending) {
      const exchange = await transport.send({ method: 'im.message.delete', params: { MESSAGE_ID: entry.messageId }, auth: 'webhook', encoding: 'json', as: target.participant });
      if (exchange.response?.status === 200) {
        files.markDeleted(entry.messageId);
        deleted++;
      } else {
        print(`janitor: could not delete poll message ${entry.messageId}: ${exchange.response ? `HTTP ${exchange.response.status}` : exchange.error}`);
      }
    }
  } finally {
    await transport.close();
  }
  print(`janitor: deleted ${deleted} poll(s) left behind`);
  return deleted;
}
