// The transport chain's registry (lib/transports/transport-chain.ts) is the page's, shared by
// every client: a suite that needs SockJS or Flash sets it for itself and gives it back as it was,
// so no other suite depends on the order the files run in.
import { websocketTransport } from '../../lib/transports/websocket.js';
import { TRANSPORTS, useTransports } from '../../lib/transports/transport-chain.js';
import type { Transport } from '../../lib/transports/transport.js';

/** Mocha hooks for the current suite: the native WebSocket and `added`, nothing else. */
export function usingTransports(...added: Transport[]): void {
  let saved: { [name: string]: Transport } = {};
  const set = (to: { [name: string]: Transport }) => {
    for (const name of Object.keys(TRANSPORTS)) delete TRANSPORTS[name];
    Object.assign(TRANSPORTS, to);
  };
  before(() => {
    saved = { ...TRANSPORTS };
    set({ websocket: websocketTransport });
    useTransports(...added);
  });
  after(() => set(saved));
}
