// Sensor readings as binary frames: packed into a Uint8Array on the way out, unpacked from
// message.binaryBody on the way in, acknowledged (or refused) one message at a time.
import { Client, type IMessage } from '@stomp/stompjs';

export const client = new Client({
  brokerURL: 'ws://localhost:15674/ws',
  forceBinaryWSFrames: true,
  splitLargeFrames: true,
  maxWebSocketChunkSize: 8 * 1024,
});

export function sendReadings(sensorId: number, values: number[]): void {
  const payload = new Uint8Array(4 + values.length * 8);
  const view = new DataView(payload.buffer);
  view.setUint32(0, sensorId);
  values.forEach((value, i) => view.setFloat64(4 + i * 8, value));
  client.publish({
    destination: '/topic/readings',
    binaryBody: payload,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

function decode(bytes: Uint8Array): { sensorId: number; values: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let offset = 4; offset + 8 <= bytes.length; offset += 8) {
    values.push(view.getFloat64(offset));
  }
  return { sensorId: view.getUint32(0), values };
}

client.onConnect = () => {
  client.subscribe(
    '/topic/readings',
    (message: IMessage) => {
      if (!message.isBinaryBody || message.headers['content-type'] !== 'application/octet-stream') {
        message.nack();
        return;
      }
      const bytes: Uint8Array = message.binaryBody;
      const header = bytes.subarray(0, 4);
      const reading = decode(bytes);
      console.log(header.length, reading.sensorId, reading.values.length);
      message.ack();
    },
    { ack: 'client-individual' },
  );

  // Text goes through the same publish(); a UTF-8 body may skip content-length.
  const note = new TextDecoder().decode(new TextEncoder().encode('ready: 温度'));
  client.publish({ destination: '/topic/notes', body: note, skipContentLengthHeader: true });
};

client.onUnhandledMessage = (message: IMessage) => {
  console.log('unexpected', message.binaryBody.length, 'bytes');
};

client.activate();
