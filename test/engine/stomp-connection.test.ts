// The single-session protocol handler, frame by frame, over a scripted socket.
import { expect } from 'chai';
import { StompConnection, type ConnectionOptions } from '../../lib/engine/stomp-connection.js';
import { ScriptedSocket } from '../support/scripted-socket.js';

function setup(options: ConnectionOptions = {}, version = '1.2', heartBeat = '0,0') {
  const socket = new ScriptedSocket();
  const events: any[] = [];
  const connection = new StompConnection(socket, {
    onConnected: (info) => events.push(['connected', info]),
    onStompError: (f) => events.push(['error', f]),
    onProtocolError: (e) => events.push(['protocol', e]),
    onClose: (info) => events.push(['close', info]),
    onUnhandledMessage: (m) => events.push(['unhandled-message', m]),
    onUnhandledReceipt: (f) => events.push(['unhandled-receipt', f]),
    onUnhandledFrame: (f) => events.push(['unhandled-frame', f]),
    ...options
  });
  socket.open();
  if (version)
    socket.receive('CONNECTED\nversion:' + version + '\nheart-beat:' + heartBeat + '\nserver:test/1\nsession:s1\n\n\0');
  return { socket, connection, events, kinds: () => events.map((e) => e[0]) };
}

function throwsCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e: any) {
    expect(e.code).to.equal(code);
    return e;
  }
  expect.fail('expected ' + code);
}

