// `npm run tour`: a short tour of what the engine does with
// the inputs that break other STOMP clients. Runs from source in node.
import { encodeFrame, FrameDecoder, utf8ByteLength } from '../lib/engine.js';

function show(title: string, messages: (string | Uint8Array)[], version: '1.0' | '1.1' | '1.2' | null = '1.2') {
  console.log('\n== ' + title);
  const decoder = new FrameDecoder(
    {
      onFrame: (f) =>
        console.log('  frame   ' + f.command + ' ' + JSON.stringify(f.headers) + ' body=' + JSON.stringify(f.body)),
      onHeartbeat: () => console.log('  heart-beat'),
      onError: (e) => console.log('  error   ' + e.code + ': ' + e.message)
    },
    { version }
  );
  for (const m of messages) {
    console.log('  message ' + (typeof m === 'string' ? JSON.stringify(m) : '<' + m.length + ' bytes>'));
    decoder.push(m);
  }
}

const body = 'prix: 12 € 😀';
const send = encodeFrame(
  { command: 'SEND', headers: { destination: '/topic/prices', note: 'a:b\nc' }, body },
  { version: '1.2' }
) as string;
console.log('stomp-anywhere engine tour (npm start runs the live demo)');
console.log(
  '\n== Encoding a SEND frame (STOMP 1.2): content-length is ' +
    utf8ByteLength(body) +
    ' UTF-8 bytes, not ' +
    body.length +
    ' UTF-16 units'
);
console.log('  ' + JSON.stringify(send));

show('A frame that arrives in three WebSocket messages (stomp.js 2.3.3 loses it)', [
  'MESSAGE\nsubscription:0\nmessage-id:1\ndestin',
  'ation:/topic/prices\ncontent-length:' + utf8ByteLength(body) + '\n\nprix: 12 ',
  '€ 😀\0\n'
]);
show('Two frames in one message and a NUL inside a body (split-based parsers cut it)', [
  'MESSAGE\nsubscription:0\nmessage-id:2\ncontent-length:7\n\nbin\0ary\0MESSAGE\nsubscription:0\nmessage-id:3\n\nnext\0'
]);
show(
  'A CONNECTED frame alone in its message: the case IE8 loses with a regex split',
  ['CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0'],
  null
);
show(
  'Bytes split inside a 4-byte character',
  (() => {
    const b = new TextEncoder().encode('MESSAGE\nsubscription:0\nmessage-id:4\ncontent-length:4\n\n😀\0');
    return [b.subarray(0, b.length - 3), b.subarray(b.length - 3)];
  })()
);
show('A broker that breaks the protocol gets a clear error', ['MESSAGE\nsubscription:0\nbad:esc\\ape\n\n\0']);
