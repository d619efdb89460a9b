// cli/resource-samples: a process's resource figures as JSON lines, one every `everyMs` — memory (RSS,
// heap), CPU since the previous line, and what the caller adds — for soak runs (bench/soak.mjs). Returns
// the function that stops it. Its timer and clock are injected (the system ones by default).

import { appendFileSync } from 'node:fs';
import type { Clock, Scheduler } from '../core/index.js';
import { systemClock, systemScheduler } from './system-time.js';

export function startResourceSamples(
  path: string,
  everyMs: number,
  extra: () => Record<string, unknown>,
  time: { readonly clock: Clock; readonly scheduler: Scheduler } = { clock: systemClock, scheduler: systemScheduler },
): () => void {
  const period = Number.isFinite(everyMs) && everyMs >= 100 ? everyMs : 10_000;
  const nowMs = (): number => time.clock.nowUs() / 1000;
  const started = nowMs();
  let lastCpu = process.cpuUsage();
  let lastAt = started;
  return time.scheduler.every(period, () => {
    const now = nowMs();
    const cpu = process.cpuUsage(lastCpu);
    const memory = process.memoryUsage();
    const line = {
      seconds: Math.round((now - started) / 100) / 10,
      rssMB: Math.round((memory.rss / 2 ** 20) * 10) / 10,
      heapUsedMB: Math.round((memory.heapUsed / 2 ** 20) * 10) / 10,
      externalMB: Math.round((memory.external / 2 ** 20) * 10) / 10,
      cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (now - lastAt)) * 1000) / 10,
      ...extra(),
    };
    lastCpu = process.cpuUsage();
    lastAt = now;
    appendFileSync(path, `${JSON.stringify(line)}\n`);
  });
}
