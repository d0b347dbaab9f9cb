// Drop-in proof, behaviour by behaviour: for each @stomp/stompjs 7.5 behaviour on the list, ONE
// program written as a stompjs user would write it runs with @stomp/stompjs and with
// stomp-anywhere (`lib` is the module; nothing in a program knows which one it runs on) against
// the same RabbitMQ, and what the two observe is compared. stompjs observing it proves the
// test right; ours observing the same proves it drop-in. Where stompjs is known to differ on
// purpose (see README "Coming from @stomp/stompjs"), the title says so and both sides are
// asserted.
//
// Programs that could crash the process (an "Unhandled 'error' event" from ws, an uncaught
// exception) run in a child process: stompjs-behaviour.child.ts.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as stompjs from '@stomp/stompjs';
import WebSocket from 'ws';
import * as ours from '../../lib/index.js';
import { rig } from './rabbitmq-hooks.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CHILD = path.join(HERE, 'stompjs-behaviour.child.ts');
const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

// ---------------------------------------------------------------------------------------------
// Harness (not part of any program)

type Lib = typeof stompjs | typeof ours;
const LIBS: [string, Lib][] = [
  ['stompjs', stompjs],
  ['ours', ours]
];

let counter = 0;
/** A unique queue name for one library's run of one test. */
function queueName(what: string, libName: string): string {
  return (
    '/queue/behaviour-' +
    what +
    '-' +
    libName +
    '-' +
    Date.now() +
    '-' +
    counter++ +
    '-' +
    Math.floor(Math.random() * 1e6)
  );
}

/**
 * `lib` with its Client counted, so that the harness can deactivate every client a program
 * left active (a failed run must not leave timers behind). Programs still see `lib.Client`,
 * a subclass that behaves as the library's own.
 */
function tracked(lib: Lib, clients: any[]): any {
  const Base = lib.Client as any;
  class Client extends Base {
    constructor(conf?: unknown) {
      super(conf);
      clients.push(this);
    }
  }
  return new Proxy(lib, { get: (target, name) => (name === 'Client' ? Client : (target as any)[name]) });
}

/** Runs `program` with one library, bounded by `ms`; every client it made is deactivated after. */
async function runWith<T>(libName: string, lib: Lib, ms: number, program: (lib: any) => Promise<T>): Promise<T> {
  const clients: any[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      program(tracked(lib, clients)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(libName + ': the program did not finish within ' + ms + ' ms')), ms);
      })
    ]);
  } finally {
    clearTimeout(timer);
    for (const c of clients) {
      if (c.state === lib.ActivationState.INACTIVE) continue;
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        c.deactivate({ force: true }),
        new Promise((r) => {
          t = setTimeout(r, 3000);
        })
      ]);
      clearTimeout(t);
    }
  }
}

/** Runs `program` with @stomp/stompjs, then with ours: [theirs, mine]. */
async function both<T>(ms: number, program: (lib: any, libName: string) => Promise<T>): Promise<[T, T]> {
  const theirs = await runWith('stompjs', stompjs, ms, (lib) => program(lib, 'stompjs'));
  const mine = await runWith('ours', ours, ms, (lib) => program(lib, 'ours'));
  return [theirs, mine];
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  result: any;
  stderr: string;
}

/** Runs one program of stompjs-behaviour.child.ts in its own node process. */
function runChild(program: string, libName: string, args: unknown = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, program, libName, JSON.stringify(args)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 40000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '));
      resolve({ code, signal, result: line ? JSON.parse(line.slice(7)) : undefined, stderr });
    });
  });
}

/** A port on loopback where nothing listens (connections are refused at once). */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** What a tapped socket was given to send. */
interface Sent {
  kind: 'text' | 'binary';
  text: string;
}

/** Test doubles around a `ws` WebSocket: records what is sent; can freeze or alter what arrives. */
interface Tap {
  sent: Sent[];
  /** Stop delivering the broker's messages (a frozen peer, as the client sees it). */
  frozen: boolean;
  /** Strip the NUL (and the LF RabbitMQ puts after it) that ends each text message. */
  stripTrailingNul: boolean;
  onSend?: (s: Sent) => void;
}

function newTap(): Tap {
  return { sent: [], frozen: false, stripTrailingNul: false };
}

function toText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  const v = data as ArrayBufferView;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
}

