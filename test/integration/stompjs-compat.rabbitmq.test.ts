// Drop-in proof: one program written for @stomp/stompjs 7, run unchanged with @stomp/stompjs
// and with stomp-anywhere (only the import differs), against the same RabbitMQ. Both must
// observe the same things.
import { expect } from 'chai';
import * as stompjs from '@stomp/stompjs';
import WebSocket from 'ws';
import * as ours from '../../lib/index.js';
import { rig } from './rabbitmq-hooks.js';

/** What the program saw, for comparison. */
interface Observed {
  connectedBefore: boolean;
  connectedInOnConnect: boolean;
  version: string | undefined;
  states: number[];
  messages: { body: string; destination: string; isBinaryBody: boolean }[];
  receipt: string;
  nackedAgain: boolean;
  binary: number[];
  activeAfter: boolean;
  connectedAfter: boolean;
}

/**
 * Written as a @stomp/stompjs 7 user would write it. `lib` is the module: nothing below
 * knows which library it runs on.
 */
function program(lib: any, url: string, login: string, passcode: string, queue: string): Promise<Observed> {
  return new Promise((resolve, reject) => {
    const seen: Observed = {
      connectedBefore: false,
      connectedInOnConnect: false,
      version: undefined,
      states: [],
      messages: [],
      receipt: '',
      nackedAgain: false,
      binary: [],
      activeAfter: true,
      connectedAfter: true
    };
    const client = new lib.Client({
      webSocketFactory: () => new WebSocket(url, ['v12.stomp', 'v11.stomp']),
      stompVersions: new lib.Versions([lib.Versions.V1_2, lib.Versions.V1_1]),
      connectHeaders: { login, passcode, host: '/' },
      heartbeatIncoming: 4000,
      heartbeatOutgoing: 4000,
      reconnectDelay: 500,
      debug: () => {}
    });
    client.onChangeState = (state: number) => seen.states.push(state);
    client.onStompError = (frame: any) => reject(new Error('ERROR ' + frame.headers.message));
    client.onConnect = (frame: any) => {
      seen.connectedInOnConnect = client.connected;
      seen.version = client.connectedVersion;
      if (frame.headers.version !== client.connectedVersion) reject(new Error('version mismatch'));
      let count = 0;
      client.subscribe(
        queue,
        (message: any) => {
          count++;
          if (count === 1) {
            seen.messages.push({
              body: message.body,
              destination: message.headers.destination,
              isBinaryBody: message.isBinaryBody
            });
            message.nack();
            return;
          }
          if (count === 2) {
            seen.nackedAgain = message.headers.redelivered === 'true';
            message.ack();
            client.watchForReceipt('r-1', (receipt: any) => {
              seen.receipt = receipt.headers['receipt-id'];
              client.publish({
                destination: queue,
                binaryBody: new Uint8Array([1, 2, 3]),
                headers: { 'content-type': 'application/octet-stream' }
              });
            });
            client.publish({ destination: queue + '-other', body: 'x', headers: { receipt: 'r-1' } });
            return;
          }
          seen.binary = Array.from(message.binaryBody);
          message.ack();
          client.deactivate().then(() => {
            seen.activeAfter = client.active;
            seen.connectedAfter = client.connected;
            resolve(seen);
          }, reject);
        },
        { ack: 'client-individual' }
      );
      client.publish({ destination: queue, body: 'héllo 😀' });
    };
    seen.connectedBefore = client.connected;
    client.activate();
  });
}

describe('drop-in for @stomp/stompjs 7 (same program, both libraries, real RabbitMQ)', function () {
  this.timeout(30000);

  it('observes the same connection, messages, acks, receipts, binary bodies and deactivation', async () => {
    const r = rig();
    const tag = Date.now() + '-' + Math.floor(Math.random() * 1e6);
    const theirs = await program(stompjs, r.webStompUrl, r.login, r.passcode, '/queue/compat-theirs-' + tag);
    const mine = await program(ours, r.webStompUrl, r.login, r.passcode, '/queue/compat-ours-' + tag);
    // The one documented difference: @stomp/stompjs marks every received frame isBinaryBody
    // (its parser always works on bytes); here it means "came as a binary WebSocket message".
    expect(theirs.messages[0].isBinaryBody).to.equal(true);
    expect(mine.messages[0].isBinaryBody).to.equal(false);
    const normalize = (o: Observed) => ({
      ...o,
      messages: o.messages.map((m) => ({
        ...m,
        isBinaryBody: null,
        destination: m.destination.replace(/-(theirs|ours)-/, '-')
      }))
    });
    expect(normalize(mine)).to.deep.equal(normalize(theirs));
    expect(mine.version).to.equal('1.2');
    expect(mine.messages[0].body).to.equal('héllo 😀');
    expect(mine.binary).to.deep.equal([1, 2, 3]);
    expect(mine.states).to.deep.equal([
      ours.ActivationState.ACTIVE,
      ours.ActivationState.DEACTIVATING,
      ours.ActivationState.INACTIVE
    ]);
  });
});
