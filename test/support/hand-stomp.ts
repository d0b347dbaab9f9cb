// STOMP written and read by hand, for the tests of the rig (RabbitMQ, the SockJS relay, nginx):
// they must not depend on the library under test, so a bug in its codec cannot hide one in the
// rig. Deliberately small: enough for the frames those tests exchange.

export interface Frame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

export function frame(command: string, headers: Record<string, string> = {}, body = ''): string {
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}:${v}\n`)
    .join('');
  return `${command}\n${head}\n${body}\0`;
}

/**
 * Frames parsed out of whatever the transport delivers: a frame may come in several messages and
 * a message may hold several frames (the relay passes the broker's TCP reads on as they are).
 * Bodies are read by content-length when given. Heart-beat EOLs and the LF RabbitMQ puts after
 * each NUL are counted and skipped.
 */
export class Frames {
  eols = 0;
  private text = '';
  private ready: Frame[] = [];
  private waiting: ((f: Frame) => void)[] = [];

  feed(chunk: string) {
    this.text += chunk;
    for (;;) {
      const eol = /^\r?\n/.exec(this.text);
      if (eol) {
        this.eols++;
        this.text = this.text.slice(eol[0].length);
        continue;
      }
      const blank = this.text.indexOf('\n\n');
      if (blank < 0) return;
      const [command, ...lines] = this.text.slice(0, blank).split('\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon);
        if (!(name in headers)) headers[name] = line.slice(colon + 1); // the first one wins
      }
      const rest = this.text.slice(blank + 2);
      let body: string;
      if (headers['content-length'] !== undefined) {
        // content-length counts UTF-8 bytes, and the body may hold NULs.
        const bytes = Buffer.from(rest);
        const length = Number(headers['content-length']);
        if (bytes.length <= length) return;
        body = bytes.subarray(0, length).toString();
        this.text = bytes.subarray(length + 1).toString();
      } else {
        const end = rest.indexOf('\0');
        if (end < 0) return;
        body = rest.slice(0, end);
        this.text = rest.slice(end + 1);
      }
      const f = { command, headers, body };
      const waiter = this.waiting.shift();
      if (waiter) waiter(f);
      else this.ready.push(f);
    }
  }

  next(ms = 5000): Promise<Frame> {
    const f = this.ready.shift();
    if (f) return Promise.resolve(f);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no STOMP frame within ${ms} ms`)), ms);
      this.waiting.push((got) => {
        clearTimeout(timer);
        resolve(got);
      });
    });
  }

  /** Frames received and not taken yet. */
  pending(): number {
    return this.ready.length;
  }
}
