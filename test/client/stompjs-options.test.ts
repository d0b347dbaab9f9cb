// The options @stomp/stompjs documents, each doing what it documents here too (they used to be
// accepted and ignored), and the behaviours a stompjs program relies on, over scripted sockets.
import * as stompjs from '@stomp/stompjs';
import { expect } from 'chai';
import { ActivationState, TickerStrategy } from '../../lib/client/enums.js';
import type { StompConfig } from '../../lib/client/options.js';
import { scriptedClient } from '../support/scripted-client.js';

const setup = scriptedClient;

const MESSAGE = 'MESSAGE\nsubscription:sub-0\nmessage-id:1\ndestination:/q\n\nhi';

describe('Client: the options @stomp/stompjs documents (scripted sockets)', () => {
  it('forceBinaryWSFrames sends every frame as a binary message of its UTF-8 bytes', () => {
    const { client, accept } = setup({ forceBinaryWSFrames: true });
    client.activate();
    const s = accept();
    client.publish({ destination: '/q', body: 'é' });
    expect(
      s.sent.every((d) => d instanceof Uint8Array),
      'all binary'
    ).to.equal(true);
    expect(new TextDecoder().decode(s.sent[1] as Uint8Array)).to.equal('SEND\ndestination:/q\ncontent-length:2\n\né\0');
  });

  it('appendMissingNULLonIncoming completes a text message whose NUL was stripped; heart-beats stay heart-beats', () => {
    let beats = 0;
    const { client, accept } = setup({ appendMissingNULLonIncoming: true, onHeartbeatReceived: () => beats++ });
    const got: string[] = [];
    client.subscribe('/q', (m) => got.push(m.body));
    client.activate();
    const s = accept();
    s.receive(MESSAGE);
    s.receive('\n');
    s.receive(MESSAGE + '\0');
    s.receive(MESSAGE + '\0\n'); // RabbitMQ and ActiveMQ put an LF after each NUL: nothing to add
    expect(got).to.deep.equal(['hi', 'hi', 'hi']);
    expect(beats).to.equal(2);
  });

  it('without appendMissingNULLonIncoming a message without NUL waits for the rest of its frame', () => {
    const { client, accept } = setup();
    const got: string[] = [];
    client.subscribe('/q', (m) => got.push(m.body));
    client.activate();
    accept().receive(MESSAGE);
    expect(got).to.deep.equal([]);
  });

  it('logRawCommunication logs frames as they went over the wire; without it, described with secrets hidden', () => {
    const raw: string[] = [];
    const a = setup({
      logRawCommunication: true,
      connectHeaders: { login: 'u', passcode: 'p' },
      debug: (l) => raw.push(l)
    });
    a.client.activate();
    a.accept();
    expect(raw).to.include('>>> CONNECT\nlogin:u\npasscode:p\naccept-version:1.2,1.1,1.0\nheart-beat:0,0\n\n\0');
    expect(raw).to.include('<<< CONNECTED\nversion:1.2\nheart-beat:0,0\nsession:s1\n\n\0');
    const described: string[] = [];
    const b = setup({ connectHeaders: { login: 'u', passcode: 'p' }, debug: (l) => described.push(l) });
    b.client.activate();
    b.accept();
    expect(described).to.include('>>> CONNECT login:u passcode:<hidden> accept-version:1.2,1.1,1.0 heart-beat:0,0');
  });

  it('heartbeatStrategy Worker where no Worker can be made (node) says so and times heart-beats on this thread', () => {
    const lines: string[] = [];
    let sent = 0;
    const { client, clock, current } = setup({
      heartbeatOutgoing: 1000,
      heartbeatStrategy: TickerStrategy.Worker,
      debug: (l) => lines.push(l),
      onHeartbeatSent: () => sent++
    });
    client.activate();
    current().open();
    current().receive('CONNECTED\nversion:1.2\nheart-beat:0,1000\n\n\0');
    expect(lines).to.include(
      'heartbeatStrategy Worker: no Web Worker can be made here; heart-beats use timers on this thread'
    );
    clock.advance(3000);
    expect(sent).to.equal(3);
  });

  it('maxIncomingFrameSize limits what the broker may send, naming the limit', () => {
    const errors: string[] = [];
    const { client, accept } = setup({ maxIncomingFrameSize: 64, onProtocolError: (e) => errors.push(e.message) });
    client.activate();
    accept().receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\n\n' + 'x'.repeat(100) + '\0');
    expect(errors[0]).to.match(/64/);
  });

  it('no outgoing size limit unless maxFrameSize is set (as @stomp/stompjs)', () => {
    const { client, accept } = setup();
    client.activate();
    const s = accept();
    client.publish({ destination: '/q', body: 'x'.repeat(1024 * 1024) });
    expect((s.sent[1] as string).length).to.be.greaterThan(1024 * 1024);
    const limited = setup({ maxFrameSize: 65536 });
    limited.client.activate();
    limited.accept();
    expect(() => limited.client.publish({ destination: '/q', body: 'x'.repeat(70000) })).to.throw(/maxFrameSize/);
  });
});

