import { describe, expect, it } from 'vitest';
import { pageFacts } from '../contract/docs-data';
import { DEFAULT_RATE, LeakyBucketPacer, parseRate, type Clock } from './pacer';
import { RateConfigError } from '../errors';

/** A clock that only moves when the pacer sleeps, so every wait is recorded exactly. */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('parseRate', () => {
  it('defaults to a burst of 50 draining 2 per second', () => {
    expect(parseRate(undefined)).toEqual({ burst: 50, drainPerSecond: 2 });
    expect(parseRate('  ')).toEqual({ burst: 50, drainPerSecond: 2 });
    expect(DEFAULT_RATE).toEqual({ burst: 50, drainPerSecond: 2 });
  });

  it('the default is the documented limit of every plan but Enterprise, the strictest one', () => {
    const plans = pageFacts('limits.md').rateLimits ?? [];
    expect(plans.map((plan) => plan.plan)).toEqual(['Enterprise', 'Others']);
    const strictest = plans.reduce((a, b) => (b.burst < a.burst ? b : a));
    expect({ burst: strictest.burst, drainPerSecond: strictest.drainPerSecond }).toEqual(DEFAULT_RATE);
  });

  it('reads BURST,DRAIN', () => {
    expect(parseRate('250,5')).toEqual({ burst: 250, drainPerSecond: 5 });
    expect(parseRate(' 10 , 0.5 ')).toEqual({ burst: 10, drainPerSecond: 0.5 });
  });

  it.each([
    ['50', /B24_RATE must be BURST,DRAIN.*got "50"/],
    ['50,2,1', /got "50,2,1"/],
    ['0,2', /BURST must be a whole number of at least 1, got "0"/],
    ['x,2', /BURST must be a whole number of at least 1, got "x"/],
    ['50,0', /DRAIN must be a number above 0, got "0"/],
    ['50,-1', /DRAIN must be a number above 0, got "-1"/],
  ])('refuses %j with a message saying what to write', (text, message) => {
    expect(() => parseRate(text)).toThrow(RateConfigError);
    expect(() => parseRate(text)).toThrow(message);
  });
});

describe('LeakyBucketPacer', () => {
  it('lets a burst through at once, then one request per drain interval', async () => {
    const clock = fakeClock();
    const pacer = new LeakyBucketPacer({ burst: 3, drainPerSecond: 2 }, clock, { headroom: 0 });
    for (let i = 0; i < 3; i++) await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([500, 500]);
    expect(clock.now()).toBe(1000);
  });

  it('refills while idle', async () => {
    const clock = fakeClock();
    const pacer = new LeakyBucketPacer({ burst: 2, drainPerSecond: 1 }, clock, { headroom: 0 });
    await pacer.acquire();
    await pacer.acquire();
    clock.advance(2000);
    await pacer.acquire();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('keeps ceil(drain) slots of headroom by default, never below one slot', () => {
    expect(new LeakyBucketPacer({ burst: 50, drainPerSecond: 2 }, fakeClock()).capacity).toBe(48);
    expect(new LeakyBucketPacer({ burst: 10, drainPerSecond: 0.5 }, fakeClock()).capacity).toBe(9);
    expect(new LeakyBucketPacer({ burst: 1, drainPerSecond: 5 }, fakeClock()).capacity).toBe(1);
  });

  it.for([0, 300, 999])('never admits more than a portal draining at whole seconds (+%i ms) accepts, 200 requests at 50,2', async (phase) => {
    const clock = fakeClock();
    const pacer = new LeakyBucketPacer({ burst: 50, drainPerSecond: 2 }, clock);
    const sentAt: number[] = [];
    for (let i = 0; i < 200; i++) {
      await pacer.acquire();
      sentAt.push(clock.now());
    }
    // The portal drains 2 at each of its whole seconds and refuses a request that finds 50 queued.
    let counter = 0;
    let lastTick = Math.floor((0 - phase) / 1000);
    for (const t of sentAt) {
      const tick = Math.floor((t - phase) / 1000);
      counter = Math.max(0, counter - (tick - lastTick) * 2);
      lastTick = tick;
      expect(counter).toBeLessThan(50);
      counter += 1;
    }
    expect(sentAt.at(-1)).toBeGreaterThanOrEqual(((200 - 48) / 2) * 1000);
  });

  it('serves concurrent callers in order without exceeding the burst', async () => {
    const clock = fakeClock();
    const pacer = new LeakyBucketPacer({ burst: 2, drainPerSecond: 1 }, clock, { headroom: 0 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => pacer.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('waits a full drain interval after the portal reports QUERY_LIMIT_EXCEEDED', async () => {
    const clock = fakeClock();
    const pacer = new LeakyBucketPacer({ burst: 5, drainPerSecond: 2 }, clock, { headroom: 0 });
    await pacer.acquire();
    pacer.noteThrottled();
    await pacer.acquire();
    expect(clock.sleeps).toEqual([500]);
  });
});
