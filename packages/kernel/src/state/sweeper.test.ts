import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SWEEP_INTERVAL_MS } from './stateStore.js';
import { sweeper } from './sweeper.js';

/** A sweep that ends when the test says, counting how many run at once. */
const held = () => {
  const ends: (() => void)[] = [];
  let running = 0;
  let most = 0;
  const sweep = vi.fn(async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise<void>((end) => ends.push(end));
    running -= 1;
    return 1;
  });
  return { sweep, end: () => ends.shift()?.(), most: () => most };
};

describe('sweeper', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps every interval, not before, and never once stopped', async () => {
    const sweep = vi.fn(() => 3);
    const sweeping = sweeper(sweep, 1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(sweep).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sweep).toHaveBeenCalledTimes(3);
    await sweeping.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sweep).toHaveBeenCalledTimes(3);
  });

  it('sweeps every DEFAULT_SWEEP_INTERVAL_MS when given no interval, and only when asked with 0', async () => {
    const byDefault = vi.fn(() => 0);
    const defaulted = sweeper(byDefault, undefined);
    await vi.advanceTimersByTimeAsync(DEFAULT_SWEEP_INTERVAL_MS);
    expect(byDefault).toHaveBeenCalledTimes(1);
    await defaulted.stop();

    const onRequest = vi.fn(() => 2);
    const asked = sweeper(onRequest, 0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * DEFAULT_SWEEP_INTERVAL_MS);
    expect(onRequest).not.toHaveBeenCalled();
    expect(await asked.sweep()).toBe(2);
    await asked.stop();
  });

  it('a failing background sweep escapes nowhere and is tried again at the next interval', async () => {
    const sweep = vi
      .fn<() => number | Promise<number>>()
      .mockImplementationOnce(() => {
        throw new Error('busy');
      })
      .mockImplementationOnce(() => Promise.reject(new Error('connection reset')))
      .mockImplementation(() => 1);
    const sweeping = sweeper(sweep, 100);
    await vi.advanceTimersByTimeAsync(300);
    expect(sweep).toHaveBeenCalledTimes(3);
    // An asked-for sweep still answers, and a failure reaches the one who asked.
    expect(await sweeping.sweep()).toBe(1);
    sweep.mockImplementationOnce(() => {
      throw new Error('locked');
    });
    await expect(sweeping.sweep()).rejects.toThrow('locked');
    await sweeping.stop();
  });

  it('never runs two sweeps at once, and stop waits for the one under way', async () => {
    const { sweep, end, most } = held();
    const sweeping = sweeper(sweep, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(sweep).toHaveBeenCalledTimes(1);
    // An asked-for sweep and the next interval's queue behind the one under way.
    const asked = sweeping.sweep();
    await vi.advanceTimersByTimeAsync(100);
    expect(sweep).toHaveBeenCalledTimes(1);
    end();
    await vi.advanceTimersByTimeAsync(0);
    expect(sweep).toHaveBeenCalledTimes(2);
    let stopped = false;
    const stopping = sweeping.stop().then(() => {
      stopped = true;
    });
    end();
    expect(await asked).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    // The interval's queued sweep runs, and stop waits for it; nothing more is queued.
    expect(sweep).toHaveBeenCalledTimes(3);
    expect(stopped).toBe(false);
    end();
    await stopping;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sweep).toHaveBeenCalledTimes(3);
    expect(most()).toBe(1);
  });
});
