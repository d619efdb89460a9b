// streamOfEnvelope: the stream name of a combined-stream envelope, read without a regex and reusing the
// previous string; it must answer exactly what the pattern /^\{"stream":"([^"]+)"/ answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamOfEnvelope } from '../../src/model/index.js';

const byPattern = (payload: string): string => /^\{"stream":"([^"]+)"/.exec(payload)?.[1] ?? '';

describe('streamOfEnvelope', () => {
  it('reads the name of real envelopes and "" for anything else', () => {
    expect(streamOfEnvelope('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate"}}')).toBe('btcusdt@depth@100ms');
    expect(streamOfEnvelope('{"stream":"btcusdt@trade","data":{}}')).toBe('btcusdt@trade');
    expect(streamOfEnvelope('{"stream":"btcusdt@trade","data":{}}')).toBe('btcusdt@trade');
    expect(streamOfEnvelope('{"stream":"","data":{}}')).toBe('');
    expect(streamOfEnvelope('{"stream":"unterminated')).toBe('');
    expect(streamOfEnvelope('{"e":"trade"}')).toBe('');
    expect(streamOfEnvelope(' {"stream":"x"}')).toBe('');
  });

  it('agrees with the pattern on generated payloads, one after another (the reuse of the last name included)', () => {
    const name = fc.stringMatching(/^[a-z@"0-9]{0,12}$/);
    const payload = fc.oneof(
      name.map((n) => `{"stream":"${n}","data":{}}`),
      fc.tuple(name, fc.string({ maxLength: 20 })).map(([n, rest]) => `{"stream":"${n}${rest}`),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 20 }), (payloads) => {
        for (const p of payloads) expect(streamOfEnvelope(p)).toBe(byPattern(p));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
