// Mocha root hooks for the integration tests: one RabbitMQ (STOMP + Web-STOMP on loopback) for
// the whole run, started before the first test and stopped after the last.
//
//   import { rig } from './rabbitmq-hooks.js';
//   new WebSocket(rig().webStompUrl, ['v12.stomp']);
//   await restartRig(async () => { /* the broker is down here */ });
//
// STOMP_RIG_EXTERNAL=1 uses a rig that is already running on the default ports instead
// (`npx tsx scripts/rig/rabbitmq.ts start`), for fast local iterations; it is left running.
import { connectToRunningRabbitMQ, startRabbitMQ, type RabbitMQRig } from '../../scripts/rig/rabbitmq.js';

// On globalThis, so that every copy of this module (mocha's --require and the tests' imports)
// sees the same rig.
const KEY = Symbol.for('stomp-anywhere.rabbitmq-rig');
const shared = globalThis as unknown as { [KEY]?: RabbitMQRig };

/** The running broker's connection details. */
export function rig(): RabbitMQRig {
  const current = shared[KEY];
  if (!current) {
    throw new Error('no RabbitMQ rig: run the integration tests with --config test/integration/.mocharc.json');
  }
  return current;
}

/**
 * Restarts the broker (clean shutdown, `during()` while it is down, boot on the same ports and
 * state) and resolves once STOMP answers again. Give the calling test a timeout of 30 s or more.
 * Not available with STOMP_RIG_EXTERNAL=1.
 */
export function restartRig(during?: () => Promise<void> | void): Promise<void> {
  return rig().restart(during);
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    // A first run may install rabbitmq-server (about a minute); startRabbitMQ bounds the boot itself.
    this.timeout(10 * 60 * 1000);
    if (process.env.STOMP_RIG_EXTERNAL === '1') {
      shared[KEY] = await connectToRunningRabbitMQ();
      return;
    }
    shared[KEY] = await startRabbitMQ({ log: (line) => console.log(line) });
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60 * 1000);
    const current = shared[KEY];
    shared[KEY] = undefined;
    await current?.stop();
  }
};
