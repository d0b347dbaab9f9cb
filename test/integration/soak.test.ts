// The soak test, one minute of it (`npm run soak` runs it for ten, on its own rigs): 200 clients
// of the public Client spread over RabbitMQ and ActiveMQ, each over STOMP/TCP and a WebSocket,
// each target behind its own fault proxy, publishing receipted messages to two queues each (one
// subscribed in onConnect, one restored by the library) while random faults come and go: cuts,
// half-open links, delays, slow readers, one-byte writes, refused connections. The figures and
// the conditions are bench/soak/'s; here they are asserted.
//
// Run alone: STOMP_RIG_EXTERNAL=1 npx mocha --no-config --node-option import=tsx --node-option expose-gc --extension ts --timeout 20000 \
//   --require test/integration/activemq-hooks.ts --require test/integration/rabbitmq-hooks.ts test/integration/soak.test.ts
import { expect } from 'chai';
import { formatReport } from '../../bench/soak/report.js';
import { runSoak } from '../../bench/soak/soak-run.js';
import { brokerTargets } from '../../scripts/rig/broker-targets.js';
import { currentRigs, useTargets } from './targets.js';

describe('soak: 200 clients on both brokers over TCP and WebSocket, through random network faults for a minute', () => {
  useTargets();

  it('loses no confirmed publish, rejects no receipt, duplicates only what was re-sent or redelivered, SUBSCRIBEs each queue once per session, and leaves no timer, socket or unhandled error behind', async function () {
    this.timeout(3 * 60 * 1000);
    const report = await runSoak({
      targets: brokerTargets(currentRigs()),
      clients: 200,
      durationMs: 60000,
      log: (line) => console.log('      ' + line)
    });
    console.log(formatReport(report).replace(/^/gm, '      '));

    for (const t of report.targets) {
      const problems = {
        lost: t.lost,
        strangers: t.strangers,
        receiptRejected: t.receiptRejected,
        publishFailed: t.publishFailed,
        unconfirmed: t.unconfirmed,
        duplicatesUnexplained: t.duplicatesUnexplained,
        onConnectQueueNotSubscribedOnce: t.subscribes.onConnect.wrong,
        restoredQueueNotSubscribedOnce: t.subscribes.restored.wrong,
        halfOpenUnnoticed: t.halfOpen.undetected,
        protocolErrors: t.protocolErrors,
        notReconnected: t.notConnected,
        markersMissing: t.drainMissing
      };
      expect(problems, `${t.name}: ${t.lostExamples.concat(t.examples).join('; ')}`).to.deep.equal(
        Object.fromEntries(Object.keys(problems).map((k) => [k, 0]))
      );
      expect(t.delivered, `${t.name}: every confirmed publish delivered`).to.be.at.least(t.confirmed);
    }
    expect(report.unhandledErrors).to.deep.equal([]);
    expect(report.after.resources, 'timers and sockets after every client was deactivated').to.deep.equal(
      report.before.resources
    );
    // The integration config runs node with --expose-gc, so the heap is measured after a forced GC.
    expect(report.before.gcForced && report.after.gcForced, 'a forced GC before and after').to.equal(true);
    expect(report.after.heapUsed - report.before.heapUsed, 'heap growth, bytes').to.be.at.most(
      report.heapToleranceBytes
    );
    // Anything else runSoak holds the library to.
    expect(report.failures).to.deep.equal([]);
  });
});
