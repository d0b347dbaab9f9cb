// What the decode benchmark feeds each decoder: WebSocket messages as brokers send them, and
// the frames a correct decoder must find in them (checked before anything is timed).

const enc = new TextEncoder();
const bytes = (s) => enc.encode(s).length;
const N = 1000; // distinct frames per workload (each timed run decodes fresh copies of them)

/** A Spring-style MESSAGE frame: { text, body, messageId }. */
export function springFrame(i, text, subscription = 'sub-0') {
  const body = JSON.stringify({ id: i, user: 'user' + (i % 50), text, ts: 1732250000000 + i });
  const headers = [
    'destination:/topic/greetings',
    'content-type:application/json',
    'subscription:' + subscription,
    'message-id:7b3c0d2e-1a0f-4f5e-9d6a-' + String(i).padStart(12, '0'),
    'content-length:' + bytes(body)
  ];
  return { text: 'MESSAGE\n' + headers.join('\n') + '\n\n' + body + '\0', body, messageId: headers[3].slice(11) };
}

function rabbitFrame(i) {
  const body = JSON.stringify({ symbol: 'SYM' + (i % 40), price: (100 + (i % 97) / 7).toFixed(2), seq: i });
  const messageId = 'T_sub-0@@session-Xw2kV9sQ3fN0aB1cD4eF5g@@' + i;
  const headers = [
    'subscription:sub-0',
    'destination:/topic/prices',
    'message-id:' + messageId,
    'redelivered:false',
    'content-type:application/json',
    'content-length:' + bytes(body)
  ];
  return { text: 'MESSAGE\n' + headers.join('\n') + '\n\n' + body + '\0', body, messageId };
}

function bigFrame(i) {
  const line = '{"row":' + i + ',"values":[1,2,3,4,5,6,7,8,9,10],"label":"abcdefghijklmnopqrstuvwxyz"}\n';
  let body = '';
  while (body.length + line.length <= 65536) body += line;
  body = body.padEnd(65536, ' ');
  const messageId = 'big-' + i;
  return {
    text:
      'MESSAGE\ndestination:/queue/reports\nsubscription:sub-0\nmessage-id:' +
      messageId +
      '\ncontent-length:' +
      bytes(body) +
      '\n\n' +
      body +
      '\0',
    body,
    messageId
  };
}

/** Cuts `text` into `parts` pieces of about equal length. */
function cut(text, parts) {
  const out = [];
  for (let p = 0; p < parts; p++)
    out.push(text.slice(Math.floor((p * text.length) / parts), Math.floor(((p + 1) * text.length) / parts)));
  return out;
}

function workload(name, description, frames, toMessages, options = {}) {
  const messages = toMessages(frames);
  const totalBytes = messages.reduce((n, m) => n + (typeof m === 'string' ? bytes(m) : m.byteLength), 0);
  return { name, description, frames, messages, totalBytes, ...options };
}

/** The text of a Spring-style frame's JSON body, ASCII or a non-ASCII chat line. */
export const asciiText = (i) => 'Hello, world! Message number ' + i;
export const chatText = (i) => (i % 2 ? 'Grüße aus Köln, ça va? ' + i : 'こんにちは 😀 ' + i);

/** The workloads, each with N frames. */
export function workloads() {
  const spring = Array.from({ length: N }, (_, i) => springFrame(i, asciiText(i)));
  const chat = Array.from({ length: N }, (_, i) => springFrame(i, chatText(i)));
  const rabbit = Array.from({ length: N }, (_, i) => rabbitFrame(i));
  const big = Array.from({ length: 64 }, (_, i) => bigFrame(i));
  const one = (fs) => fs.map((f) => f.text);
  return [
    workload('spring', 'Spring-style: one MESSAGE per WebSocket message, ~110-byte JSON body', spring, one),
    workload('batch', 'RabbitMQ-style: 20 MESSAGE frames per WebSocket message', rabbit, (fs) => {
      const out = [];
      for (let i = 0; i < fs.length; i += 20)
        out.push(
          fs
            .slice(i, i + 20)
            .map((f) => f.text)
            .join('')
        );
      return out;
    }),
    workload('64k', '64 KiB bodies, one frame per message', big, one),
    workload('split', 'Spring-style frames, each cut across 3 WebSocket messages', spring, (fs) =>
      fs.flatMap((f) => cut(f.text, 3))
    ),
    workload('utf8', 'Spring-style with non-ASCII chat text (content-length in UTF-8 bytes)', chat, one),
    // ArrayBuffers, as a browser's WebSocket delivers them with binaryType 'arraybuffer'.
    workload(
      'binary',
      'Spring-style as binary WebSocket messages (ArrayBuffer)',
      spring,
      (fs) => fs.map((f) => enc.encode(f.text).buffer),
      { binary: true }
    )
  ];
}
