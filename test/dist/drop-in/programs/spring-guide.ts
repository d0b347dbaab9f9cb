// The greeting page of a Spring Boot "STOMP over WebSocket" tutorial, written for
// @stomp/stompjs 7: the whole setup in one StompConfig object, JSON in and out.
import { Client, type IFrame, type IMessage, type StompConfig } from '@stomp/stompjs';

interface Greeting {
  content: string;
}

interface HelloMessage {
  name: string;
}

export const greetings: string[] = [];

const stompConfig: StompConfig = {
  brokerURL: 'ws://localhost:8080/gs-guide-websocket',
  connectHeaders: {
    login: 'guest',
    passcode: 'guest',
  },
  debug: (str: string) => {
    console.log(new Date().toISOString(), str);
  },
  reconnectDelay: 5000,
  heartbeatIncoming: 4000,
  heartbeatOutgoing: 4000,
  onConnect: (frame: IFrame) => {
    console.log('Connected, STOMP ' + frame.headers['version']);
    stompClient.subscribe('/topic/greetings', (message: IMessage) => {
      const greeting: Greeting = JSON.parse(message.body);
      greetings.push(greeting.content);
    });
  },
  onStompError: (frame: IFrame) => {
    console.error('Broker reported error: ' + frame.headers['message']);
    console.error('Additional details: ' + frame.body);
  },
  onWebSocketClose: (evt: CloseEvent) => console.log('socket closed', evt.code, evt.reason),
  onWebSocketError: (evt: Event) => console.error('Error with websocket', evt.type),
};

const stompClient = new Client(stompConfig);

export function connect(): void {
  stompClient.activate();
}

export function disconnect(): void {
  stompClient.deactivate().then(() => console.log('Disconnected'));
}

export function sendName(name: string): void {
  const hello: HelloMessage = { name };
  stompClient.publish({
    destination: '/app/hello',
    body: JSON.stringify(hello),
  });
}

export async function leavePage(): Promise<void> {
  await stompClient.deactivate();
  console.log(stompClient.active ? 'still active' : 'inactive');
}
