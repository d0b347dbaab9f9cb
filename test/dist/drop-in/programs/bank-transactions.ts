// Moving money with STOMP transactions: both legs or neither; the incoming request is
// acknowledged inside the same transaction.
import { Client, type IMessage, type ITransaction } from '@stomp/stompjs';

export const client = new Client({ brokerURL: 'ws://localhost:61614/stomp' });

interface Transfer {
  from: string;
  to: string;
  amount: number;
}

export function transfer(t: Transfer): void {
  const tx: ITransaction = client.begin();
  try {
    client.publish({
      destination: '/queue/debits',
      body: JSON.stringify({ account: t.from, amount: -t.amount }),
      headers: { transaction: tx.id },
    });
    client.publish({
      destination: '/queue/credits',
      body: JSON.stringify({ account: t.to, amount: t.amount }),
      headers: { transaction: tx.id, persistent: 'true' },
    });
    tx.commit();
  } catch (error) {
    tx.abort();
    throw error;
  }
}

// With an id of our own, through the client's methods.
export function batch(lines: string[]): string {
  const id = `batch-${Date.now()}`;
  client.begin(id);
  for (const line of lines) {
    client.publish({ destination: '/queue/lines', body: line, headers: { transaction: id } });
  }
  if (lines.length > 0) {
    client.commit(id);
  } else {
    client.abort(id);
  }
  return id;
}

client.onConnect = () => {
  client.subscribe(
    '/queue/transfer-requests',
    (message: IMessage) => {
      const request = JSON.parse(message.body) as Transfer;
      const tx = client.begin();
      message.ack({ transaction: tx.id });
      client.publish({
        destination: '/topic/transfers',
        body: `${request.from} -> ${request.to}: ${request.amount}`,
        headers: { transaction: tx.id },
      });
      if (request.amount > 0) {
        tx.commit();
      } else {
        tx.abort();
      }
    },
    { ack: 'client-individual' },
  );
};

client.activate();