describe('Client: what a @stomp/stompjs program relies on (scripted sockets)', () => {
  it('onUnhandledReceipt gets the receipt of a publish nobody watches for', () => {
    const receipts: string[] = [];
    const { client, accept } = setup({ onUnhandledReceipt: (f) => receipts.push((f as any).headers['receipt-id']) });
    client.activate();
    const s = accept();
    client.publish({ destination: '/q', body: 'x', headers: { receipt: 'r1' } });
    s.receive('RECEIPT\nreceipt-id:r1\n\n\0');
    expect(receipts).to.deep.equal(['r1']);
  });

  it('after deactivate(), the state is INACTIVE inside onWebSocketClose, and the Promise resolves after it', async () => {
    const seen: string[] = [];
    const { client, accept } = setup({
      onWebSocketClose: () => seen.push('close in state ' + ActivationState[client.state])
    });
    client.activate();
    const s = accept();
    const done = client.deactivate().then(() => seen.push('resolved'));
    const receipt = /receipt:(.*)\n/.exec(s.last())![1];
    s.receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\0');
    s.closed(1000, '', true);
    await done;
    expect(seen).to.deep.equal(['close in state INACTIVE', 'resolved']);
  });

  it('deactivate() returns a Promise, also when already inactive', async () => {
    const { client } = setup();
    const p = client.deactivate();
    expect(p).to.be.instanceOf(Promise);
    await p;
  });

  it("every frame handed out has command, headers, body, binaryBody and isBinaryBody, and prints as stompjs's", () => {
    const frames: any[] = [];
    const { client, current } = setup({ onConnect: (f) => frames.push(f), onStompError: (f) => frames.push(f) });
    client.watchForReceipt('r', (f) => frames.push(f));
    client.subscribe('/q', (m) => frames.push(m));
    client.activate();
    const s = current();
    s.open();
    s.receive('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0');
    s.receive('RECEIPT\nreceipt-id:r\n\n\0');
    s.receive('ERROR\nmessage:bad\ncontent-length:3\n\nwhy\0');
    s.receive(MESSAGE + '\0');
    expect(frames.map((f) => f.command)).to.deep.equal(['CONNECTED', 'RECEIPT', 'ERROR', 'MESSAGE']);
    for (const f of frames) {
      expect(f.isBinaryBody, f.command).to.equal(false);
      expect(f.binaryBody, f.command).to.be.instanceOf(Uint8Array);
      expect(new TextDecoder().decode(f.binaryBody)).to.equal(f.body);
    }
    // As stompjs prints what its own Parser read (1.2 session: values escaped).
    const printed = (text: string, escape: boolean) => {
      let out = '';
      new stompjs.Parser(
        (raw) => (out = String(stompjs.FrameImpl.fromRawFrame(raw, escape))),
        () => {}
      ).parseChunk(text);
      return out;
    };
    expect(String(frames[0])).to.equal(printed('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0', false));
    expect(String(frames[2])).to.equal(printed('ERROR\nmessage:bad\ncontent-length:3\n\nwhy\0', true));
    expect(String(frames[3])).to.equal(printed(MESSAGE + '\0', true));
    expect(String(frames[3])).to.equal(
      'MESSAGE\ndestination:/q\nmessage-id:1\nsubscription:sub-0\ncontent-length:2\n\n'
    );
  });
});

