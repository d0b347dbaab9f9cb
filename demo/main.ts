// `npm start`: the live demo. Starts the embedded broker (or relays to a real one), the web
// server with the demo page, and the ticker, then prints where to look.
//
//   npm start                                   # embedded broker, http://127.0.0.1:8080/
//   npm start -- --port 9000 --host 0.0.0.0     # another port; reachable from other machines
//   npm start -- --broker stomp://mq:61613 --login guest --passcode guest --vhost /
import { parseArgs } from 'node:util';
import { startDemo } from './server/demo-server.js';

const HELP = `stomp-anywhere live demo

  npm start [-- options]

  --port N          web server port (default 8080; 0 = any free port)
  --host H          interface to listen on (default 127.0.0.1, this machine only)
  --broker URL      relay to a real broker's STOMP port, e.g. stomp://localhost:61613,
                    instead of the embedded broker
  --login L         CONNECT login for that broker (or STOMP_LOGIN)
  --passcode P      CONNECT passcode (or STOMP_PASSCODE); never printed, but the demo page
                    gets login and passcode to send in its CONNECT: use a demo account
  --vhost V         CONNECT host header (RabbitMQ's virtual host, e.g. /)
  --verbose         log every broker and relay event
  --help            this text
`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        broker: { type: 'string' },
        login: { type: 'string' },
        passcode: { type: 'string' },
        vhost: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' }
      }
    }).values;
  } catch (e) {
    console.error('npm start: ' + (e as Error).message + '\n\n' + HELP);
    process.exit(2);
  }
  if (args.help) return void console.log(HELP);
  const port = args.port === undefined ? 8080 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('npm start: --port must be a port number from 0 to 65535, got ' + JSON.stringify(args.port));
    process.exit(2);
  }
  const verbose = !!args.verbose;
  const demo = await startDemo({
    port,
    host: args.host,
    broker: args.broker,
    login: args.login ?? process.env.STOMP_LOGIN,
    passcode: args.passcode ?? process.env.STOMP_PASSCODE,
    vhost: args.vhost,
    // Without --verbose only what a person watching needs: controls and the ticker's own closes.
    log: (line) => {
      if (verbose || /^(control|ticker):/.test(line)) console.log('  ' + line);
    }
  });
  console.log(`
stomp-anywhere live demo (${demo.embedded ? 'embedded broker ' : 'relaying to '}${demo.brokerUrl})

  open ${demo.url}

  STOMP over WebSocket  ${demo.webSocketUrl}
  STOMP over SockJS     ${demo.sockJsUrl}   (shaped like Spring's .withSockJS())
  the broker's TCP port ${demo.brokerUrl}

Ctrl-C stops it.
`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error('npm start: ' + (e as Error).message);
  process.exit(1);
});
