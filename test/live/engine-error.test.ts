// An exception from the pipeline or one of its listeners in a live session (a bug): with onEngineError the
// session hands it over once and ingests nothing more (a trading session stops rather than go on from half a
// message); without the hook it reaches the stream's caller as before. The loopback exchange serves a real
// recording through the real SDK.
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, waitFor, type LiveRig } from './harness.js';

const rigs: LiveRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

describe('an exception inside a live session’s pipeline', () => {
  it('goes to onEngineError once, and the session ingests nothing after it', async () => {
    const errors: unknown[] = [];
    let events = 0;
    const rig = await startRig({
      hooks: {
        onEngineError: (error) => errors.push(error),
        onPipeline: (pipeline) =>
          pipeline.onEvent(() => {
            if (++events >= 50) throw new Error('a broken listener');
          }),
      },
    });
    rigs.push(rig);
    rig.ex.advance(400);
    await waitFor('the error', () => errors.length > 0, 10_000, 5);
    const messages = rig.session.pipeline.counters.messages;
    await waitFor('frames after the error', () => rig.session.messagesNotIngested >= 100, 10_000, 5);
    expect(errors.map((e) => (e as Error).message)).toEqual(['a broken listener']);
    expect(rig.session.pipeline.counters.messages).toBe(messages);
  });
});
