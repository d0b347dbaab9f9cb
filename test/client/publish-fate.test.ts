// Publishes with a fate: a receipted publish either gets its RECEIPT, or fails for good and is
// never sent again (the broker refused it, or it was re-sent as often as allowed), and a broker
// that drops the connection over a publish gets no reconnect loop. Scripted sockets.
import { expect } from 'chai';
import { ReconnectionTimeMode } from '../../lib/client/enums.js';
import { scriptedClient } from '../support/scripted-client.js';

const sends = (s: { commands(): string[] }) => s.commands().filter((c) => c === 'SEND').length;

describe('Client: what becomes of a receipted publish (scripted sockets)', () => {
  it("an ERROR naming its receipt refuses it: receipt() rejects with the broker's message, onPublishFailed is told, it is never re-sent", async () => {
    const failed: unknown[][] = [];
    const { client, clock, current, accept } = scriptedClient({
      reconnectDelay: 10,
      onPublishFailed: (params, id, error) => failed.push([params.destination, id, error.code])
    });
    client.activate();
    const s = accept();
    client.publish({ destination: '/bad/dest', body: 'x', headers: { receipt: 'r1' } });
    const receipt = client.receipt('r1');
    s.receive('ERROR\nreceipt-id:r1\nmessage:Invalid destination\n\nno such destination\0');
    const error = await receipt.then(
      () => null,
      (e) => e
    );
    expect(error.name).to.equal('StompDeliveryError');
    expect(error.code).to.equal('PUBLISH_REFUSED');
    expect(error.message).to.equal('The broker refused the publish to /bad/dest: Invalid destination');
    expect(error.frame.headers['receipt-id']).to.equal('r1');
    expect(failed).to.deep.equal([['/bad/dest', 'r1', 'PUBLISH_REFUSED']]);
    current().closed(1006);
    clock.advance(10);
    expect(sends(accept()), 'not sent again').to.equal(0);
  });

  it('one that never gets a receipt is sent again maxPublishResends times, then given up', async () => {
    const failed: string[] = [];
    const retried: string[] = [];
    const { client, clock, current, accept, sockets } = scriptedClient({
      reconnectDelay: 10,
      maxPublishResends: 2,
      onPublishRetry: (_p, id) => retried.push(id),
      onPublishFailed: (_p, id, e) => failed.push(id + ' ' + e.code)
    });
    client.activate();
    accept();
    client.publish({ destination: '/q', body: 'poison', headers: { receipt: 'p' } });
    const receipt = client.receipt('p', 60000);
    for (let i = 0; i < 4; i++) {
      current().closed(1006);
      clock.advance(10000);
      accept();
    }
    expect(sockets.map(sends)).to.deep.equal([1, 1, 1, 0, 0]);
    expect(retried).to.deep.equal(['p', 'p']);
    expect(failed).to.deep.equal(['p PUBLISH_GAVE_UP']);
    const error = await receipt.then(
      () => null,
      (e) => e
    );
    expect(error.message).to.match(/no RECEIPT p after 3 sends \(maxPublishResends 2\)/);
  });

  it('a session that onConnect ends sends nothing again and does not count: what waited (receipted or queued) waits, as it was, for the next', () => {
    const failed: string[] = [];
    const retried: string[] = [];
    let cut = false;
    const { client, clock, current, accept, sockets } = scriptedClient({
      reconnectDelay: 10,
      maxPublishResends: 1,
      onConnect: () => {
        if (cut) {
          cut = false;
          client.forceDisconnect();
        }
      },
      onPublishRetry: (_p, id) => retried.push(id),
      onPublishFailed: (_p, id, e) => failed.push(id + ' ' + e.code)
    });
    client.activate();
    accept();
    client.publish({ destination: '/q', body: 'once', headers: { receipt: 'p' } });
    cut = true;
    for (let i = 0; i < 3; i++) {
      current().closed(1006);
      if (i === 0) client.publish({ destination: '/q', body: 'offline, no receipt' });
      clock.advance(10000);
      accept();
    }
    expect(sockets.map(sends)).to.deep.equal([1, 0, 2, 0]);
    expect(retried).to.deep.equal(['p']);
    expect(failed).to.deep.equal(['p PUBLISH_GAVE_UP']);
  });

  it('no replay storm: a broker that drops the connection after each re-sent publish gets growing delays, then the publish is given up', () => {
    const delays: number[] = [];
    const { client, clock, current, accept } = scriptedClient({
      reconnectDelay: 100,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      maxReconnectDelay: 0,
      onReconnectScheduled: (_n, delay) => delays.push(delay)
    });
    client.activate();
    accept();
    client.publish({ destination: '/q', body: 'kills the connection', headers: { receipt: 'k' } });
    for (let i = 0; i < 5; i++) {
      current().closed(1006); // the broker drops the connection right after the SEND
      clock.advance(delays[delays.length - 1]);
      accept();
    }
    expect(delays).to.deep.equal([100, 200, 400, 800, 1600]);
    expect(sends(current()), 'given up by now').to.equal(0);
  });
});