describe('StompConnection (scripted socket)', () => {
  describe('handshake', () => {
    it('sends CONNECT with accept-version, heart-beat and the connect headers when the socket opens', () => {
      const socket = new ScriptedSocket();
      new StompConnection(socket, {
        connectHeaders: { login: 'guest', passcode: 'guest', host: '/' },
        heartbeat: { outgoing: 4000, incoming: 5000 }
      });
      expect(socket.sent).to.deep.equal([]);
      socket.open();
      expect(socket.sent).to.deep.equal([
        'CONNECT\nlogin:guest\npasscode:guest\nhost:/\naccept-version:1.2,1.1,1.0\nheart-beat:4000,5000\n\n\0'
      ]);
    });

    it('sends at once on an already open socket; STOMP instead of CONNECT on request; chosen versions', () => {
      const socket = new ScriptedSocket();
      socket.readyState = 1;
      new StompConnection(socket, { useStompCommand: true, versions: ['1.1', '1.2'] });
      expect(socket.sent).to.deep.equal(['STOMP\naccept-version:1.1,1.2\nheart-beat:0,0\n\n\0']);
    });

    it('a heart-beat connect header wins over the heartbeat option, and must be well formed', () => {
      const socket = new ScriptedSocket();
      socket.readyState = 1;
      const c = new StompConnection(socket, {
        connectHeaders: { 'heart-beat': '1000,2000' },
        heartbeat: { outgoing: 5, incoming: 5 }
      });
      expect(socket.last()).to.contain('heart-beat:1000,2000\n');
      socket.receive('CONNECTED\nversion:1.2\nheart-beat:3000,500\n\n\0');
      expect(c.heartbeat).to.deep.equal({ outgoing: 1000, incoming: 3000 });
      throwsCode(
        () => new StompConnection(new ScriptedSocket(), { connectHeaders: { 'heart-beat': 'often' } }),
        'BAD_HEARTBEAT'
      );
    });

    it('refuses a version it cannot speak', () => {
      throwsCode(() => new StompConnection(new ScriptedSocket(), { versions: ['2.0' as any] }), 'BAD_OPTION');
    });

    it('reports the negotiated version, heart-beats, server and session', () => {
      const { connection, events } = setup({ heartbeat: { outgoing: 10000, incoming: 10000 } }, '1.2', '5000,20000');
      const info = events[0][1];
      expect(info.version).to.equal('1.2');
      expect(info.heartbeat).to.deep.equal({ outgoing: 20000, incoming: 10000 });
      expect(info.server).to.equal('test/1');
      expect(info.session).to.equal('s1');
      expect(connection.state).to.equal('CONNECTED');
    });

    it('takes a CONNECTED frame without version as 1.0 and without heart-beat as 0,0', () => {
      const { socket, connection } = setup({ heartbeat: { outgoing: 1000, incoming: 1000 } }, '');
      socket.receive('CONNECTED\n\n\0');
      expect(connection.version).to.equal('1.0');
      expect(connection.heartbeat).to.deep.equal({ outgoing: 0, incoming: 0 });
    });

    it('a version that was not offered, or a malformed heart-beat, is a protocol error that closes the socket', () => {
      const a = setup({ versions: ['1.1'] }, '1.2');
      expect(a.kinds()).to.deep.equal(['protocol']);
      expect(a.events[0][1].code).to.equal('BAD_VERSION');
      expect(a.socket.closeCalls).to.have.length(1);
      const b = setup({}, '1.2', 'x');
      expect(b.events[0][1].code).to.equal('BAD_HEARTBEAT');
    });

    it('an ERROR answering CONNECT reaches onStompError with its message and body', () => {
      const { socket, events } = setup({}, '');
      socket.receive('ERROR\nmessage:Access refused for user guest\ncontent-length:5\n\nlogin\0');
      expect(events[0][0]).to.equal('error');
      expect(events[0][1].headers.message).to.equal('Access refused for user guest');
      expect(events[0][1].body).to.equal('login');
    });

    it('closes the socket after an ERROR answering CONNECT, but not after one in a session', () => {
      const a = setup({}, '');
      a.socket.receive('ERROR\nmessage:Bad CONNECT\n\n\0');
      expect(a.socket.closeCalls).to.have.length(1);
      const b = setup();
      b.socket.receive('ERROR\nmessage:bad destination\n\n\0');
      expect(b.socket.closeCalls).to.have.length(0);
    });

    it('any other frame before CONNECTED is a protocol error', () => {
      const { socket, events } = setup({}, '');
      socket.receive('MESSAGE\nsubscription:0\n\n\0');
      expect(events[0][0]).to.equal('protocol');
      expect(events[0][1].code).to.equal('UNEXPECTED_FRAME');
    });

    it('a second CONNECTED is a protocol error', () => {
      const { socket, kinds } = setup();
      socket.receive('CONNECTED\nversion:1.2\n\n\0');
      expect(kinds()).to.deep.equal(['connected', 'protocol']);
    });
  });

  describe('subscriptions and messages', () => {
    it('subscribes with an id and dispatches MESSAGE frames by subscription', () => {
      const { socket, connection } = setup();
      const got: string[] = [];
      const sub = connection.subscribe('/topic/a', (m) => got.push(m.body), { ack: 'client' });
      expect(sub.id).to.equal('sub-0');
      expect(socket.last()).to.equal('SUBSCRIBE\nack:client\nid:sub-0\ndestination:/topic/a\n\n\0');
      const mine = connection.subscribe('/topic/b', (m) => got.push('b:' + m.body), { id: 'mine' });
      expect(mine.id).to.equal('mine');
      socket.receive(
        'MESSAGE\nsubscription:sub-0\nmessage-id:1\ndestination:/topic/a\n\none\0MESSAGE\nsubscription:mine\nmessage-id:2\n\ntwo\0'
      );
      expect(got).to.deep.equal(['one', 'b:two']);
    });

    it('gives a MESSAGE for an unknown subscription to onUnhandledMessage', () => {
      const { socket, connection, events } = setup();
      const sub = connection.subscribe('/topic/a', () => expect.fail('unsubscribed'));
      sub.unsubscribe();
      expect(socket.last()).to.equal('UNSUBSCRIBE\nid:sub-0\n\n\0');
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\n\nlate\0');
      expect(events[1][0]).to.equal('unhandled-message');
      expect(events[1][1].body).to.equal('late');
    });

    it('message.ack()/nack() use the ack header in 1.2', () => {
      const { socket, connection } = setup();
      connection.subscribe(
        '/queue/a',
        (m) => {
          m.ack();
          m.nack({ requeue: 'false' });
        },
        { ack: 'client-individual' }
      );
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:m1\nack:a1\n\nx\0');
      // The subscription goes too in 1.2, as @stomp/stompjs sends it.
      expect(socket.sent.slice(-2)).to.deep.equal([
        'ACK\nid:a1\nsubscription:sub-0\n\n\0',
        'NACK\nrequeue:false\nid:a1\nsubscription:sub-0\n\n\0'
      ]);
    });

    it('message.ack() uses message-id and subscription in 1.1 and 1.0; NACK needs 1.1', () => {
      const a = setup({}, '1.1');
      a.connection.subscribe('/queue/a', (m) => m.ack());
      a.socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:m1\n\nx\0');
      expect(a.socket.last()).to.equal('ACK\nmessage-id:m1\nsubscription:sub-0\n\n\0');
      const b = setup({}, '1.0');
      b.connection.ack('m2', 'sub-0');
      expect(b.socket.last()).to.equal('ACK\nmessage-id:m2\nsubscription:sub-0\n\n\0');
      throwsCode(() => b.connection.nack('m2', 'sub-0'), 'BAD_VERSION');
    });

    it('marks messages that arrived as binary and keeps their bytes', () => {
      const { socket, connection } = setup();
      const got: any[] = [];
      connection.subscribe('/topic/a', (m) => got.push(m));
      socket.receive(
        new TextEncoder().encode('MESSAGE\nsubscription:sub-0\nmessage-id:1\ncontent-length:2\n\n\u00ff\0').buffer
      );
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:2\n\ntext\0');
      expect(got[0].isBinaryBody).to.equal(true);
      expect(Array.from(got[0].binaryBody)).to.deep.equal([0xc3, 0xbf]);
      expect(got[1].isBinaryBody).to.equal(false);
    });

    it('asks the socket for ArrayBuffer messages', () => {
      expect(setup().socket.binaryType).to.equal('arraybuffer');
    });
  });

  describe('sending', () => {
    it('sends SEND with destination and content-length, text or binary', () => {
      const { socket, connection } = setup();
      connection.send({ destination: '/queue/a', body: 'hé', headers: { 'content-type': 'text/plain' } });
      expect(socket.last()).to.equal('SEND\ncontent-type:text/plain\ndestination:/queue/a\ncontent-length:3\n\nhé\0');
      connection.send({ destination: '/queue/a', binaryBody: new Uint8Array([1, 2]) });
      expect(socket.sent[socket.sent.length - 1]).to.be.instanceOf(Uint8Array);
    });

    it('escapes per the negotiated version and refuses what 1.0 cannot carry', () => {
      const a = setup({}, '1.2');
      a.connection.send({ destination: '/a', headers: { k: 'x:y' } });
      expect(a.socket.last()).to.contain('k:x\\cy\n');
      const b = setup({}, '1.0');
      throwsCode(() => b.connection.send({ destination: '/a', headers: { k: 'x\ninjected:1' } }), 'BAD_HEADER');
    });

    it('refuses to send before CONNECTED or after the socket started closing', () => {
      const { connection, socket } = setup({}, '');
      throwsCode(() => connection.send({ destination: '/a' }), 'NOT_CONNECTED');
      socket.receive('CONNECTED\nversion:1.2\n\n\0');
      socket.readyState = 2;
      const e = throwsCode(() => connection.send({ destination: '/a' }), 'NOT_CONNECTED');
      expect(e.message).to.contain('closing');
    });

    it('sends transactions: BEGIN, COMMIT, ABORT', () => {
      const { socket, connection } = setup();
      const tx = connection.begin();
      connection.send({ destination: '/a', headers: { transaction: tx.id } });
      tx.commit();
      connection.begin('t2').abort();
      expect(socket.commands().slice(1)).to.deep.equal(['BEGIN', 'SEND', 'COMMIT', 'BEGIN', 'ABORT']);
      expect(socket.sent[3]).to.equal('COMMIT\ntransaction:' + tx.id + '\n\n\0');
      expect(socket.sent[5]).to.equal('ABORT\ntransaction:t2\n\n\0');
    });

    it('splits a long text frame into messages of maxWebSocketChunkSize, never inside a surrogate pair', () => {
      const { socket, connection } = setup({ maxWebSocketChunkSize: 10 });
      const before = socket.sent.length;
      connection.send({ destination: '/a', body: 'x'.repeat(30) + '😀'.repeat(5) });
      const parts = socket.sent.slice(before) as string[];
      expect(parts.join('')).to.equal(
        'SEND\ndestination:/a\ncontent-length:50\n\n' + 'x'.repeat(30) + '😀'.repeat(5) + '\0'
      );
      for (const p of parts) {
        expect(p.length).to.be.at.most(10);
        expect(/[\ud800-\udbff]$/.test(p) || /^[\udc00-\udfff]/.test(p), JSON.stringify(p)).to.equal(false);
      }
      expect(parts.length).to.be.greaterThan(5);
    });

    it('treats a chunk size below 2 as 2: a surrogate pair stays whole and the split ends', () => {
      for (const size of [1, 0.5]) {
        const { socket, connection } = setup({ maxWebSocketChunkSize: size });
        const before = socket.sent.length;
        connection.send({ destination: '/a', body: '😀é' });
        const parts = socket.sent.slice(before) as string[];
        expect(parts.join('')).to.equal('SEND\ndestination:/a\ncontent-length:6\n\n😀é\0');
        expect(parts, String(size)).to.include('😀');
        expect(parts.every((p) => p.length > 0 && p.length <= 2)).to.equal(true);
      }
    });

    it('sends an EOL heart-beat on request, only when connected', () => {
      const { socket, connection } = setup();
      connection.sendHeartbeat();
      expect(socket.sent[socket.sent.length - 1]).to.equal('\n');
    });
  });

  describe('receipts and the end of the session', () => {
    it('calls the receipt watcher once; other receipts go to onUnhandledReceipt', () => {
      const { socket, connection, events } = setup();
      const got: string[] = [];
      connection.watchForReceipt('r1', (f) => got.push(f.headers['receipt-id']));
      connection.send({ destination: '/a', headers: { receipt: 'r1' } });
      socket.receive('RECEIPT\nreceipt-id:r1\n\n\0RECEIPT\nreceipt-id:r1\n\n\0');
      expect(got).to.deep.equal(['r1']);
      expect(events[1][0]).to.equal('unhandled-receipt');
    });

    it('disconnect sends DISCONNECT with a receipt and closes the socket when it arrives', () => {
      const { socket, connection, kinds } = setup();
      let receipt: any = 'pending';
      connection.disconnect({}, (f) => (receipt = f));
      expect(socket.last()).to.equal('DISCONNECT\nreceipt:disconnect-0\n\n\0');
      expect(connection.state).to.equal('DISCONNECTING');
      socket.receive('RECEIPT\nreceipt-id:disconnect-0\n\n\0');
      expect(receipt.command).to.equal('RECEIPT');
      expect(socket.closeCalls).to.have.length(1);
      socket.closed(1000);
      expect(kinds()).to.deep.equal(['connected', 'close']);
    });

    it('disconnect ends with null when the socket closes before the receipt, and never hangs', () => {
      const a = setup();
      let receipt: any = 'pending';
      a.connection.disconnect(undefined, (f) => (receipt = f));
      a.socket.closed(1006, '', false);
      expect(receipt).to.equal(null);
      const b = setup({}, '');
      let early: any = 'pending';
      b.connection.disconnect(undefined, (f) => (early = f));
      expect(b.socket.closeCalls).to.have.length(1);
      b.socket.closed(1000);
      expect(early).to.equal(null);
      let late: any = 'pending';
      b.connection.disconnect(undefined, (f) => (late = f));
      expect(late).to.equal(null);
    });

    it('reports the close once with code, reason and any partial frame, and tells receipt watchers', () => {
      const { socket, connection, events } = setup();
      let lost = 0;
      connection.watchForReceipt(
        'r9',
        () => expect.fail('no receipt'),
        () => lost++
      );
      socket.receive('MESSAGE\nsubscription:x\n\npart');
      socket.closed(1006, '', false);
      socket.closed(1006, '', false);
      expect(lost).to.equal(1);
      const closes = events.filter((e) => e[0] === 'close');
      expect(closes).to.have.length(1);
      expect(closes[0][1]).to.deep.include({ code: 1006, reason: '', wasClean: false, discarded: false });
      expect(closes[0][1].partialFrame).to.be.greaterThan(0);
      expect(socket.onmessage).to.equal(null);
      expect(connection.state).to.equal('CLOSED');
    });

    it('discard() terminates a socket that can be terminated (no closing handshake with a dead peer)', () => {
      const { socket, connection } = setup();
      let terminated = 0;
      (socket as any).terminate = () => terminated++;
      connection.discard('dead peer');
      expect(terminated).to.equal(1);
      expect(socket.closeCalls).to.have.length(0);
    });

    it('discard() ends the session at once, without waiting for the socket', () => {
      const { socket, connection, events } = setup();
      connection.discard('dead peer');
      expect(socket.closeCalls).to.have.length(1);
      expect(events[1][1]).to.deep.include({ code: 1006, reason: 'dead peer', discarded: true });
      socket.closed(1006);
      expect(events).to.have.length(2);
    });

    it('a protocol error from the decoder is reported and closes the socket', () => {
      const { socket, events } = setup();
      socket.receive('MESSAGE\nk:bad\\escape\n\n\0');
      expect(events[1][0]).to.equal('protocol');
      expect(events[1][1].code).to.equal('BAD_ESCAPE');
      expect(socket.closeCalls).to.have.length(1);
    });

    it('a client command from the server goes to onUnhandledFrame', () => {
      const { socket, events } = setup();
      socket.receive('SEND\ndestination:/a\n\n\0');
      expect(events[1][0]).to.equal('unhandled-frame');
    });
  });

  describe('liveness and debug', () => {
    it('reports every incoming message as activity and EOLs as heart-beats', () => {
      let activity = 0;
      let beats = 0;
      const { socket } = setup({ onActivity: () => activity++, onHeartbeat: () => beats++ });
      socket.receive('\n');
      socket.receive('\n\n');
      socket.receive('RECEIPT\nreceipt-id:z\n\n\0');
      expect(activity).to.equal(4);
      expect(beats).to.equal(3);
    });

    it("counts SockJS h frames (sockjs-client's onheartbeat) as activity, and lets go of them at the end", () => {
      let activity = 0;
      const { socket } = setup({ onActivity: () => activity++ });
      const before = activity;
      socket.onheartbeat!({ type: 'heartbeat' });
      expect(activity).to.equal(before + 1);
      socket.closed(1000);
      expect(socket.onheartbeat).to.equal(null);
    });

    it('debug output never shows passcode or authorization values', () => {
      const lines: string[] = [];
      setup({
        debug: (l) => lines.push(l),
        connectHeaders: { login: 'u', passcode: 's3cret', Authorization: 'Bearer t0ken' }
      });
      const all = lines.join('\n');
      expect(all).to.contain('login:u');
      expect(all).to.contain('passcode:<hidden>');
      expect(all).not.to.contain('s3cret');
      expect(all).not.to.contain('t0ken');
    });
  });
});
