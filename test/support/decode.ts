// Runs a FrameDecoder over a list of messages and collects what it reports.
import { FrameDecoder, type DecoderOptions, type IncomingData } from '../../lib/engine/frame-decoder.js';
import type { StompFrame } from '../../lib/engine/frame.js';

export interface Decoded {
  frames: StompFrame[];
  beats: number;
  errors: any[];
  /** Frames and heart-beats in arrival order ('HB' for a heart-beat). */
  events: (StompFrame | 'HB')[];
  decoder: FrameDecoder;
}

export function decode(messages: IncomingData[], options?: DecoderOptions): Decoded {
  const out: Decoded = { frames: [], beats: 0, errors: [], events: [], decoder: null as any };
  out.decoder = new FrameDecoder(
    {
      onFrame: (f) => {
        out.frames.push(f);
        out.events.push(f);
      },
      onHeartbeat: () => {
        out.beats++;
        out.events.push('HB');
      },
      onError: (e) => {
        out.errors.push(e);
      }
    },
    options
  );
  for (const m of messages) out.decoder.push(m);
  return out;
}

/** Every way of cutting `s` in two, plus one message per unit. */
export function splits<T extends string | Uint8Array>(s: T): T[][] {
  const out: T[][] = [[s]];
  for (let i = 1; i < s.length; i++) out.push([s.slice(0, i) as T, s.slice(i) as T]);
  const singles: T[] = [];
  for (let i = 0; i < s.length; i++) singles.push(s.slice(i, i + 1) as T);
  out.push(singles);
  return out;
}

export const bytes = (s: string) => new TextEncoder().encode(s);
/** Plain data of a frame, for deep equality (drops binaryBody). */
export const plain = (f: StompFrame) => ({ command: f.command, headers: f.headers, body: f.body });