describe('Client: where it differs from @stomp/stompjs on purpose, one option brings stompjs back', () => {
  it('offlineQueueSize 0: publish while disconnected throws instead of queueing (nor is a receipted publish sent again)', () => {
    const { client, clock, accept, current } = setup({ offlineQueueSize: 0, reconnectDelay: 10 });
    client.activate();
    expect(() => client.publish({ destination: '/q', body: 'x' })).to.throw(/offlineQueueSize is 0/);
    accept();
    client.publish({ destination: '/q', body: 'x', headers: { receipt: 'r' } });
    current().closed(1006);
    clock.advance(10);
    expect(accept().commands()).to.deep.equal(['CONNECT']);
  });

  it('restoreSubscriptions false: subscribe() without a session throws, and a subscription ends with its session', () => {
    const { client, clock, accept, current } = setup({ restoreSubscriptions: false, reconnectDelay: 10 });
    expect(() => client.subscribe('/q', () => {})).to.throw(/no STOMP session/);
    client.activate();
    accept();
    client.subscribe('/q', () => {});
    current().closed(1006);
    clock.advance(10);
    expect(accept().commands()).to.deep.equal(['CONNECT']);
  });

  it('strictHeaders false: what the version cannot carry is replaced, not refused; an undefined escape is kept', () => {
    const got: any[] = [];
    const errors: unknown[] = [];
    const { client, accept } = setup({ strictHeaders: false, onProtocolError: (e) => errors.push(e) });
    client.subscribe('/q', (m) => got.push(m.headers));
    client.activate();
    const s = accept();
    client.publish({ destination: '/q', headers: { 'x-nul': 'a\0b', 'x-half': 'a\ud800b' }, body: 'x' });
    expect(s.last()).to.contain('x-nul:a\ufffdb\nx-half:a\ufffdb\n');
    s.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\nx-odd:a\\tb\n\n\0');
    expect(errors).to.deep.equal([]);
    expect(got[0]['x-odd']).to.equal('a\\tb');
    const strict = setup();
    strict.client.activate();
    strict.accept();
    expect(() => strict.client.publish({ destination: '/q', headers: { 'x-nul': 'a\0b' } })).to.throw(/NUL/);
  });

  it("closeReport false: onWebSocketClose gets the socket's own close event; the diagnosis is in lastClose", () => {
    const events: unknown[] = [];
    const { client, accept } = setup({
      closeReport: false,
      reconnectDelay: 0,
      onWebSocketClose: (e) => events.push(e)
    });
    client.activate();
    const s = accept();
    const event = { code: 1006, reason: '', wasClean: false, target: s };
    s.onclose!(event);
    expect(events).to.deep.equal([event]);
    expect(client.lastClose!.code).to.equal(1006);
  });

  it('disconnectTimeout 0: deactivate() waits for the DISCONNECT receipt without a limit', () => {
    const { client, clock, accept } = setup({ disconnectTimeout: 0 });
    client.activate();
    const s = accept();
    client.deactivate();
    clock.advance(60 * 60 * 1000);
    expect(client.state).to.equal(ActivationState.DEACTIVATING);
    expect(clock.pending).to.equal(0);
    s.closed(1000, '', true);
    expect(client.state).to.equal(ActivationState.INACTIVE);
  });

  it("connectionTimeout 0 waits for CONNECTED without a limit; heartbeatToleranceMultiplier 2 gives stompjs's tolerance", () => {
    const { client, clock, current } = setup({ connectionTimeout: 0 });
    client.activate();
    current().open();
    clock.advance(60 * 60 * 1000);
    expect(current().closeCalls).to.have.length(0);
    let lost = 0;
    const b = setup({ heartbeatIncoming: 1000, heartbeatToleranceMultiplier: 2, onHeartbeatLost: () => lost++ });
    b.client.activate();
    b.current().open();
    b.current().receive('CONNECTED\nversion:1.2\nheart-beat:1000,0\n\n\0');
    b.clock.advance(1999);
    expect(lost).to.equal(0);
    b.clock.advance(1);
    expect(lost).to.equal(1);
  });
});
