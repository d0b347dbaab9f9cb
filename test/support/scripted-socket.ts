// A WebSocket-like object driven by the test: it records what the engine sends and delivers
// what the test scripts as the broker. Used to check the protocol handler's rules frame by
// frame; the real brokers come in with the client layer's tests.
import type { StompSocket } from '../../lib/engine/stomp-socket.js';

export class ScriptedSocket implements StompSocket {
  readyState = 0;
  binaryType = 'blob';
  sent: (string | Uint8Array)[] = [];
  closeCalls: { code?: number; reason?: string }[] = [];
  onopen: ((e: any) => any) | null = null;
  onmessage: ((e: any) => any) | null = null;
  onclose: ((e: any) => any) | null = null;
  onerror: ((e: any) => any) | null = null;
  onheartbeat: ((e: any) => any) | null = null;

  send(data: any): void {
    if (this.readyState !== 1) throw new Error('send while readyState ' + this.readyState);
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closeCalls.push({ code, reason });
    if (this.readyState < 2) this.readyState = 2;
  }
  /** The broker side. */
  open(): void {
    this.readyState = 1;
    if (this.onopen) this.onopen({});
  }
  receive(data: any): void {
    if (this.onmessage) this.onmessage({ data });
  }
  closed(code = 1000, reason = '', wasClean = true): void {
    this.readyState = 3;
    if (this.onclose) this.onclose({ code, reason, wasClean });
  }
  /** The last frame sent, as text. */
  last(): string {
    const d = this.sent[this.sent.length - 1];
    return typeof d === 'string' ? d : new TextDecoder().decode(d);
  }
  /** Commands of all frames sent (heart-beats as 'EOL'). */
  commands(): string[] {
    return this.sent
      .map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d)))
      .map((s) => (s === '\n' ? 'EOL' : s.slice(0, s.indexOf('\n'))));
  }
}