/** A WebSocket-like object over a real `ws` socket, with `tap` in between. */
function tappedSocket(url: string, protocols: string[], tap: Tap): any {
  const ws = new WebSocket(url, protocols);
  const socket: any = {
    get readyState() {
      return ws.readyState;
    },
    get url() {
      return ws.url;
    },
    get protocol() {
      return ws.protocol;
    },
    get binaryType() {
      return ws.binaryType;
    },
    set binaryType(v: any) {
      ws.binaryType = v;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data: any) {
      const s: Sent = { kind: typeof data === 'string' ? 'text' : 'binary', text: toText(data) };
      tap.sent.push(s);
      if (tap.onSend) tap.onSend(s);
      ws.send(data);
    },
    close(code?: number, reason?: string) {
      ws.close(code, reason);
    },
    terminate() {
      ws.terminate();
    }
  };
  ws.onopen = (e) => {
    if (socket.onopen) socket.onopen(e);
  };
  ws.onmessage = (e) => {
    if (tap.frozen) return;
    let data: any = e.data;
    if (tap.stripTrailingNul && typeof data === 'string') data = data.replace(/\0\n?$/, '');
    if (socket.onmessage) socket.onmessage({ type: 'message', data });
  };
  ws.onclose = (e) => {
    if (socket.onclose) socket.onclose({ type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean });
  };
  ws.onerror = (e) => {
    if (socket.onerror) socket.onerror(e);
  };
  return socket;
}

/** The command of a frame as sent (the first line), or 'EOL' for a heart-beat. */
function commandOf(text: string): string {
  return /^\r?\n$/.test(text) ? 'EOL' : text.split('\n')[0];
}

