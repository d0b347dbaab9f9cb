// A dashboard widget on a Spring `withSockJS()` endpoint: shows the client's activation state
// and the socket's, backs off exponentially between reconnects.
import SockJS from 'sockjs-client';
import {
  ActivationState,
  Client,
  ReconnectionTimeMode,
  StompSocketState,
  TickerStrategy,
  type IMessage,
} from '@stomp/stompjs';

const url = 'http://localhost:8080/stomp';

const labels: Record<ActivationState, string> = {
  [ActivationState.ACTIVE]: 'running',
  [ActivationState.DEACTIVATING]: 'stopping',
  [ActivationState.INACTIVE]: 'stopped',
};

export const client = new Client({
  webSocketFactory: () => new SockJS(url),
  reconnectDelay: 1000,
  maxReconnectDelay: 30000,
  reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
  heartbeatIncoming: 10000,
  heartbeatOutgoing: 10000,
  heartbeatStrategy: TickerStrategy.Worker,
  onChangeState: (state: ActivationState) => render(state),
});

function render(state: ActivationState): void {
  const open = client.webSocket?.readyState === StompSocketState.OPEN;
  console.log(`client ${labels[state]}, socket ${open ? 'open' : 'not open'}`);
}

client.onConnect = () => {
  client.subscribe('/topic/metrics', (message: IMessage) => {
    const point = JSON.parse(message.body) as { name: string; value: number };
    console.log(point.name, point.value);
  });
};

export function toggle(): Promise<void> {
  if (client.state === ActivationState.ACTIVE) {
    return client.deactivate();
  }
  client.activate();
  return Promise.resolve();
}

export function describeState(): string {
  switch (client.state) {
    case ActivationState.ACTIVE:
      return client.connected ? 'connected' : 'connecting';
    case ActivationState.DEACTIVATING:
      return 'disconnecting';
    default:
      return 'idle';
  }
}

export async function stopNow(): Promise<void> {
  if (client.active) {
    await client.deactivate({ force: true });
  }
}
