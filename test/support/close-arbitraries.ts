// Any close context a client could hand the close rules (lib/client/close-kind.ts), odd values
// included, for the property tests of describeClose and diagnoseClose.
import fc from 'fast-check';
import type { CloseContext } from '../../lib/client/close-kind.js';

const num = fc.oneof(fc.double(), fc.integer({ min: -10, max: 200000 }), fc.constant(undefined));
const text = fc.oneof(
  fc.string({ maxLength: 300, unit: fc.constantFrom('a', 'Z', ' ', '\n', '\r', '\t', '"', '\\', '\u00a0') }),
  fc.constantFrom('Connection to broker closed.', ' Cannot connect to server', 'the broker ended the TCP connection'),
  fc.constant(undefined)
);
const flag = fc.option(fc.boolean(), { nil: undefined });

export const closeContexts: fc.Arbitrary<CloseContext> = fc.record({
  code: fc.oneof(fc.integer({ min: -1, max: 6000 }), fc.constantFrom(1000, 1001, 1002, 1005, 1006, 1008, 1009)),
  reason: text,
  wasClean: flag,
  openFor: num,
  silentFor: num,
  heartbeat: fc.option(fc.record({ outgoing: num, incoming: num }), { nil: undefined }),
  stompConnected: flag,
  discardedBecause: text,
  requested: flag,
  partialFrame: num,
  transport: fc.option(fc.constantFrom('websocket', 'sockjs/xhr-streaming', 'tcp'), { nil: undefined }),
  errorFrame: fc.option(
    fc.record({
      headers: fc.dictionary(
        fc.constantFrom('message', 'receipt-id'),
        text.map((t) => t || '')
      ),
      body: fc.string({ maxLength: 40 })
    }),
    { nil: undefined }
  ),
  protocolError: fc.option(
    fc.record({ code: fc.constantFrom('BAD_HEADER_LINE', 'FRAME_TOO_LARGE'), message: fc.string({ maxLength: 40 }) }),
    { nil: undefined }
  )
}) as fc.Arbitrary<CloseContext>;
