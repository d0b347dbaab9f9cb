// Each client's outgoing path for a SEND frame, from (destination, headers, body) to the text
// handed to the WebSocket, as that client runs it.
import { FrameImpl } from '@stomp/stompjs';
import { encodeFrame } from '../../dist/esm/engine.mjs';
import { OldFrame, WebstompFrame } from './decoders.mjs';

export const ENCODERS = [
  {
    name: 'stomp-anywhere',
    encode: (headers, body) => encodeFrame({ command: 'SEND', headers, body }, { version: '1.2' })
  },
  {
    name: '@stomp/stompjs',
    encode: (headers, body) => new FrameImpl({ command: 'SEND', headers, body, escapeHeaderValues: true }).serialize()
  },
  // stomp.js 2.3.3 and webstomp-client write content-length themselves; they add it to the
  // caller's headers object, so each call gets a copy.
  { name: 'stompjs 2.3.3', encode: (headers, body) => OldFrame.marshall('SEND', { ...headers }, body) },
  { name: 'webstomp-client', encode: (headers, body) => WebstompFrame.marshall('SEND', { ...headers }, body) }
];
