// A browser app whose broker wants a fresh OAuth token on every (re)connect.
import { Client, type IFrame, type StompHeaders } from '@stomp/stompjs';

async function getToken(): Promise<string> {
  const response = await fetch('/api/stomp-token', { credentials: 'include' });
  const json = (await response.json()) as { access_token: string };
  return json.access_token;
}

export const client = new Client({
  brokerURL: 'wss://app.example.com/ws',
  connectionTimeout: 8000,
  reconnectDelay: 3000,
  beforeConnect: async () => {
    client.connectHeaders = { Authorization: 'Bearer ' + (await getToken()) };
  },
  onConnect: (frame: IFrame) => {
    console.log('session', frame.headers['session'], 'user', frame.headers['user-name']);
  },
  onStompError: (frame: IFrame) => {
    if (frame.headers['message'].includes('expired')) {
      console.warn('token expired, the next attempt fetches a new one');
    }
  },
});

// The same through configure(), with the client passed in (7.x).
export function reconfigure(tenant: string): void {
  const disconnectHeaders: StompHeaders = { receipt: 'goodbye-' + tenant };
  client.configure({
    beforeConnect: async (c: Client) => {
      const token = await getToken();
      c.connectHeaders = { Authorization: `Bearer ${token}`, 'X-Tenant': tenant };
    },
    disconnectHeaders,
    onDisconnect: (frame: IFrame) => console.log('receipt', frame.headers['receipt-id']),
  });
}

client.onWebSocketClose = (evt: CloseEvent) => {
  if (evt.code === 1008) {
    console.warn('policy violation, probably a rejected token');
  }
};

client.activate();
