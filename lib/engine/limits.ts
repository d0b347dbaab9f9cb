// Size limits that keep a misbehaving peer from growing memory without bound. What is sent has
// no limit unless one is set (maxFrameSize; Spring's inbound default is 64 KiB per frame).

import { stompError } from './stomp-error.js';

/**
 * Limits on frames received, so that a misbehaving peer cannot grow memory without bound. A
 * frame over one is a protocol error.
 *
 * @example
 * const limits: DecoderLimits = { maxFrameSize: 1024 * 1024, maxHeaders: 100 };
 * new StompConnection(socket, { decoderLimits: limits });
 */
export interface DecoderLimits {
  /** Largest frame accepted, in bytes (headers and body). Default 16 MiB. */
  maxFrameSize?: number;
  /** Most headers in one frame. Default 1000. */
  maxHeaders?: number;
  /** Longest command or header line, in bytes. Default 64 KiB. */
  maxHeaderLineLength?: number;
}

/** The decoder's limits with every default filled in. */
export interface HeadLimits {
  maxFrameSize: number;
  maxHeaders: number;
  maxHeaderLineLength: number;
}

/**
 * The largest frame received when no limit is set (DecoderLimits' `maxFrameSize`), in bytes:
 * 16 MiB, headers and body.
 *
 * @example
 * new FrameDecoder(handlers, { maxFrameSize: DEFAULT_MAX_INCOMING_FRAME_SIZE / 4 }); // 4 MiB
 */
export const DEFAULT_MAX_INCOMING_FRAME_SIZE = 16 * 1024 * 1024;
/**
 * The most headers one received frame may have when no limit is set (`maxHeaders`): 1000.
 *
 * @example
 * new FrameDecoder(handlers, { maxHeaders: DEFAULT_MAX_HEADERS * 2 });
 */
export const DEFAULT_MAX_HEADERS = 1000;
/**
 * The longest command or header line received when no limit is set (`maxHeaderLineLength`),
 * in bytes: 64 KiB.
 *
 * @example
 * new FrameDecoder(handlers, { maxHeaderLineLength: DEFAULT_MAX_HEADER_LINE_LENGTH * 4 });
 */
export const DEFAULT_MAX_HEADER_LINE_LENGTH = 64 * 1024;

/** Reads one limit option: absent means the default; anything but a positive integer throws. */
export function limitOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !(value > 0) || Math.floor(value) !== value) {
    throw stompError(
      'StompUsageError',
      'BAD_OPTION',
      'Option ' + name + ' must be a positive integer, got ' + String(value)
    );
  }
  return value;
}
