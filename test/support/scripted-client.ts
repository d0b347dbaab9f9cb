// A Client over scripted sockets and a hand-moved clock: each attempt gets a new ScriptedSocket,
// and accept() plays the broker's side of the latest one (open, then CONNECTED).
import { Client } from '../../lib/client/client.js';
import type { StompConfig } from '../../lib/client/options.js';
import { FakeClock } from './fake-clock.js';
import { ScriptedSocket } from './scripted-socket.js';

/** Heart-beats off unless `conf` turns them on: timing tests set their own. */
export function scriptedClient(conf: StompConfig = {}) {
  const clock = new FakeClock();
  const sockets: ScriptedSocket[] = [];
  const client = new Client(
    {
      webSocketFactory: () => {
        const s = new ScriptedSocket();
        sockets.push(s);
        return s as any;
      },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      ...conf
    },
    clock
  );
  const current = () => sockets[sockets.length - 1];
  /** The broker side of the latest socket: opens it and answers CONNECT (session s<n>). */
  const accept = (headers = 'version:1.2\nheart-beat:0,0') => {
    const s = current();
    s.open();
    s.receive('CONNECTED\n' + headers + '\nsession:s' + sockets.length + '\n\n\0');
    return s;
  };
  return { client, clock, sockets, current, accept };
}
