// An app that keeps its STOMP callbacks as typed constants (the library's own callback types),
// pins the protocol to 1.2 and builds its own WebSocket.
import {
  Client,
  Versions,
  type closeEventCallbackType,
  type debugFnType,
  type emptyCallbackType,
  type frameCallbackType,
  type IFrame,
  type IMessage,
  type IStompSocket,
  type messageCallbackType,
  type StompSubscription,
  type wsErrorCallbackType,
} from '@stomp/stompjs';

const subscriptions = new Map<string, StompSubscription>();

const debug: debugFnType = (msg) => console.debug('[stomp]', msg);
const onMessage: messageCallbackType = (message: IMessage) => {
  console.log(message.headers['destination'], message.body);
};
const onConnect: frameCallbackType = (frame: IFrame) => {
  console.log('heart-beat agreed', frame.headers['heart-beat']);
  for (const destination of ['/topic/news', '/topic/alerts']) {
    subscriptions.set(destination, client.subscribe(destination, onMessage));
  }
};
const onDisconnect: frameCallbackType = () => subscriptions.clear();
const onClose: closeEventCallbackType<CloseEvent> = (evt) => console.log('closed', evt.code, evt.wasClean);
const onError: wsErrorCallbackType = (evt: Event) => console.error('socket error', evt);
const onHeartbeatLost: emptyCallbackType = () => console.warn('heart-beat lost');

function createSocket(): IStompSocket {
  const socket = new WebSocket('wss://broker.example.com/stomp', ['v12.stomp']);
  socket.binaryType = 'arraybuffer';
  return socket;
}

export const client = new Client({
  stompVersions: new Versions([Versions.V1_2]),
  webSocketFactory: createSocket,
  debug,
  onConnect,
  onDisconnect,
  onWebSocketClose: onClose,
  onWebSocketError: onError,
  onHeartbeatLost,
  onUnhandledMessage: onMessage,
});

console.log('accept-version:', client.stompVersions.supportedVersions());
console.log('subprotocols:', client.stompVersions.protocolVersions().join(', '));
console.log('default offer:', Versions.default.versions, Versions.V1_0, Versions.V1_1);

export function allowOlderBrokers(): void {
  client.stompVersions = new Versions([Versions.V1_2, Versions.V1_1, Versions.V1_0]);
  client.webSocketFactory = createSocket;
}

export function stop(destination: string): void {
  subscriptions.get(destination)?.unsubscribe();
  subscriptions.delete(destination);
  console.log('negotiated', client.connectedVersion ?? 'nothing yet');
}

client.activate();