describe('@stomp/stompjs 7.5 behaviours: one program, both libraries, real RabbitMQ', function () {
  this.timeout(60000);

  let url: string;
  let login: string;
  let passcode: string;
  before(() => {
    const r = rig();
    url = r.webStompUrl;
    login = r.login;
    passcode = r.passcode;
  });

  // -------------------------------------------------------------------------------------------
  // 1. Node crash when the handshake is cut while CONNECTING
  describe('1. handshake cut while CONNECTING (ws to a server that never answers the upgrade; child process)', () => {
    for (const program of ['deactivateDuringHandshake', 'connectionTimeoutDuringHandshake']) {
      it(program + ': both processes exit 0, and observe the same', async () => {
        const theirs = await runChild(program, 'stompjs');
        const mine = await runChild(program, 'ours');
        expect(theirs.code, 'stompjs exit status; stderr: ' + theirs.stderr).to.equal(0);
        expect(mine.code, 'our exit status; stderr: ' + mine.stderr).to.equal(0);
        const S = stompjs.ActivationState;
        expect(theirs.result).to.include({ sockets: 1, closes: 1, deactivateResolved: true, stateAfter: S.INACTIVE });
        expect(theirs.result.states).to.deep.equal([S.ACTIVE, S.DEACTIVATING, S.INACTIVE]);
        // onWebSocketError: stompjs passes on ws's 'error' ("closed before the connection was
        // established") that its own close() caused; not compared (see the report).
        const comparable = (r: any) => ({ ...r, errors: undefined, closedAfterMs: undefined });
        expect(comparable(mine.result)).to.deep.equal(comparable(theirs.result));
        if (program === 'connectionTimeoutDuringHandshake') {
          expect(theirs.result.closedAfterMs).to.be.within(490, 3000);
          expect(mine.result.closedAfterMs).to.be.within(490, 3000);
        }
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  // 2. A throwing subscription callback
  it('2. a subscription callback that throws: both messages delivered (2 of 2), no crash (child process)', async () => {
    const args = (libName: string) => ({ url, login, passcode, queue: queueName('throwing', libName) });
    const theirs = await runChild('throwingSubscriptionCallback', 'stompjs', args('stompjs'));
    const mine = await runChild('throwingSubscriptionCallback', 'ours', args('ours'));
    expect(theirs.code, 'stompjs exit status; stderr: ' + theirs.stderr).to.equal(0);
    expect(mine.code, 'our exit status; stderr: ' + mine.stderr).to.equal(0);
    expect(theirs.result).to.deep.equal({ delivered: ['first', 'second'], connectedAfterThrow: true, timedOut: false });
    expect(mine.result).to.deep.equal(theirs.result);
  });

  // -------------------------------------------------------------------------------------------
  // 3. publish of a body over 64 KiB
  /** Publishes `size` bytes (UTF-8, with multi-byte characters) and waits for them to come back. */
  function largeBody(lib: any, queue: string, size: number) {
    // 'é' is 2 bytes, '😀' 4: the body is `size` bytes, fewer characters.
    const unit = 'abcdefghijé😀'; // 16 bytes
    const body = unit.repeat(Math.floor(size / 16)) + 'x'.repeat(size % 16);
    return new Promise<{ threw: string | null; sameBody: boolean; bytes: number; contentLength: string }>(
      (resolve, reject) => {
        const client = new lib.Client({
          webSocketFactory: () => new WebSocket(url, PROTOCOLS),
          connectHeaders: { login, passcode },
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          reconnectDelay: 0,
          onStompError: (frame: any) => reject(new Error('ERROR frame: ' + frame.headers.message)),
          onWebSocketClose: (e: any) => {
            if (client.active) reject(new Error('closed ' + e.code + ' ' + e.reason));
          }
        });
        client.onConnect = () => {
          client.subscribe(queue, (message: any) => {
            const seen = {
              threw: null,
              sameBody: message.body === body,
              bytes: message.binaryBody.length,
              contentLength: message.headers['content-length']
            };
            client.deactivate().then(() => resolve(seen));
          });
          try {
            client.publish({ destination: queue, body });
          } catch (e) {
            client.deactivate().then(() => resolve({ threw: String(e), sameBody: false, bytes: 0, contentLength: '' }));
          }
        };
        client.activate();
      }
    );
  }

  for (const size of [200 * 1024, 1024 * 1024]) {
    it('3. publish of a ' + size / 1024 + ' KiB body round-trips over Web-STOMP, no exception', async () => {
      const [theirs, mine] = await both(30000, (lib, libName) => largeBody(lib, queueName('large', libName), size));
      expect(theirs).to.deep.equal({ threw: null, sameBody: true, bytes: size, contentLength: String(size) });
      expect(mine).to.deep.equal(theirs);
    });
  }

  // -------------------------------------------------------------------------------------------
  // 4. Reconnect timing
  /** Drops a working connection three times (forceDisconnect in onConnect); the gaps close -> next socket. */
  function linearReconnect(lib: any) {
    return new Promise<number[]>((resolve) => {
      const gaps: number[] = [];
      let closedAt = 0;
      let connects = 0;
      const client = new lib.Client({
        webSocketFactory: () => {
          if (closedAt) gaps.push(performance.now() - closedAt);
          return new WebSocket(url, PROTOCOLS);
        },
        connectHeaders: { login, passcode },
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 400,
        onWebSocketClose: () => {
          closedAt = performance.now();
        }
      });
      client.onConnect = () => {
        connects++;
        if (connects <= 3) client.forceDisconnect();
        else client.deactivate().then(() => resolve(gaps));
      };
      client.activate();
    });
  }

  it('4a. reconnectDelay 400, LINEAR (the default): every gap from onWebSocketClose to the next socket is 400 ms (never less)', async () => {
    const [theirs, mine] = await both(30000, linearReconnect);
    for (const [name, gaps] of [
      ['stompjs', theirs],
      ['ours', mine]
    ] as [string, number[]][]) {
      expect(gaps, name + ' gaps').to.have.length(3);
      // 1 ms of rounding in node's timers; up to 300 ms late on a loaded machine.
      for (const g of gaps) expect(g, name + ' gaps ' + gaps.map(Math.round)).to.be.within(399, 700);
    }
  });

  /** An unreachable broker: each attempt fails at once; the gaps between attempts. */
  function exponentialReconnect(lib: any, deadUrl: string) {
    return new Promise<number[]>((resolve) => {
      const gaps: number[] = [];
      let closedAt = 0;
      const client = new lib.Client({
        webSocketFactory: () => {
          if (closedAt) gaps.push(performance.now() - closedAt);
          return new WebSocket(deadUrl, PROTOCOLS);
        },
        reconnectDelay: 50,
        reconnectTimeMode: lib.ReconnectionTimeMode.EXPONENTIAL,
        maxReconnectDelay: 0 // no limit
      });
      client.onWebSocketClose = () => {
        closedAt = performance.now();
        if (gaps.length >= 5) client.deactivate().then(() => resolve(gaps));
      };
      client.activate();
    });
  }

  it('4b. EXPONENTIAL with maxReconnectDelay 0 (no limit): the delays double, 50 100 200 400 800 ms', async () => {
    const deadUrl = 'ws://127.0.0.1:' + (await unusedPort()) + '/ws';
    const [theirs, mine] = await both(30000, (lib) => exponentialReconnect(lib, deadUrl));
    const expected = [50, 100, 200, 400, 800];
    for (const [name, gaps] of [
      ['stompjs', theirs],
      ['ours', mine]
    ] as [string, number[]][]) {
      expect(gaps, name + ' gaps').to.have.length(5);
      gaps.forEach((g, i) =>
        expect(g, name + ' gaps ' + gaps.map(Math.round)).to.be.within(expected[i] - 1, expected[i] + 250)
      );
    }
  });

  // -------------------------------------------------------------------------------------------
  // 5. Default stompVersions
  function defaultVersions(lib: any) {
    return new Promise<{ protocols: string[]; supported: string; version: string }>((resolve) => {
      let protocols: string[] = [];
      let supported = '';
      const client = new lib.Client({
        connectHeaders: { login, passcode },
        reconnectDelay: 0
      });
      client.webSocketFactory = () => {
        protocols = client.stompVersions.protocolVersions();
        supported = client.stompVersions.supportedVersions();
        return new WebSocket(url, protocols);
      };
      client.onConnect = (frame: any) => {
        client.deactivate().then(() => resolve({ protocols, supported, version: frame.headers.version }));
      };
      client.activate();
    });
  }

  it('5. default stompVersions: protocolVersions() and supportedVersions() work inside webSocketFactory, and it connects', async () => {
    const [theirs, mine] = await both(20000, defaultVersions);
    expect(theirs).to.deep.equal({
      protocols: ['v12.stomp', 'v11.stomp', 'v10.stomp'],
      supported: '1.2,1.1,1.0',
      version: '1.2'
    });
    expect(mine).to.deep.equal(theirs);
  });

  // -------------------------------------------------------------------------------------------
  // 6. client.state inside onWebSocketClose after deactivate()
  function stateInClose(lib: any) {
    return new Promise<{ state: number; active: boolean; isInactive: boolean }>((resolve) => {
      let seen: { state: number; active: boolean; isInactive: boolean };
      const client = new lib.Client({
        webSocketFactory: () => new WebSocket(url, PROTOCOLS),
        connectHeaders: { login, passcode },
        onConnect: () => {
          client.deactivate().then(() => resolve(seen));
        },
        onWebSocketClose: () => {
          seen = {
            state: client.state,
            active: client.active,
            isInactive: client.state === lib.ActivationState.INACTIVE
          };
        }
      });
      client.activate();
    });
  }

  it('6. client.state inside onWebSocketClose after deactivate() is INACTIVE', async () => {
    const [theirs, mine] = await both(20000, stateInClose);
    expect(theirs).to.deep.equal({ state: stompjs.ActivationState.INACTIVE, active: false, isInactive: true });
    expect(mine).to.deep.equal(theirs);
  });

  // -------------------------------------------------------------------------------------------
  // 7. skipContentLengthHeader with a binaryBody
  function skipContentLengthBinary(lib: any, queue: string) {
    // NULs: only a content-length header gets these through. (Valid UTF-8: RabbitMQ Web-STOMP
    // sends every frame as a text WebSocket message, and ws closes 1007 on invalid UTF-8.)
    const bytes = new Uint8Array([0, 1, 0x41, 0, 0xc3, 0xa9, 0x7f, 0]);
    return new Promise<{ threw: string | null; received: number[]; contentLength: string; sentWithLength: boolean }>(
      (resolve) => {
        const tap = newTap();
        const client = new lib.Client({
          webSocketFactory: () => tappedSocket(url, PROTOCOLS, tap),
          connectHeaders: { login, passcode },
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          reconnectDelay: 0
        });
        client.onConnect = () => {
          client.subscribe(queue, (message: any) => {
            const send = tap.sent.find((s) => commandOf(s.text) === 'SEND');
            const seen = {
              threw: null,
              received: Array.from(message.binaryBody as Uint8Array),
              contentLength: message.headers['content-length'],
              sentWithLength: !!send && /\ncontent-length:8\n/.test(send.text)
            };
            client.deactivate().then(() => resolve(seen));
          });
          try {
            client.publish({
              destination: queue,
              binaryBody: bytes,
              skipContentLengthHeader: true,
              headers: { 'content-type': 'application/octet-stream' }
            });
          } catch (e) {
            client
              .deactivate()
              .then(() => resolve({ threw: String(e), received: [], contentLength: '', sentWithLength: false }));
          }
        };
        client.activate();
      }
    );
  }

  it('7. skipContentLengthHeader: true with a binaryBody: no throw, the bytes arrive (content-length is still sent)', async () => {
    const [theirs, mine] = await both(20000, (lib, libName) =>
      skipContentLengthBinary(lib, queueName('skip-cl', libName))
    );
    expect(theirs).to.deep.equal({
      threw: null,
      received: [0, 1, 0x41, 0, 0xc3, 0xa9, 0x7f, 0],
      contentLength: '8',
      sentWithLength: true
    });
    expect(mine).to.deep.equal(theirs);
  });

  // -------------------------------------------------------------------------------------------
  // 8. Options stompjs documents
  describe('8. options', () => {
    /** What the debug lines show of the frames, with logRawCommunication on or off. */
    function rawLogging(lib: any, queue: string, raw: boolean) {
      const marker = 'raw-body-' + Math.floor(Math.random() * 1e9);
      return new Promise<{
        connectRaw: boolean;
        connectedRaw: boolean;
        sendWithBody: boolean;
        messageWithBody: boolean;
      }>((resolve) => {
        const lines: string[] = [];
        const client = new lib.Client({
          webSocketFactory: () => new WebSocket(url, PROTOCOLS),
          connectHeaders: { login, passcode },
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          reconnectDelay: 0,
          logRawCommunication: raw,
          debug: (line: string) => lines.push(line)
        });
        client.onConnect = () => {
          client.subscribe(queue, () => {
            client.deactivate().then(() =>
              resolve({
                connectRaw: lines.some(
                  (l) => l.includes('CONNECT\n') && l.includes('accept-version:1.2,1.1,1.0') && l.includes('\0')
                ),
                connectedRaw: lines.some(
                  (l) => l.includes('CONNECTED\n') && l.includes('version:1.2') && l.includes('\0')
                ),
                sendWithBody: lines.some((l) => l.includes('SEND\n') && l.includes(marker)),
                messageWithBody: lines.some((l) => l.includes('MESSAGE\n') && l.includes(marker))
              })
            );
          });
          client.publish({ destination: queue, body: marker });
        };
        client.activate();
      });
    }

    it('logRawCommunication: true: debug lines carry the raw frames (with bodies and NULs); false: they do not', async () => {
      const [theirs, mine] = await both(20000, (lib, libName) => rawLogging(lib, queueName('raw-log', libName), true));
      expect(theirs).to.deep.equal({ connectRaw: true, connectedRaw: true, sendWithBody: true, messageWithBody: true });
      expect(mine).to.deep.equal(theirs);
      const [theirsOff, mineOff] = await both(20000, (lib, libName) =>
        rawLogging(lib, queueName('raw-log-off', libName), false)
      );
      expect(theirsOff).to.deep.equal({
        connectRaw: false,
        connectedRaw: false,
        sendWithBody: false,
        messageWithBody: false
      });
      expect(mineOff).to.deep.equal(theirsOff);
    });

    /** The kind of WebSocket message each frame went out as. */
    function binaryFrames(lib: any, queue: string, force: boolean) {
      return new Promise<{ sent: string[]; body: string }>((resolve) => {
        const tap = newTap();
        const client = new lib.Client({
          webSocketFactory: () => tappedSocket(url, PROTOCOLS, tap),
          connectHeaders: { login, passcode },
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          reconnectDelay: 0,
          forceBinaryWSFrames: force
        });
        client.onConnect = () => {
          client.subscribe(
            queue,
            (message: any) => {
              client
                .deactivate()
                .then(() =>
                  resolve({ sent: tap.sent.map((s) => commandOf(s.text) + ' ' + s.kind), body: message.body })
                );
            },
            { id: 'sub-a' }
          );
          client.publish({ destination: queue, body: 'héllo binary' });
        };
        client.activate();
      });
    }

    it('forceBinaryWSFrames: true sends every frame as a binary WebSocket message (RabbitMQ takes them); false as text', async () => {
      const [theirs, mine] = await both(20000, (lib, libName) =>
        binaryFrames(lib, queueName('binary-ws', libName), true)
      );
      expect(theirs).to.deep.equal({
        sent: ['CONNECT binary', 'SUBSCRIBE binary', 'SEND binary', 'DISCONNECT binary'],
        body: 'héllo binary'
      });
      expect(mine).to.deep.equal(theirs);
      const [theirsOff, mineOff] = await both(20000, (lib, libName) =>
        binaryFrames(lib, queueName('text-ws', libName), false)
      );
      expect(theirsOff).to.deep.equal({
        sent: ['CONNECT text', 'SUBSCRIBE text', 'SEND text', 'DISCONNECT text'],
        body: 'héllo binary'
      });
      expect(mineOff).to.deep.equal(theirsOff);
    });

    /** The broker's text messages arrive without their NUL; with the option the frames still parse. */
    function missingNul(lib: any, queue: string, append: boolean) {
      return new Promise<{ connected: boolean; bodies: string[] }>((resolve) => {
        const bodies: string[] = [];
        let connected = false;
        const client = new lib.Client({
          webSocketFactory: () => {
            const tap = newTap();
            tap.stripTrailingNul = true;
            return tappedSocket(url, PROTOCOLS, tap);
          },
          connectHeaders: { login, passcode },
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          reconnectDelay: 0,
          appendMissingNULLonIncoming: append
        });
        // Without the option no frame is ever complete: give up after 2 s.
        const giveUp = setTimeout(() => client.deactivate().then(() => resolve({ connected, bodies })), 2000);
        client.onConnect = () => {
          connected = true;
          client.subscribe(queue, (message: any) => {
            bodies.push(message.body);
            if (bodies.length === 2) {
              clearTimeout(giveUp);
              client.deactivate().then(() => resolve({ connected, bodies }));
            }
          });
          client.publish({ destination: queue, body: 'one' });
          client.publish({ destination: queue, body: 'two 😀' });
        };
        client.activate();
      });
    }

    it("appendMissingNULLonIncoming: with the broker's trailing NULs stripped, true still delivers (false never connects)", async () => {
      const [theirs, mine] = await both(20000, (lib, libName) => missingNul(lib, queueName('nul', libName), true));
      expect(theirs).to.deep.equal({ connected: true, bodies: ['one', 'two 😀'] });
      expect(mine).to.deep.equal(theirs);
      const [theirsOff, mineOff] = await both(20000, (lib, libName) =>
        missingNul(lib, queueName('nul-off', libName), false)
      );
      expect(theirsOff).to.deep.equal({ connected: false, bodies: [] });
      expect(mineOff).to.deep.equal(theirsOff);
    });

    /** Heart-beats of 1 s with the Worker ticker strategy, in node (no Worker here). */
    function workerTicker(lib: any) {
      return new Promise<{ received: boolean; sent: boolean; closes: number; lost: number }>((resolve) => {
        let received = 0;
        let sent = 0;
        let closes = 0;
        let lost = 0;
        let done = false;
        const tap = newTap();
        const client = new lib.Client({
          webSocketFactory: () => tappedSocket(url, PROTOCOLS, tap),
          connectHeaders: { login, passcode },
          heartbeatIncoming: 1000,
          heartbeatOutgoing: 1000,
          heartbeatStrategy: lib.TickerStrategy.Worker,
          reconnectDelay: 0,
          onWebSocketClose: () => {
            closes++;
          },
          onHeartbeatLost: () => {
            lost++;
          }
        });
        const check = () => {
          if (done || received < 3 || sent < 2) return;
          done = true;
          const seen = { received: true, sent: true, closes, lost };
          client.deactivate().then(() => resolve(seen));
        };
        client.onHeartbeatReceived = () => {
          received++;
          check();
        };
        tap.onSend = (s) => {
          if (commandOf(s.text) === 'EOL') {
            sent++;
            check();
          }
        };
        client.activate();
      });
    }

    it('heartbeatStrategy: TickerStrategy.Worker in node: heart-beats go both ways, nothing is lost', async () => {
      const [theirs, mine] = await both(20000, workerTicker);
      expect(theirs).to.deep.equal({ received: true, sent: true, closes: 0, lost: 0 });
      expect(mine).to.deep.equal(theirs);
    });

    /**
     * The peer freezes (its messages stop reaching the client) on the first connection: the
     * heart-beat check declares it lost, the socket goes, the client reconnects.
     */
    function frozenPeer(lib: any, discard: boolean) {
      return new Promise<{
        lost: boolean;
        reconnected: boolean;
        firstCloseClean: boolean;
        closedSoonAfterLost: boolean;
        code: number;
      }>((resolve) => {
        const taps: Tap[] = [];
        let connects = 0;
        let lostAt = 0;
        let lost = 0;
        let first: { wasClean: boolean; afterLost: number; code: number } | undefined;
        const client = new lib.Client({
          webSocketFactory: () => {
            const tap = newTap();
            taps.push(tap);
            return tappedSocket(url, PROTOCOLS, tap);
          },
          connectHeaders: { login, passcode },
          heartbeatIncoming: 1000,
          heartbeatOutgoing: 1000,
          reconnectDelay: 200,
          discardWebsocketOnCommFailure: discard,
          onHeartbeatLost: () => {
            lost++;
            if (!lostAt) lostAt = performance.now();
          },
          onWebSocketClose: (e: any) => {
            if (!first)
              first = { wasClean: e.wasClean, afterLost: lostAt ? performance.now() - lostAt : -1, code: e.code };
          }
        });
        client.onConnect = () => {
          connects++;
          if (connects === 1) {
            taps[0].frozen = true;
            return;
          }
          client.deactivate().then(() =>
            resolve({
              lost: lost >= 1,
              reconnected: true,
              firstCloseClean: !!first && first.wasClean,
              closedSoonAfterLost: !!first && first.afterLost >= 0 && first.afterLost < 500,
              code: first ? first.code : 0
            })
          );
        };
        client.activate();
      });
    }

    it('discardWebsocketOnCommFailure: false: a frozen peer is declared lost (onHeartbeatLost), the socket closed, the client reconnects', async () => {
      const [theirs, mine] = await both(30000, (lib) => frozenPeer(lib, false));
      expect(theirs).to.include({ lost: true, reconnected: true, firstCloseClean: true, closedSoonAfterLost: true });
      // The close code is not compared: ws reports 1005 for stompjs's close() without a code.
      expect({ ...mine, code: 0 }).to.deep.equal({ ...theirs, code: 0 });
    });

    it('discardWebsocketOnCommFailure: true: the socket of a frozen peer is dropped at once (not a clean close), then a reconnect', async () => {
      const [theirs, mine] = await both(30000, (lib) => frozenPeer(lib, true));
      expect(theirs).to.deep.equal({
        lost: true,
        reconnected: true,
        firstCloseClean: false,
        closedSoonAfterLost: true,
        code: 1006
      });
      expect(mine).to.deep.equal(theirs);
    });
  });

  // -------------------------------------------------------------------------------------------
  // 9. onUnhandledReceipt
  /**
   * A publish with a receipt header, made in onConnect, with no watchForReceipt: the RECEIPT
   * goes to onUnhandledReceipt. Then 1 s in which nothing more may come (one publish: one
   * MESSAGE, one RECEIPT).
   */
  function unhandledReceipt(lib: any, queue: string) {
    return new Promise<{ receipts: string[]; messages: string[] }>((resolve) => {
      const receipts: string[] = [];
      const messages: string[] = [];
      const client = new lib.Client({
        webSocketFactory: () => new WebSocket(url, PROTOCOLS),
        connectHeaders: { login, passcode },
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 0
      });
      client.onUnhandledReceipt = (frame: any) => {
        receipts.push(frame.headers['receipt-id']);
        if (receipts.length === 1)
          setTimeout(() => client.deactivate().then(() => resolve({ receipts, messages })), 1000);
      };
      client.onConnect = () => {
        client.subscribe(queue, (message: any) => messages.push(message.body));
        client.publish({ destination: queue, body: 'with a receipt', headers: { receipt: 'r1' } });
      };
      client.activate();
    });
  }

  it("9. onUnhandledReceipt is called for a publish's receipt nobody watches (once: the publish is sent once)", async () => {
    const [theirs, mine] = await both(20000, (lib, libName) => unhandledReceipt(lib, queueName('receipt', libName)));
    expect(theirs).to.deep.equal({ receipts: ['r1'], messages: ['with a receipt'] });
    expect(mine).to.deep.equal(theirs);
  });

  // -------------------------------------------------------------------------------------------
  // 10. configure({ x: undefined })
  function configureUndefined(lib: any) {
    return new Promise<{
      brokerURL: unknown;
      connectHeaders: unknown;
      headerCount: number;
      connectSentLogin: boolean;
      connected: boolean;
    }>((resolve) => {
      const tap = newTap();
      const client = new lib.Client({
        brokerURL: 'ws://127.0.0.1:9/nowhere',
        connectHeaders: { login: 'no-such-user', passcode: 'wrong' },
        reconnectDelay: 0
      });
      client.configure({ brokerURL: undefined, connectHeaders: undefined });
      const held = {
        brokerURL: client.brokerURL,
        connectHeaders: client.connectHeaders,
        headerCount: Object.keys(client.connectHeaders || {}).length
      };
      // Cleared credentials: RabbitMQ's default user (guest, from loopback) lets it in; the
      // wrong login, had it stayed, would get an ERROR.
      client.webSocketFactory = () => tappedSocket(url, PROTOCOLS, tap);
      const finish = (connected: boolean) => {
        const connect = tap.sent.find((s) => commandOf(s.text) === 'CONNECT');
        client
          .deactivate()
          .then(() => resolve({ ...held, connectSentLogin: !!connect && /\nlogin:/.test(connect.text), connected }));
      };
      client.onConnect = () => finish(true);
      client.onStompError = () => finish(false);
      client.activate();
    });
  }

  it('10. configure({ brokerURL: undefined, connectHeaders: undefined }) clears them (stompjs: undefined; ours: the default {}; both: no login sent, connects as default)', async () => {
    const [theirs, mine] = await both(20000, configureUndefined);
    // The documented difference: stompjs assigns undefined, ours resets to the default.
    expect(theirs).to.deep.equal({
      brokerURL: undefined,
      connectHeaders: undefined,
      headerCount: 0,
      connectSentLogin: false,
      connected: true
    });
    expect(mine).to.deep.equal({ ...theirs, connectHeaders: {} });
  });

  // -------------------------------------------------------------------------------------------
  // 11. An unknown key in new Client(settings)
  function unknownKey(lib: any) {
    const client = new lib.Client({ brokerURL: url, appSpecificSetting: 'kept', reconnectDelay: 1000 });
    client.configure({ anotherUnknown: 42 });
    return Promise.resolve({
      setting: client.appSpecificSetting,
      another: client.anotherUnknown,
      reconnectDelay: client.reconnectDelay
    });
  }

  it('11. an unknown key in new Client(settings) or configure(): no throw, kept as a property', async () => {
    // Ours also warns (console.warn); captured here to keep the test output clean.
    const warn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...a: unknown[]) => {
      warnings.push(a);
    };
    let theirs, mine;
    try {
      [theirs, mine] = await both(5000, unknownKey);
    } finally {
      console.warn = warn;
    }
    expect(theirs).to.deep.equal({ setting: 'kept', another: 42, reconnectDelay: 1000 });
    expect(mine).to.deep.equal(theirs);
  });

  // -------------------------------------------------------------------------------------------
  // 12. Frames
  interface FrameSeen {
    command: string;
    headers: { [name: string]: string };
    body: string;
    binaryIsUint8Array: boolean;
    binaryMatchesBody: boolean;
    isBinaryBodyType: string;
    isBinaryBody: boolean;
    text: string;
  }

  function frames(lib: any, queue: string) {
    return new Promise<{ [command: string]: FrameSeen }>((resolve) => {
      const seen: { [command: string]: FrameSeen } = {};
      const keep = (frame: any) => {
        if (seen[frame.command]) return; // the first of each kind
        seen[frame.command] = {
          command: frame.command,
          headers: { ...frame.headers },
          body: frame.body,
          binaryIsUint8Array: frame.binaryBody instanceof Uint8Array,
          binaryMatchesBody: Buffer.from(frame.binaryBody).toString('utf8') === frame.body,
          isBinaryBodyType: typeof frame.isBinaryBody,
          isBinaryBody: frame.isBinaryBody,
          text: String(frame)
        };
      };
      let errored = false;
      const client = new lib.Client({
        webSocketFactory: () => new WebSocket(url, PROTOCOLS),
        connectHeaders: { login, passcode },
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 0
      });
      const afterMessageAndReceipt = () => {
        if (!seen.MESSAGE || !seen.RECEIPT) return;
        // RabbitMQ answers an unknown destination type with an ERROR (and closes).
        client.subscribe('/invalid/x', () => {}, { id: 'sub-bad' });
      };
      client.onStompError = (frame: any) => {
        if (errored) return;
        errored = true;
        keep(frame);
        client.deactivate().then(() => resolve(seen));
      };
      client.onConnect = (frame: any) => {
        keep(frame);
        client.subscribe(
          queue,
          (message: any) => {
            keep(message);
            afterMessageAndReceipt();
          },
          { id: 'sub-a' }
        );
        client.watchForReceipt('receipt-1', (receipt: any) => {
          keep(receipt);
          afterMessageAndReceipt();
        });
        client.publish({
          destination: queue,
          body: 'frame body é',
          headers: { 'x-note': 'colon:inside', receipt: 'receipt-1' }
        });
      };
      client.activate();
    });
  }

  it('12. CONNECTED, MESSAGE, RECEIPT and ERROR frames: command, headers, body, binaryBody, isBinaryBody and String(frame) as in stompjs', async () => {
    const [theirs, mine] = await both(20000, (lib, libName) => frames(lib, queueName('frames', libName)));
    // Per-connection values (session ids, queue names) made comparable.
    const normalize = (all: { [command: string]: FrameSeen }) => {
      const session = all.CONNECTED.headers.session;
      const queue = all.MESSAGE.headers.destination;
      const fix = (s: string) => s.split(session).join('SESSION').split(queue).join('QUEUE');
      const out: { [command: string]: FrameSeen } = {};
      for (const c of Object.keys(all)) {
        const f = all[c];
        const headers: { [name: string]: string } = {};
        for (const h of Object.keys(f.headers)) headers[h] = fix(f.headers[h]);
        out[c] = { ...f, headers, text: fix(f.text), isBinaryBody: false };
      }
      return out;
    };
    expect(Object.keys(theirs).sort()).to.deep.equal(['CONNECTED', 'ERROR', 'MESSAGE', 'RECEIPT']);
    for (const c of Object.keys(theirs)) {
      expect(theirs[c], 'stompjs ' + c).to.include({
        binaryIsUint8Array: true,
        binaryMatchesBody: true,
        isBinaryBodyType: 'boolean'
      });
      // stompjs marks every received frame isBinaryBody (its parser works on bytes); ours only
      // a frame that came in a binary WebSocket message: RabbitMQ sends text. Documented.
      expect(theirs[c].isBinaryBody, 'stompjs ' + c + '.isBinaryBody').to.equal(true);
      expect(mine[c] && mine[c].isBinaryBody, 'our ' + c + '.isBinaryBody').to.equal(false);
    }
    expect(theirs.MESSAGE.body).to.equal('frame body é');
    expect(theirs.MESSAGE.headers['x-note']).to.equal('colon:inside');
    const t = normalize(theirs);
    const m = normalize(mine);
    // Everything but the text first, then the texts on their own (a clearer diff).
    const noText = (all: { [command: string]: FrameSeen }) => {
      const out: { [command: string]: Omit<FrameSeen, 'text'> & { text?: string } } = {};
      for (const c of Object.keys(all)) out[c] = { ...all[c], text: undefined };
      return out;
    };
    expect(noText(m)).to.deep.equal(noText(t));
    const texts = (all: { [command: string]: FrameSeen }) => {
      const out: { [command: string]: string[] } = {};
      for (const c of Object.keys(all)) out[c] = all[c].text.split('\n');
      return out;
    };
    expect(texts(m), 'String(frame) of each, as lines').to.deep.equal(texts(t));
  });

  // -------------------------------------------------------------------------------------------
  // 13. deactivate() returns a Promise
  function deactivatePromise(lib: any) {
    return new Promise<{ isPromise: boolean; closedBefore: boolean; readyState: number; state: number }>((resolve) => {
      let socket: WebSocket | undefined;
      let closed = false;
      const client = new lib.Client({
        webSocketFactory: () => (socket = new WebSocket(url, PROTOCOLS)),
        connectHeaders: { login, passcode },
        onWebSocketClose: () => {
          closed = true;
        }
      });
      client.onConnect = () => {
        const p = client.deactivate();
        const isPromise = p instanceof Promise;
        p.then(() => resolve({ isPromise, closedBefore: closed, readyState: socket!.readyState, state: client.state }));
      };
      client.activate();
    });
  }

  it('13. deactivate() returns a Promise that resolves after the socket closed', async () => {
    const [theirs, mine] = await both(20000, deactivatePromise);
    expect(theirs).to.deep.equal({
      isPromise: true,
      closedBefore: true,
      readyState: WebSocket.CLOSED,
      state: stompjs.ActivationState.INACTIVE
    });
    expect(mine).to.deep.equal(theirs);
  });
});
