// A Node.js job worker: `ws` provides the WebSocket, jobs are acknowledged one by one, and
// SIGINT shuts the client down cleanly.
import WebSocket from 'ws';
import { Client, type IFrame, type IMessage } from '@stomp/stompjs';

const brokerURL = process.env['BROKER_URL'] ?? 'ws://localhost:15674/ws';

interface Job {
  id: string;
  payload: string;
}

const client = new Client({
  webSocketFactory: () => new WebSocket(brokerURL, ['v12.stomp']),
  connectHeaders: {
    login: process.env['STOMP_LOGIN'] ?? 'guest',
    passcode: process.env['STOMP_PASSCODE'] ?? 'guest',
    host: '/',
  },
  debug: (msg: string) => {
    if (process.env['STOMP_DEBUG']) console.log(msg);
  },
  reconnectDelay: 2000,
  heartbeatIncoming: 0,
  heartbeatOutgoing: 20000,
});

// The README's other way: make `ws` the global WebSocket and give a brokerURL.
export function useGlobalWebSocket(): void {
  Object.assign(globalThis, { WebSocket });
  client.brokerURL = brokerURL;
  client.webSocketFactory = undefined;
}

export function useFactory(): void {
  client.webSocketFactory = () => new WebSocket(brokerURL);
}

client.onConnect = (frame: IFrame) => {
  console.log('connected to', frame.headers['server']);
  client.subscribe(
    '/queue/jobs',
    (message: IMessage) => {
      const job = JSON.parse(message.body) as Job;
      console.log('processing', job.id, job.payload.length);
      message.ack();
    },
    { ack: 'client', 'prefetch-count': '1' },
  );
};

client.onStompError = (frame: IFrame) => {
  console.error('broker error', frame.headers['message'], frame.body);
};

client.onWebSocketError = (error: WebSocket.ErrorEvent) => console.error(error.message);
client.onDisconnect = () => console.log('disconnected');

client.activate();

process.once('SIGINT', () => {
  client.deactivate().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
