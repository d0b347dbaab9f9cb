/**
 * `stomp-anywhere/engine`: what works below the Client, for a layer of one's own: the frame
 * codec (FrameDecoder, encodeFrame), one STOMP session over one socket without reconnects
 * (StompConnection), and the transport registry.
 *
 * @example
 * import { StompConnection } from 'stomp-anywhere/engine';
 * const connection = new StompConnection(new WebSocket('ws://localhost:15674/ws', ['v12.stomp']), {
 *   onConnected: (info) => console.log('STOMP', info.version),
 * });
 *
 * @module stomp-anywhere/engine
 */

// The engine entry, `stomp-anywhere/engine`: what works below the Client, for code that builds its
// own layer on the frame codec or the single-connection handler, or on the transport chain. Kept
// apart from the main entry so that these can change without breaking applications; the script-
// tag bundles carry them too (on the global `StompAnywhere`).

export { CLIENT_COMMANDS, SERVER_COMMANDS, isStompCommand } from './engine/commands.js';
export { escapeHeader, unescapeHeader } from './engine/header-escape.js';
export type { Escaping } from './engine/versions.js';
export { utf8ByteLength } from './engine/utf8.js';
export {
  DEFAULT_MAX_HEADER_LINE_LENGTH,
  DEFAULT_MAX_HEADERS,
  DEFAULT_MAX_INCOMING_FRAME_SIZE,
  type DecoderLimits
} from './engine/limits.js';
export { encodeFrame, type EncodeOptions, type OutgoingFrame } from './engine/frame-encoder.js';
export { FrameDecoder, type DecoderHandlers, type DecoderOptions, type IncomingData } from './engine/frame-decoder.js';
export { negotiateHeartbeat, parseHeartbeat } from './engine/heartbeat.js';
export type { StompSocket, CloseInfo } from './engine/stomp-socket.js';
export {
  StompConnection,
  type ConnectedInfo,
  type ConnectionOptions,
  type ConnectionState,
  type PublishParams,
  type StompTransaction
} from './engine/stomp-connection.js';
export { defaultTransports, TRANSPORTS } from './transports/transport-chain.js';
