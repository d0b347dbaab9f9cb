// The protocol handler against a real RabbitMQ over Web-STOMP (node `ws`): negotiation,
// escaping, content-length, receipts, acknowledgements, transactions, ERROR frames and the
// end of a session, as a real broker does them.
import { expect } from 'chai';
import WebSocket from 'ws';
import { StompConnection, type ConnectionOptions } from '../../lib/engine/stomp-connection.js';
import type { StompMessage } from '../../lib/engine/stomp-message.js';
import type { StompVersion } from '../../lib/engine/versions.js';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { Inbox } from '../support/inbox.js';
import { rig } from './rabbitmq-hooks.js';

interface Session {
  connection: StompConnection;
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  errors: any[];
}

const open: Session[] = [];

function connect(options: ConnectionOptions = {}, login = rig().login): Promise<Session & { info: any }> {
  const socket = new WebSocket(rig().webStompUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
  return new Promise((resolve, reject) => {
    const errors: any[] = [];
    let closedResolve: (c: any) => void;
    const closed = new Promise<any>((r) => (closedResolve = r));
    const session: any = { socket, errors, closed };
    const connection = new StompConnection(socket as any, {
      connectHeaders: { login, passcode: rig().passcode, host: '/' },
      onConnected: (info) => resolve({ ...session, connection, info }),
      onStompError: (frame) => {
        errors.push(frame);
        reject(Object.assign(new Error('ERROR ' + frame.headers.message), { frame }));
      },
      onProtocolError: (e) => {
        errors.push(e);
        reject(e);
      },
      onClose: (info) => {
        closedResolve(info);
        reject(new Error('closed ' + info.code + ' before CONNECTED')); // no-op once connected
      },
      ...options
    });
    session.connection = connection;
    open.push(session);
  });
}

function unique(prefix: string) {
  return '/queue/' + prefix + '-' + Date.now() + '-' + Math.floor(Math.random() * 1e6);
}

describe('StompConnection against RabbitMQ Web-STOMP', function () {
  afterEach(async () => {
    for (const s of open.splice(0)) {
      if (s.connection.state !== 'CLOSED') {
        s.connection.close();
        await s.closed;
      }
    }
  });

  for (const version of ['1.2', '1.1', '1.0'] as StompVersion[]) {
    it(`negotiates STOMP ${version} and reports the server`, async () => {
      const { info, connection } = await connect({ versions: [version] });
      expect(info.version).to.equal(version);
      expect(connection.version).to.equal(version);
      expect(info.server).to.match(/^RabbitMQ\//);
      expect(info.session).to.be.a('string').and.not.equal('');
    });
  }

  it("negotiates heart-beats and receives the broker's EOLs", async () => {
    let beat!: () => void;
    const beats = new Promise<void>((r) => (beat = r));
    const { info } = await connect({ heartbeat: { outgoing: 1000, incoming: 1000 }, onHeartbeat: () => beat() });
    expect(info.heartbeat.incoming).to.be.at.least(1000);
    expect(info.heartbeat.outgoing).to.be.at.least(1000);
    await beats;
  });

  it("refuses a bad login with the broker's ERROR frame, then the socket closes", async () => {
    let error: any;
    try {
      await connect({}, 'nobody');
    } catch (e) {
      error = e;
    }
    expect(error, 'connect should fail').to.exist;
    expect(error.frame.command).to.equal('ERROR');
    // RabbitMQ 3.10: message "Bad CONNECT", the reason in the body; it leaves the socket open,
    // so the connection closes it.
    expect(error.frame.headers.message + ' ' + error.frame.body).to.match(/access refused/i);
    const session = open[open.length - 1];
    await session.closed;
    expect(session.connection.state).to.equal('CLOSED');
  });

  it('round-trips UTF-8, NUL inside a body, and a 60 KiB body, with exact content-length', async () => {
    const { connection } = await connect();
    const inbox = new Inbox();
    const destination = unique('bodies');
    await subscribed(connection, destination, inbox.push);
    const bodies = ['héllo wörld € 😀', 'before\0after', 'x'.repeat(60 * 1024 - 200) + '€'];
    for (const body of bodies) connection.send({ destination, body });
    for (const body of bodies) {
      const m = await inbox.next();
      expect(m.body).to.equal(body);
      expect(m.headers['content-length']).to.equal(String(Buffer.byteLength(body)));
    }
  });

  for (const version of ['1.2', '1.1'] as StompVersion[]) {
    it(`escapes and unescapes header values in STOMP ${version}`, async () => {
      const { connection } = await connect({ versions: [version] });
      const inbox = new Inbox();
      const destination = unique('escape' + version.replace('.', ''));
      await subscribed(connection, destination, inbox.push);
      const value = 'a:b\\c\nd';
      connection.send({ destination, headers: { 'x-odd': value, 'x-key:colon': 'v' }, body: 'e' });
      const m = await inbox.next();
      expect(m.headers['x-odd']).to.equal(value);
      expect(m.headers['x-key:colon']).to.equal('v');
    });
  }

  for (const version of ['1.2', '1.1'] as const) {
    it(`acknowledges in ${version} (${version === '1.2' ? 'ack header' : 'message-id and subscription'}): nack redelivers, ack removes`, async () => {
      const destination = unique('acks' + version.replace('.', ''));
      const { connection, errors, closed } = await connect({ versions: [version] });
      const inbox = new Inbox();
      await subscribed(connection, destination, inbox.push, { ack: 'client-individual' });
      connection.send({ destination, body: 'one' });
      const first = await inbox.next();
      if (version === '1.2') expect(first.headers.ack).to.be.a('string');
      first.nack();
      const again = await inbox.next();
      expect(again.body).to.equal('one');
      expect(again.headers.redelivered).to.equal('true');
      again.ack();
      // The broker has the ACK once a later receipted frame is answered; RabbitMQ keeps an unacked
      // message with the session, so only a new session shows whether it was removed.
      await receipt(connection, { command: 'SEND', destination: unique('after-ack'), body: 'x' });
      connection.close();
      await closed;
      expect(errors).to.deep.equal([]);
      const next = await connect({ versions: [version] });
      const later = new Inbox();
      await subscribed(next.connection, destination, later.push);
      next.connection.send({ destination, body: 'marker' });
      expect((await later.next()).body, 'the acked message is gone').to.equal('marker');
    });
  }

  it("delivers a transaction's messages on commit and none of an aborted one", async () => {
    const { connection } = await connect();
    const destination = unique('tx');
    const inbox = new Inbox();
    await subscribed(connection, destination, inbox.push);
    const aborted = connection.begin();
    connection.send({ destination, body: 'aborted', headers: { transaction: aborted.id } });
    aborted.abort();
    const tx = connection.begin();
    connection.send({ destination, body: 'committed', headers: { transaction: tx.id } });
    tx.commit();
    connection.send({ destination, body: 'after' });
    expect((await inbox.next()).body).to.equal('committed');
    expect((await inbox.next()).body).to.equal('after');
  });

  it("reports the broker's ERROR for a bad destination with its message; the session goes on", async () => {
    let error!: (f: any) => void;
    const errored = new Promise<any>((r) => (error = r));
    const { connection } = await connect({ onStompError: (f) => error(f) });
    connection.subscribe('/nonsense/x', () => {});
    const frame = await errored;
    expect(frame.headers.message).to.be.a('string').and.not.equal('');
    // Still answered after the ERROR: the broker did not close the session a moment later.
    await receipt(connection, { command: 'SEND', destination: unique('alive'), body: 'x' });
    expect(connection.state).to.equal('CONNECTED');
  });

  it('disconnects: RabbitMQ Web-STOMP closes with 1000 instead of sending the RECEIPT, and that ends it too', async () => {
    const { connection, closed } = await connect();
    const frame = await new Promise<any>((r) => connection.disconnect(undefined, r));
    expect(frame).to.equal(null);
    expect((await closed).code).to.equal(1000);
    expect(connection.state).to.equal('CLOSED');
  });

  it('disconnects over TCP with the RECEIPT', async () => {
    const socket = tcpSocket({ host: rig().stompHost, port: rig().stompPort });
    let closedInfo!: (i: any) => void;
    const closed = new Promise<any>((r) => (closedInfo = r));
    const connection = await new Promise<StompConnection>((resolve) => {
      const c: StompConnection = new StompConnection(socket, {
        connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
        onConnected: () => resolve(c),
        onClose: (i) => closedInfo(i)
      });
    });
    const frame = await new Promise<any>((r) => connection.disconnect(undefined, r));
    expect(frame.command).to.equal('RECEIPT');
    expect((await closed).wasClean).to.equal(true);
  });
});

function receipt(connection: StompConnection, frame: { command: 'SEND'; destination: string; body: string }) {
  const id = 'rc-' + Math.random();
  return new Promise((r) => {
    connection.watchForReceipt(id, r);
    connection.send({ destination: frame.destination, body: frame.body, headers: { receipt: id } });
  });
}

/** Subscribes and waits for the broker's receipt, so nothing sent afterwards can be missed. */
function subscribed(
  connection: StompConnection,
  destination: string,
  onMessage: (m: StompMessage) => void,
  headers: any = {}
) {
  const id = 'sub-rc-' + Math.random();
  return new Promise((r) => {
    connection.watchForReceipt(id, r);
    connection.subscribe(destination, onMessage, { ...headers, receipt: id });
  });
}
