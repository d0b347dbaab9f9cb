// The package's compat API (Stomp.over, CompatClient) against @stomp/stompjs 7.5's: the same
// calls on scripted sockets, the frames sent and the callbacks called compared. Clients from
// the package's Stomp behave as @stomp/stompjs's; the script-tag global's as stomp.js 2.3.3's
// (test/legacy/).
import FakeTimers from '@sinonjs/fake-timers';
import { expect } from 'chai';
import * as stompjs from '@stomp/stompjs';
import * as ours from '../../lib/index.js';
import { ScriptedSocket } from '../support/scripted-socket.js';

type Lib = typeof stompjs | typeof ours;

/** A compat client from `lib` over scripted sockets; `seen` collects what the program observes. */
function program(lib: Lib) {
  const sockets: ScriptedSocket[] = [];
  let made: (() => void) | null = null;
  const client: any = (lib.Stomp as any).over(() => {
    const s = new ScriptedSocket();
    (s as any).url = 'ws://broker/ws';
    sockets.push(s);
    if (made) made();
    return s;
  });
  client.debug = () => {};
  const seen: string[] = [];
  const frames = () =>
    sockets
      .flatMap((s) => s.sent.map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d))))
      .filter((f) => f !== '\n');
  const current = () => sockets[sockets.length - 1];
  /** The first socket, once made: @stomp/stompjs makes it after a promise, not within connect(). */
  const socketMade = () =>
    sockets.length ? Promise.resolve(current()) : new Promise<ScriptedSocket>((r) => (made = () => r(current())));
  return { client, sockets, seen, frames, current, socketMade };
}

/** A frame as command and sorted header lines, body: header order and the receipt id of DISCONNECT differ on purpose. */
function normal(frame: string): string {
  const [head, body] = frame.split('\n\n');
  const [command, ...headers] = head.split('\n');
  return (
    command +
    ' ' +
    headers
      .filter((h) => !h.startsWith('receipt:'))
      .sort()
      .join(' ') +
    ' | ' +
    body
  );
}

async function both(run: (lib: Lib) => Promise<string[]>) {
  const theirs = await run(stompjs);
  const mine = await run(ours);
  return { theirs, mine };
}

