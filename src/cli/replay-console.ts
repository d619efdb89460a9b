// cli/replay-console: `flowdesk replay` with the console. The engine runs in a worker thread
// (tui/console-worker); this thread only renders. With FLOWDESK_PERF_OUT=file (config.perf), writes the
// measured figures (events played, the engine thread's id, process CPU; with FLOWDESK_PERF_LAG=1 also the
// UI and engine event-loop lag, whose 1 ms sampling timers cost CPU themselves) as JSON when the console
// closes — the numbers bench/console-perf.mjs collects for docs/PERFORMANCE.md. With a strategy (replay
// --strategy), the worker runs it over the replay and the gates pane shows its decisions.

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EngineOptions, SourceOverrides } from '../kernel/index.js';
import { NoTerminalError, WorkerConsole, preloadConsole, runConsole, terminalProblem, type ConsoleStrategy } from '../tui/index.js';
import { consoleContext, openConsoleLog, withLogFile } from './console-log.js';
import type { CommandContext } from './context.js';
import { systemClock, systemScheduler } from './system-time.js';

export interface ReplayConsoleRequest {
  readonly files: readonly string[];
  readonly overrides: SourceOverrides;
  readonly fps: number;
  /** The strategy to run, loaded and checked (cli/strategy-config); null: none. */
  readonly strategy: ConsoleStrategy | null;
}

export interface ReplayEngineOptions {
  readonly engine: EngineOptions;
  /** Measure the engine thread's event-loop lag (FLOWDESK_PERF_LAG). */
  readonly measureLag: boolean;
  readonly warn: (message: string) => void;
}

/** Starts the replay console's engine in its worker and waits until it has loaded and warmed up the replay. */
export function startReplayConsole(request: ReplayConsoleRequest, options: ReplayEngineOptions): Promise<WorkerConsole> {
  return WorkerConsole.replay(
    {
      files: request.files,
      overrides: request.overrides,
      engine: options.engine,
      label: request.files.map((f) => basename(f)).join(' '),
      warmUpSeconds: 10,
      measureLag: options.measureLag,
      strategy: request.strategy,
    },
    options.warn,
  );
}

export async function runReplayConsole(request: ReplayConsoleRequest, commandContext: CommandContext): Promise<number> {
  const { fps } = request;
  const problem = terminalProblem(process.stdin, process.stdout);
  if (problem !== null) throw new NoTerminalError(`the console needs a terminal (${problem}); add --no-ui for a headless run`);
  // The terminal is the console's: warnings and logs go to the console's log file.
  const log = openConsoleLog(commandContext.config);
  const context = consoleContext(commandContext, log);
  const ui = preloadConsole(); // Ink loads on this thread while the engine warms up on its own
  ui.catch(() => undefined); // (awaited below; this only keeps an early engine failure from leaving it unhandled)
  const model = await startReplayConsole(request, { engine: context.engine, measureLag: context.config.perf.lag, warn: (message) => context.warn(message) });
  await ui;
  const perfOut = context.config.perf.out;
  const uiLag = monitorEventLoopDelay({ resolution: 1 });
  if (context.config.perf.lag) uiLag.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  try {
    await runConsole(withLogFile(model, log.file), { fps, nowUs: systemClock.nowUs, timers: systemScheduler });
  } finally {
    if (perfOut !== null) {
      const engine = await model.stats();
      const cpu = process.cpuUsage(cpuStart);
      const seconds = (performance.now() - wallStart) / 1000;
      writeFileSync(
        perfOut,
        JSON.stringify({
          seconds,
          processCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
          uiLagP99Ms: uiLag.count === 0 ? null : uiLag.percentile(99) / 1e6,
          uiLagMaxMs: uiLag.count === 0 ? null : uiLag.max / 1e6,
          engineLagP50Ms: engine.lagP50Ms,
          engineLagP99Ms: engine.lagP99Ms,
          engineLagMaxMs: engine.lagMaxMs,
          events: engine.events,
          engineThreadId: engine.osThreadId,
          fps,
        }),
      );
    }
    await model.close();
  }
  if (model.error !== null) {
    log.logger.error({ err: model.error }, model.error.message);
    throw model.error;
  }
  return 0;
}
