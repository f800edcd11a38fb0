/**
 * A CPU profile of this process over one phase, through the inspector, for the scenarios that fork their client
 * (so the profile is the server's alone) and do setup first that is not worth profiling. Written as a
 * `.cpuprofile` (Chrome DevTools, `summariseProfile`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Runs `body`, profiling this process while it runs when `file` is set; the profile is written there. */
export const profiled = async <T>(file: string | undefined, body: () => Promise<T>, intervalMicros = 500): Promise<T> => {
  if (file === undefined || file === '') return body();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await session.post('Profiler.start');
    const result = await body();
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
};
