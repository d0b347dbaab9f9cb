// An application callback that throws must not stop delivery, skip the client's own work
// (restoring subscriptions, replaying publishes, reconnecting) or escape into the socket's
// event handler (with node's ws, an exception there stops the socket delivering).
import { expect } from 'chai';
import type { StompConfig } from '../../lib/client/options.js';
import { scriptedClient } from '../support/scripted-client.js';

function setup(conf: StompConfig = {}) {
  const failures: [string, string][] = [];
  const s = scriptedClient({
    reconnectDelay: 100,
    onCallbackError: (error, where) => failures.push([where, (error as Error).message]),
    ...conf
  });
  const message = (n: number) =>
    'MESSAGE\nsubscription:sub-0\nmessage-id:m' + n + '\ndestination:/topic/a\n\nbody ' + n + '\0';
  return { ...s, failures, message };
}

describe('Client: callbacks that throw (scripted sockets)', () => {
  it('a subscription callback that throws: the next frames of the same and later messages are delivered, the error reported', () => {
    const { client, failures, accept, message } = setup();
    const got: string[] = [];
    client.subscribe('/topic/a', (m) => {
      got.push(m.body);
      if (m.body === 'body 1') throw new Error('handler bug');
    });
    client.activate();
    const s = accept();
    expect(() => s.receive(message(1) + message(2))).not.to.throw();
    expect(() => s.receive(message(3))).not.to.throw();
    expect(got).to.deep.equal(['body 1', 'body 2', 'body 3']);
    expect(failures).to.deep.equal([['subscription sub-0', 'handler bug']]);
  });

  it('onConnect that throws: subscriptions are restored and queued publishes still go out', () => {
    const { client, accept, failures, current } = setup({
      onConnect: () => {
        throw new Error('onConnect bug');
      }
    });
    client.subscribe('/topic/a', () => {});
    client.activate();
    client.publish({ destination: '/queue/q', body: 'queued' });
    expect(() => accept()).not.to.throw();
    expect(current().commands()).to.deep.equal(['CONNECT', 'SUBSCRIBE', 'SEND']);
    expect(failures).to.deep.equal([['onConnect', 'onConnect bug']]);
  });

  it('onWebSocketClose and onChangeState that throw: the client still reconnects', () => {
    const { client, clock, sockets, accept, current, failures } = setup({
      onWebSocketClose: () => {
        throw new Error('close bug');
      },
      onChangeState: () => {
        throw new Error('state bug');
      }
    });
    client.activate();
    accept();
    expect(() => current().closed(1006, '', false)).not.to.throw();
    clock.advance(100);
    expect(sockets).to.have.length(2);
    expect(failures.map((f) => f[0])).to.deep.equal(['onChangeState', 'onWebSocketClose']);
  });

  it('a receipt callback, onStompError and onUnhandledMessage that throw are reported and the session goes on', () => {
    const { client, accept, failures } = setup({
      onStompError: () => {
        throw new Error('e1');
      },
      onUnhandledMessage: () => {
        throw new Error('e2');
      }
    });
    client.activate();
    const s = accept();
    client.watchForReceipt('r1', () => {
      throw new Error('e3');
    });
    s.receive(
      'ERROR\nmessage:no\n\n\0MESSAGE\nsubscription:none\nmessage-id:1\ndestination:/x\n\n\0RECEIPT\nreceipt-id:r1\n\n\0'
    );
    expect(failures.map((f) => f[1])).to.deep.equal(['e1', 'e2', 'e3']);
  });

  it('without onCallbackError the error goes to debug and console.error', () => {
    const lines: string[] = [];
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      logged.push(args);
    };
    try {
      const { client, accept, message } = setup({ onCallbackError: undefined, debug: (l) => lines.push(l) });
      (client as any).onCallbackError = undefined;
      client.subscribe('/topic/a', () => {
        throw new Error('handler bug');
      });
      client.activate();
      accept().receive(message(1));
    } finally {
      console.error = original;
    }
    expect(
      lines.some((l) => /subscription sub-0 threw: Error: handler bug/.test(l)),
      lines.join('\n')
    ).to.equal(true);
    expect(logged).to.have.length(1);
    expect(String(logged[0][0])).to.match(/subscription sub-0 threw/);
  });
});
