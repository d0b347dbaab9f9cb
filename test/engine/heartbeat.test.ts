// STOMP 1.2 "Heart-beating": the negotiation rules and the header's form.
import { expect } from 'chai';
import { negotiateHeartbeat, parseHeartbeat } from '../../lib/engine/heartbeat.js';

describe('heart-beat negotiation', () => {
  it('takes the larger of what one side can send and the other wants', () => {
    expect(negotiateHeartbeat({ outgoing: 10000, incoming: 10000 }, { outgoing: 5000, incoming: 20000 })).to.deep.equal(
      { outgoing: 20000, incoming: 10000 }
    );
  });

  it('switches a direction off when either side says 0', () => {
    expect(negotiateHeartbeat({ outgoing: 0, incoming: 1000 }, { outgoing: 0, incoming: 1000 })).to.deep.equal({
      outgoing: 0,
      incoming: 0
    });
    expect(negotiateHeartbeat({ outgoing: 1000, incoming: 1000 }, { outgoing: 1000, incoming: 0 })).to.deep.equal({
      outgoing: 0,
      incoming: 1000
    });
  });

  it('reads a missing header as 0,0 (a CONNECTED frame without heart-beat)', () => {
    expect(parseHeartbeat(undefined, 'StompProtocolError')).to.deep.equal({ outgoing: 0, incoming: 0 });
  });

  it('reads "cx,cy" and tolerates spaces', () => {
    expect(parseHeartbeat('4000,0', 'StompProtocolError')).to.deep.equal({ outgoing: 4000, incoming: 0 });
    expect(parseHeartbeat(' 10 , 20 ', 'StompProtocolError')).to.deep.equal({ outgoing: 10, incoming: 20 });
  });

  it('returns a named error for a malformed header', () => {
    const e = parseHeartbeat('10;20', 'StompProtocolError') as any;
    expect(e).to.be.instanceOf(Error);
    expect(e.code).to.equal('BAD_HEARTBEAT');
    expect(e.message).to.contain('"10;20"');
    expect((parseHeartbeat('-1,5', 'StompUsageError') as any).name).to.equal('StompUsageError');
  });
});
