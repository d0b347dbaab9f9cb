// A chat page from the stompjs 2.x days, kept alive through @stomp/stompjs's compatibility
// mode: Stomp.over, connect/send/disconnect.
import SockJS from 'sockjs-client';
import { Stomp, type CompatClient, type IFrame, type IMessage } from '@stomp/stompjs';

const url = 'http://localhost:8080/chat';

export const stompClient: CompatClient = Stomp.over(() => new SockJS(url));
stompClient.heartbeat.incoming = 0;
stompClient.heartbeat.outgoing = 20000;
stompClient.reconnect_delay = 5000;
stompClient.debug = () => {};

stompClient.connect(
  {},
  (frame: IFrame) => {
    console.log('Connected: ' + frame.headers['version']);
    stompClient.subscribe('/topic/public', (message: IMessage) => {
      const chat = JSON.parse(message.body) as { sender: string; content: string };
      console.log(chat.sender + ': ' + chat.content);
    });
    stompClient.send('/app/chat.addUser', {}, JSON.stringify({ sender: 'ada', type: 'JOIN' }));
  },
  (error: IFrame | string) => {
    console.error(typeof error === 'string' ? error : error.headers['message']);
  },
);

export function sendMessage(content: string): void {
  if (stompClient.connected) {
    stompClient.send('/app/chat.sendMessage', { priority: 9 }, JSON.stringify({ content }));
  }
}

export function leave(): void {
  stompClient.disconnect(() => console.log('Disconnected'));
}

// Over a plain WebSocket, with login and passcode as arguments.
export function plainWebSocket(): CompatClient {
  const client = Stomp.client('ws://localhost:15674/ws');
  client.onreceive = (m: IMessage) => console.log('unhandled', m.body);
  client.connect(
    'guest',
    'guest',
    () => {
      const sub = client.subscribe('/queue/test', (m: IMessage) => console.log(m.body));
      console.log(client.version, sub.id);
    },
    (error: IFrame | string) => console.error(error),
    '/',
  );
  return client;
}
