// Progress on stderr while the probes wait, so stdout stays the report alone. On a terminal one
// status line is rewritten in place; anywhere else (CI logs, a pipe) every update is a plain
// line, and the idle counters are thinned out to one line every few seconds.

/** Where progress goes: process.stderr, or a test's stand-in. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** A passing state ("websocket: idle 12/60 s"); `repeating` ones may be skipped off a terminal. */
  status(text: string, repeating?: boolean): void;
  /** A line that stays ("websocket: ok, STOMP 1.2 in 12 ms"). */
  line(text: string): void;
  /** Clears the status line; call once at the end. */
  end(): void;
}

/** Seconds between two repeating lines when stderr is not a terminal. */
const PLAIN_REPEAT_MS = 10000;

/** Progress on `stream`, every text passed through `scrub` first. */
export function createProgress(stream: ProgressStream, scrub: (text: string) => string): Progress {
  if (stream.isTTY) return terminalProgress(stream, scrub);
  let lastRepeating = 0;
  return {
    status(text, repeating) {
      if (repeating) {
        const now = Date.now();
        if (now - lastRepeating < PLAIN_REPEAT_MS) return;
        lastRepeating = now;
      } else {
        lastRepeating = 0;
      }
      stream.write(scrub(text) + '\n');
    },
    line(text) {
      stream.write(scrub(text) + '\n');
    },
    end() {}
  };
}

function terminalProgress(stream: ProgressStream, scrub: (text: string) => string): Progress {
  let showing = false;
  const clear = () => {
    if (showing) stream.write('\r\x1b[2K');
    showing = false;
  };
  return {
    status(text) {
      const width = Math.max(20, (stream.columns || 80) - 1);
      const shown = scrub(text);
      clear();
      // Longer than the terminal, it would wrap and \r would no longer reach its start.
      stream.write(shown.length > width ? shown.slice(0, width - 3) + '...' : shown);
      showing = true;
    },
    line(text) {
      clear();
      stream.write(scrub(text) + '\n');
    },
    end: clear
  };
}
