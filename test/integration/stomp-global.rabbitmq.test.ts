// The `Stomp` compat global (stomp.js 2.3.3's API) against a real RabbitMQ over Web-STOMP: the
// calls an old page makes, in the order it makes them; the scripted tests in test/legacy check
// each defect one by one.
import { expect } from 'chai';
import WebSocket from 'ws';
import { StompGlobal as Stomp } from '../../legacy/stomp-global.js';
import { rig } from './rabbitmq-hooks.js';

describe('Stomp compat global against RabbitMQ Web-STOMP', () => {
  it('Stomp.over a factory: connect(login, passcode), subscribe, send with UTF-8, receipt, disconnect', async () => {
    const client: any = Stomp.over(() => new WebSocket(rig().webStompUrl, ['v12.stomp', 'v11.stomp']) as any);
    client.heartbeat.outgoing = 1000;
    client.heartbeat.incoming = 1000;
    const connected = new Promise<any>((resolve, reject) =>
      client.connect(
        rig().login,
        rig().passcode,
        resolve,
        (e: unknown) => reject(new Error('connect failed: ' + String(e))),
        '/'
      )
    );
    const frame = await connected;
    expect(frame.headers.version).to.equal('1.2');
    const destination = '/queue/stomp-global-' + Date.now();
    const got = new Promise<any>((resolve) => client.subscribe(destination, resolve));
    const receipted = new Promise<any>((resolve) => (client.onreceipt = resolve));
    client.send(destination, { receipt: 'sent-1' }, 'grüße 😀');
    expect((await receipted).headers['receipt-id']).to.equal('sent-1');
    expect((await got).body).to.equal('grüße 😀');
    await new Promise<void>((resolve) => client.disconnect(resolve));
    expect(client.connected).to.equal(false);
  });
});
