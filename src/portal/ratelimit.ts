import { PortalOptionError } from '../errors';
export interface RateLimitOptions {
  /** Requests a key may make at once before it is refused (`X` in limits.md). */
  burst: number;
  /** How much the counter drains each second (`Y` in limits.md). */
  drainPerSecond: number;
}

/**
 * The leaky bucket of limits.md: each request adds one to a key's counter, the counter drains at
 * a fixed rate, and a request that would take the counter past the threshold is refused.
 */
export class LeakyBucket {
  private readonly levels = new Map<string, { level: number; at: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.burst >= 1) || !(options.drainPerSecond > 0)) {
      throw new PortalOptionError('rate limit needs burst >= 1 and drainPerSecond > 0');
    }
  }

  /** Counts one request for `key`; `false` means refuse it. */
  take(key: string): boolean {
    const at = this.now();
    const previous = this.levels.get(key);
    const drained = previous
      ? Math.max(0, previous.level - ((at - previous.at) / 1000) * this.options.drainPerSecond)
      : 0;
    if (drained + 1 > this.options.burst) {
      this.levels.set(key, { level: drained, at });
      return false;
    }
    this.levels.set(key, { level: drained + 1, at });
    return true;
  }
}