describe('CompatClient and Stomp of the package, against @stomp/stompjs 7.5 (scripted sockets)', () => {
  it('connect(headers, connect, error, closeEvent), subscribe, send, ack, transactions, onreceive, onreceipt, disconnect', async () => {
    const { theirs, mine } = await both(async (lib) => {
      const p = program(lib);
      const { client, seen } = p;
      client.heartbeat.incoming = 0;
      client.heartbeat.outgoing = 0;
      client.onreceive = (m: any) => seen.push('onreceive ' + m.body);
      client.onreceipt = (f: any) => seen.push('onreceipt ' + f.headers['receipt-id']);
      client.connect(
        { login: 'u', passcode: 'p' },
        (f: any) => seen.push('connected ' + f.headers.version),
        (f: any) => seen.push('error ' + (typeof f === 'string' ? f : f.headers.message)),
        (e: any) => seen.push('close ' + e.code)
      );
      await p.socketMade();
      const s = p.current();
      s.open();
      s.receive('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0');
      seen.push('ws ' + (client.ws === s) + ' version ' + client.version + ' connected ' + client.connected);
      const sub = client.subscribe(
        '/queue/a',
        (m: any) => {
          seen.push('message ' + m.body);
          m.ack();
        },
        { ack: 'client', id: 'mine' }
      );
      client.send('/queue/a', { priority: '9' }, 'hello');
      client.send('/queue/a', { 'content-length': false }, 'no length');
      s.receive('MESSAGE\nsubscription:mine\nmessage-id:1\nack:a1\n\nhello\0');
      s.receive('MESSAGE\nsubscription:other\nmessage-id:2\nack:a2\n\nstray\0');
      s.receive('RECEIPT\nreceipt-id:r7\n\n\0');
      const tx = client.begin('tx1');
      tx.commit();
      sub.unsubscribe();
      s.receive('ERROR\nmessage:oops\n\n\0');
      client.disconnect(() => seen.push('disconnected'));
      const disconnect = s.last();
      const receipt = /receipt:(.*)\n/.exec(disconnect)![1];
      s.receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\0');
      s.closed(1000, '', true);
      seen.push('active ' + client.active);
      return seen.concat(p.frames().map(normal));
    });
    expect(mine).to.deep.equal(theirs);
  });

  it('connect(login, passcode, connect, error, closeEvent, host) sends the host and calls the close callback', async () => {
    const { theirs, mine } = await both(async (lib) => {
      const p = program(lib);
      p.client.heartbeat.incoming = p.client.heartbeat.outgoing = 0;
      p.client.connect(
        'guest',
        'secret',
        () => p.seen.push('connected'),
        () => p.seen.push('error'),
        () => p.seen.push('close'),
        'vhost-a'
      );
      await p.socketMade();
      p.current().open();
      p.current().receive('CONNECTED\nversion:1.2\n\n\0');
      p.current().closed(1006, '', false);
      p.client.deactivate();
      return p.seen.concat(p.frames().map(normal));
    });
    expect(mine).to.deep.equal(theirs);
  });

  it('a lost connection does not reach the error callback (it is for ERROR frames); reconnect_delay reconnects', async () => {
    const { theirs, mine } = await both(async (lib) => {
      // Both libraries time the reconnect with the host's timers: faked, so it is checked to the millisecond.
      const clock = FakeTimers.install({
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date']
      });
      try {
        const p = program(lib);
        p.client.heartbeat.incoming = p.client.heartbeat.outgoing = 0;
        p.client.reconnect_delay = 20;
        let second!: () => void;
        const reopened = new Promise<void>((r) => (second = r));
        p.client.connect(
          {},
          () => {
            p.seen.push('connected');
            if (p.sockets.length === 2) second();
          },
          (e: any) => p.seen.push('error ' + e)
        );
        await clock.tickAsync(0);
        p.current().open();
        p.current().receive('CONNECTED\nversion:1.2\n\n\0');
        p.current().closed(1006, '', false);
        await clock.tickAsync(19);
        p.seen.push('sockets after 19 ms: ' + p.sockets.length);
        await clock.tickAsync(1);
        p.seen.push('sockets after 20 ms: ' + p.sockets.length);
        p.current().open();
        p.current().receive('CONNECTED\nversion:1.2\n\n\0');
        await reopened;
        const done = p.client.deactivate();
        const receipt = /receipt:(.*)\n/.exec(p.current().last())![1];
        p.current().receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\0');
        p.current().closed(1000, '', true);
        await done;
        return p.seen;
      } finally {
        clock.uninstall();
      }
    });
    expect(mine).to.deep.equal(theirs);
    expect(mine).to.deep.equal(['connected', 'sockets after 19 ms: 1', 'sockets after 20 ms: 2', 'connected']);
  });

  it('Stomp.over(socket) warns that the client cannot reconnect, as @stomp/stompjs', () => {
    const warned: unknown[] = [];
    const original = console.warn;
    console.warn = (m: unknown) => {
      warned.push(m);
    };
    try {
      (stompjs.Stomp as any).over(new ScriptedSocket());
      ours.Stomp.over(new ScriptedSocket());
    } finally {
      console.warn = original;
    }
    expect(warned).to.have.length(2);
    expect(String(warned[1])).to.match(/cannot reconnect/);
  });

  it('Stomp.client(url) uses Stomp.WebSocketClass when set, with the url and the subprotocols', async () => {
    const made: unknown[][] = [];
    class Recorder extends ScriptedSocket {
      constructor(...args: unknown[]) {
        super();
        made.push(args);
      }
    }
    const original = ours.Stomp.WebSocketClass;
    ours.Stomp.WebSocketClass = Recorder;
    try {
      const client = ours.Stomp.client('ws://broker/ws');
      client.connect({}, () => {});
      expect(made).to.deep.equal([['ws://broker/ws', ['v12.stomp', 'v11.stomp', 'v10.stomp']]]);
      client.deactivate();
    } finally {
      ours.Stomp.WebSocketClass = original;
    }
  });

  it('CompatClient is a Client: instanceof, and the modern API works on it', () => {
    const client = ours.Stomp.over(() => new ScriptedSocket() as any);
    expect(client).to.be.instanceOf(ours.CompatClient);
    expect(client).to.be.instanceOf(ours.Client);
    expect(client.stompVersions.supportedVersions()).to.equal('1.2,1.1,1.0');
  });
});
