// Waiting for the broker's RECEIPT before telling the user "saved".
import {
  Client,
  StompHeaders,
  type IFrame,
  type IMessage,
  type IPublishParams,
  type publishParams,
  type StompSubscription,
} from '@stomp/stompjs';

const client = new Client({ brokerURL: 'ws://localhost:61614/stomp' });
let receipts = 0;

client.onUnhandledReceipt = (frame: IFrame) => {
  console.warn('receipt nobody waited for:', frame.headers['receipt-id']);
};

export function publishWithReceipt(params: IPublishParams): Promise<IFrame> {
  const receiptId = `receipt-${++receipts}`;
  const headers: StompHeaders = { ...params.headers, receipt: receiptId };
  return new Promise<IFrame>((resolve) => {
    client.watchForReceipt(receiptId, (frame: IFrame) => resolve(frame));
    client.publish({ ...params, headers });
  });
}

const order: publishParams = {
  destination: '/queue/orders',
  body: JSON.stringify({ id: 42, items: ['tea'] }),
  headers: { 'content-type': 'application/json' },
};

export async function placeOrder(): Promise<string> {
  const receipt = await publishWithReceipt(order);
  return receipt.headers['receipt-id'];
}

export function follow(destination: string, onMessage: (m: IMessage) => void): StompSubscription {
  const headers = new StompHeaders();
  headers['receipt'] = `sub-${destination}`;
  headers['id'] = `sub-${receipts++}`;
  client.watchForReceipt(headers['receipt'], () => console.log('subscribed to', destination));
  return client.subscribe(destination, onMessage, headers);
}

export function unfollow(subscription: StompSubscription): void {
  const receipt = `unsub-${subscription.id}`;
  client.watchForReceipt(receipt, () => console.log('unsubscribed', subscription.id));
  subscription.unsubscribe({ receipt });
}

client.onConnect = () => {
  follow('/topic/orders', (m) => console.log(m.headers['message-id'], m.body));
};

client.activate();
