// untilStopSignal: the first SIGINT/SIGTERM asks a command to stop; later ones must not kill the process
// while it closes its files (Node's default action for a signal without a listener is to exit at once).
import { describe, expect, it } from 'vitest';
import { createCommandContext } from '../../src/cli/context.js';
import { untilStopSignal } from '../../src/cli/live-setup.js';
import { loadConfig } from '../../src/config/index.js';

describe('untilStopSignal', () => {
  it('resolves on the first signal and keeps a listener for later ones after dispose, so a second Ctrl+C cannot cut a file off', async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true } } as never;
    const context = createCommandContext(io, loadConfig({ env: { FLOWDESK_LOG_LEVEL: 'silent' }, envFile: null, secrets: false }));
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const signal = untilStopSignal(context);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await signal.stopped).toBe(0);
    signal.dispose(); // what a command does before it closes its files
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(before.int);
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(before.term);
  });
});
