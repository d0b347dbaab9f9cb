// Mocha root hooks for the integration tests: one ActiveMQ Classic (STOMP over TCP on loopback)
// for the whole run, started before the first test and stopped after the last.
//
// It boots (about 1-1.5 s) while RabbitMQ boots (7-10 s): this file comes first in .mocharc.json's
// `require`, and its beforeAll only checks the packages, then starts the broker without waiting
// for it. A suite that uses ActiveMQ waits for it in its own before hook:
//
//   import { activemq, activemqReady } from './activemq-hooks.js';
//   before(() => activemqReady());
//   net.connect({ host: activemq().stompHost, port: activemq().stompPort });
//
// So a broken ActiveMQ fails the ActiveMQ suites (with the rig's log), not the RabbitMQ ones.
//
// STOMP_RIG_EXTERNAL=1 uses a rig that is already running on the default port instead
// (`npx tsx scripts/rig/activemq.ts start`), for fast local iterations; it is left running.
import {
  connectToRunningActiveMQ,
  ensureActiveMQPackages,
  startActiveMQ,
  type ActiveMQRig
} from '../../scripts/rig/activemq.js';

// On globalThis, so that every copy of this module (mocha's --require and the tests' imports)
// sees the same rig.
const KEY = Symbol.for('stomp-anywhere.activemq-rig');
interface Shared {
  starting: Promise<ActiveMQRig>;
  rig?: ActiveMQRig;
}
const shared = globalThis as unknown as { [KEY]?: Shared };

/** The running broker's connection details; throws until activemqReady() has resolved. */
export function activemq(): ActiveMQRig {
  const current = shared[KEY];
  if (!current) {
    throw new Error('no ActiveMQ rig: run the integration tests with --config test/integration/.mocharc.json');
  }
  if (!current.rig)
    throw new Error("ActiveMQ is still starting (or failed to): await activemqReady() in the suite's before hook");
  return current.rig;
}

/** Resolves with the rig once the broker answers STOMP; rejects with the start's error (and the broker's log). */
export function activemqReady(): Promise<ActiveMQRig> {
  const current = shared[KEY];
  if (!current) {
    return Promise.reject(
      new Error('no ActiveMQ rig: run the integration tests with --config test/integration/.mocharc.json')
    );
  }
  return current.starting;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    // A first run may install activemq and Java (about 15 s). Awaited here, before RabbitMQ's
    // hook runs its own package check: two apt-get runs at once would fight over apt's locks.
    this.timeout(10 * 60 * 1000);
    const external = process.env.STOMP_RIG_EXTERNAL === '1';
    if (!external) await ensureActiveMQPackages();
    const starting = external ? connectToRunningActiveMQ() : startActiveMQ({ log: (line) => console.log(line) });
    const state: Shared = { starting };
    shared[KEY] = state;
    // Not awaited: the broker boots while the next root hook (RabbitMQ's) runs. A failure is
    // reported by activemqReady() to the suites that need the broker.
    starting.then(
      (rig) => (state.rig = rig),
      () => {}
    );
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60 * 1000);
    const current = shared[KEY];
    shared[KEY] = undefined;
    const rig = await current?.starting.catch(() => undefined);
    await rig?.stop();
  }
};
