import { expect } from 'chai';
import fc from 'fast-check';
import { closeCodeInfo } from '../../lib/client/close-codes.js';
import { diagnoseClose } from '../../lib/client/close-diagnosis.js';
import {
  closeCodeName,
  closeDiagnosis,
  describeClose,
  findCloseRule,
  useCloseDiagnosis,
  type CloseContext
} from '../../lib/client/close-kind.js';
import { closeContexts } from '../support/close-arbitraries.js';
import { scriptedClient } from '../support/scripted-client.js';

const up = { openFor: 30000, silentFor: 500, stompConnected: true, heartbeat: { outgoing: 10000, incoming: 10000 } };

describe('close-kind (what every client carries without the prose)', () => {
  it('describeClose gives the code, its name, the kind and one line', () => {
    const cases: [CloseContext, string][] = [
      [
        { ...up, code: 1000, wasClean: true, requested: true },
        'closed 1000 (Normal closure): closed by the application'
      ],
      [{ code: 1006 }, 'closed 1006 (Abnormal closure): could not connect'],
      [
        { code: 1006, openFor: 75000, silentFor: 60000, stompConnected: true },
        'closed 1006 (Abnormal closure): cut after a silence, likely an idle timeout on the way'
      ],
      [
        {
          ...up,
          code: 1006,
          silentFor: 25000,
          discardedBecause: 'dead peer: no data for 25.0 s (heart-beat 10000 ms)'
        },
        'closed 1006 (Abnormal closure): broker silent, client gave up (dead peer: no data for 25.0 s (heart-beat 10000 ms))'
      ],
      [
        { ...up, code: 1008, reason: 'Bad  origin\n' },
        'closed 1008 (Policy violation) "Bad origin": refused by the server\'s policy'
      ],
      [{ ...up, code: 4001 }, 'closed 4001 (Application-defined): the server closed the connection'],
      [
        { ...up, code: 1002, reason: 'Connection to broker closed.' },
        'closed 1002 (Protocol error) "Connection to broker closed.": the server closed the connection'
      ]
    ];
    for (const [context, summary] of cases) {
      const d = describeClose(context);
      expect(d.summary, JSON.stringify(context)).to.equal(summary);
      expect(d.kind).to.equal(diagnoseClose(context).kind);
      expect(d.name).to.equal(diagnoseClose(context).name);
      expect(d.advice).to.equal(undefined);
    }
  });

  it('closeCodeName is the name closeCodeInfo gives, for every code and for what is not one', () => {
    for (let code = 0; code <= 5100; code++)
      expect(closeCodeName(code), String(code)).to.equal(closeCodeInfo(code).name);
    for (const odd of [NaN, 1000.5, -1, Infinity, '1000' as unknown as number])
      expect(closeCodeName(odd)).to.equal('Not a close code');
    // Both tables know the same library codes: a code with a meaning of its own has a name of its own.
    const generic = (code: number) => closeCodeInfo(code < 3000 ? 2999 : code < 4000 ? 3999 : 4999).meaning;
    for (let code = 1016; code < 5000; code++) {
      const named = ['Reserved', 'Registered', 'Application-defined'].indexOf(closeCodeName(code)) < 0;
      expect(named, String(code)).to.equal(closeCodeInfo(code).meaning !== generic(code));
    }
  });

  it("judges the reason as shown, squeezed: whitespace alone is no reason, a relay's words may come after a space", () => {
    expect(
      findCloseRule({ code: 1001, reason: ' ', stompConnected: true, openFor: 30000, silentFor: 5000 }).kind
    ).to.equal('proxy-idle-timeout');
    expect(findCloseRule({ code: 1002, reason: 'Cannot\nconnect' }).kind).to.equal('refused');
    expect(findCloseRule({ code: 1002, reason: ' Connection to broker closed.' }).kind).to.equal('server');
    expect(
      findCloseRule({
        code: 1002,
        reason: ' ',
        errorFrame: { headers: { message: 'Connection to broker closed.' }, body: '' }
      }).rule
    ).to.equal('relay-lost');
  });

  it('findCloseRule names the rule and the facts it was judged on', () => {
    const f = findCloseRule({
      code: 1006,
      openFor: 75000,
      silentFor: 60000,
      stompConnected: true,
      transport: 'sockjs/xhr-streaming'
    });
    expect(f).to.include({
      rule: 'idle',
      kind: 'proxy-idle-timeout',
      silentFor: 60000,
      sockjs: true,
      connected: true,
      opened: true
    });
    expect(findCloseRule(null as unknown as CloseContext)).to.include({ rule: 'refused', code: 1006 });
  });

  it('never throws and always gives one line, whatever it is given; the sentences keep the kind and name', () => {
    fc.assert(
      fc.property(closeContexts, (c) => {
        const d = describeClose(c);
        expect(d.summary).to.match(/^closed -?\d+ \(/);
        expect(d.summary).not.to.match(/[\n\r]|NaN|undefined/);
        // Whether a client has the sentences or not, code branching on the kind or name sees the same.
        const full = diagnoseClose(c);
        expect([d.kind, d.name, d.code, d.reason, d.wasClean]).to.deep.equal([
          full.kind,
          full.name,
          full.code,
          full.reason,
          full.wasClean
        ]);
      })
    );
  });

  describe('choosing the diagnosis', () => {
    afterEach(() => useCloseDiagnosis(describeClose));

    function closeOnce(conf = {}) {
      const { client, current } = scriptedClient({ reconnectDelay: 0, ...conf });
      client.activate();
      current().closed(1006, '', false);
      return client.lastClose!;
    }

    it('a client reports describeClose by default', () => {
      expect(closeDiagnosis()).to.equal(describeClose);
      expect(closeOnce().summary).to.equal('closed 1006 (Abnormal closure): could not connect');
    });

    it('a diagnosis that throws is reported (onCallbackError) and the short one stands in: the close goes on', () => {
      const failed: string[] = [];
      const { client, current, clock } = scriptedClient({
        reconnectDelay: 100,
        diagnoseClose: () => {
          throw new Error('bad diagnosis');
        },
        onCallbackError: (e, name) => failed.push(name + ': ' + (e as Error).message)
      });
      client.activate();
      current().closed(1006, '', false);
      expect(failed).to.deep.equal(['diagnoseClose: bad diagnosis']);
      expect(client.lastClose!.summary).to.equal('closed 1006 (Abnormal closure): could not connect');
      expect(clock.pending, 'the reconnect is scheduled').to.equal(1);
      client.deactivate({ force: true });
    });

    it('useCloseDiagnosis(diagnoseClose) gives every client the sentences; the diagnoseClose option wins over it', () => {
      useCloseDiagnosis(diagnoseClose);
      expect(closeOnce().advice).to.match(/check the URL/);
      expect(closeOnce({ diagnoseClose: describeClose }).advice).to.equal(undefined);
      useCloseDiagnosis(undefined as never);
      expect(closeDiagnosis(), 'anything but a function puts the default back').to.equal(describeClose);
    });
  });
});
