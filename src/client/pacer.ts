/**
 * Client-side pacing that mirrors the portal's request limit (limits.md): every request adds one
 * to a counter, the counter falls by DRAIN each second, and a request that finds the counter over
 * BURST is refused with 503 QUERY_LIMIT_EXCEEDED. Waiting here keeps the suite from ever
 * reaching that point, so it does not eat into a production portal's shared budget.
 *
 * The portal drains in whole-second steps at a moment the client cannot see, so it can be up to
 * one step behind a smoothly draining client. The pacer therefore keeps `ceil(DRAIN)` requests of
 * headroom below BURST (never fewer than one usable slot).
 */
import { RateConfigError } from '../errors';

export interface RateConfig {
  /** Requests the portal accepts in a burst (X in limits.md). */
  burst: number;
  /** Requests per second the counter drains by (Y in limits.md). */
  drainPerSecond: number;
}

/** The limits of every plan below Enterprise. */
export const DEFAULT_RATE: RateConfig = Object.freeze({ burst: 50, drainPerSecond: 2 });

/** Parses `B24_RATE`, `BURST,DRAIN` (for example `50,2` or `250,5`). Unset or empty → the default. */
export function parseRate(text: string | undefined): RateConfig {
  if (text === undefined || text.trim() === '') return { ...DEFAULT_RATE };
  const parts = text.split(',').map((part) => part.trim());
  const shape = `B24_RATE must be BURST,DRAIN, for example 50,2 (a burst of 50 requests, draining 2 per second)`;
  if (parts.length !== 2) throw new RateConfigError(`${shape}; got ${quote(text)}`);
  const [burstText = '', drainText = ''] = parts;
  if (!/^\d+$/.test(burstText) || Number(burstText) < 1) {
    throw new RateConfigError(`${shape}; BURST must be a whole number of at least 1, got ${quote(burstText)}`);
  }
  if (!/^\d+(\.\d+)?$/.test(drainText) || Number(drainText) <= 0) {
    throw new RateConfigError(`${shape}; DRAIN must be a number above 0, got ${quote(drainText)}`);
  }
  return { burst: Number(burstText), drainPerSecond: Number(drainText) };
}

function quote(text: string): string {
  return text.length <= 24 ? JSON.stringify(text) : `a value of ${text.length} characters`;
}


/** Time as the pacer sees it; tests pass a fake one. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What a transport needs from a pacer. */
export interface Pacer {
  /** Resolves when one more request may be sent, and counts it. Concurrent callers queue in order. */
  acquire(): Promise<void>;
  /** The portal answered QUERY_LIMIT_EXCEEDED: its bucket is full, whatever the pacer believed. */
  noteThrottled(): void;
}

export interface LeakyBucketOptions {
  /** Slots kept free below BURST; defaults to `ceil(drainPerSecond)` (see the file comment). */
  headroom?: number;
}

export class LeakyBucketPacer implements Pacer {
  /** The most requests the pacer lets the bucket hold. */
  readonly capacity: number;
  private level = 0;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly rate: RateConfig = DEFAULT_RATE,
    private readonly clock: Clock = realClock,
    options: LeakyBucketOptions = {},
  ) {
    if (!(rate.burst >= 1) || !(rate.drainPerSecond > 0)) {
      throw new RateConfigError(`a rate needs a burst of at least 1 and a drain above 0`);
    }
    const headroom = options.headroom ?? Math.ceil(rate.drainPerSecond);
    this.capacity = Math.max(1, rate.burst - headroom);
    this.updatedAt = clock.now();
  }

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  noteThrottled(): void {
    this.drain();
    this.level = Math.max(this.level, this.capacity);
  }

  private async take(): Promise<void> {
    for (;;) {
      this.drain();
      const excess = this.level + 1 - this.capacity;
      if (excess <= 1e-9) {
        this.level += 1;
        return;
      }
      await this.clock.sleep(Math.ceil((excess / this.rate.drainPerSecond) * 1000));
    }
  }

  private drain(): void {
    const now = this.clock.now();
    const drained = ((now - this.updatedAt) / 1000) * this.rate.drainPerSecond;
    this.level = Math.max(0, this.level - drained);
    this.updatedAt = now;
  }
}
