// Everything the package exports except its opt-in modules: the script-tag bundle's exports
// (the add-ons, such as stomp-anywhere-diagnosis.js, add theirs to the same global), and the
// bulk of the ES module entry (index.ts), which adds the opt-in modules for bundlers to drop
// when unused. Every name @stomp/stompjs 7 exports is here, with the same kind (class, enum,
// type), so a program switches by changing its import.

declare const __PACKAGE_VERSION__: string | undefined;

/**
 * The package's version, from package.json at build time ('source' when run from lib/ unbuilt):
 * worth logging with a bug report.
 *
 * @example
 * console.log('stomp-anywhere ' + VERSION); // 'stomp-anywhere 0.1.0'
 */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : 'source';

// @stomp/stompjs's names.
export { Client } from './client/client.js';
export type { Clock } from './timing/clock.js';
export { StompConfig, type CloseReport } from './client/options.js';
export { ActivationState, ReconnectionTimeMode, StompSocketState, TickerStrategy } from './client/enums.js';
export { Versions } from './client/versions.js';
export { StompHeaders, type IFrame, type Frame } from './engine/frame.js';
export type { IMessage, Message } from './engine/stomp-message.js';
export { FrameImpl, type FrameParams, type IRawFrameType, type RawHeaderType } from './engine/frame-impl.js';
export { Parser } from './engine/parser.js';
export type { StompSubscription } from './engine/stomp-connection.js';
export type {
  closeEventCallbackType,
  debugFnType,
  emptyCallbackType,
  frameCallbackType,
  IPublishParams,
  IStompSocket,
  IStompSocketMessageEvent,
  IStomptHandlerConfig,
  ITransaction,
  messageCallbackType,
  publishParams,
  wsErrorCallbackType
} from './client/types.js';
export { CompatClient } from './compat/compat-client.js';
export { Stomp } from './compat/stomp.js';

// Types and errors an application meets through the Client. The engine itself (decoder,
// encoder, connection, limits, the transport registry) is `stomp-anywhere/engine` (engine.ts).
export type { StompFrame } from './engine/frame.js';
export { SUPPORTED_VERSIONS, type StompVersion } from './engine/versions.js';
export { stompError, type StompError, type StompErrorCode } from './engine/stomp-error.js';
export type { CallbackErrorHandler } from './engine/callback-error.js';
export type { Heartbeat } from './engine/heartbeat.js';
export type { StompMessage } from './engine/stomp-message.js';
// The compat API's: the type of its callbacks, and the class that is Stomp.Frame.
export type { CompatCallback } from './compat/compat-client.js';
export type { ClassicFrame } from './compat/classic-frame.js';

// Ours: what kind of close (the sentences are opt-in: index.ts), backoff, transports.
export {
  describeClose,
  findCloseRule,
  closeCodeName,
  useCloseDiagnosis,
  type CloseContext,
  type CloseDiagnosis,
  type CloseFinding,
  type CloseKind
} from './client/close-kind.js';
export { backoffDelay, type BackoffOptions } from './client/backoff.js';
export {
  openTransportSocket,
  transportFactory,
  useTransports,
  type ChainOptions,
  type ChainSocket,
  type TransportReport
} from './transports/transport-chain.js';
export { sockjsTransport } from './transports/sockjs.js';
export { flashTransport } from './transports/flash.js';
export type { Transport, TransportEnv, TransportOptions, FlashOptions } from './transports/transport.js';
