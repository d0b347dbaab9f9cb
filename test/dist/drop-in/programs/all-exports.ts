// Every name @stomp/stompjs's index exports, each used as what it is: classes built, extended
// or tested with instanceof, enums as values and as types, interfaces and aliases as types.
// FrameImpl and Parser are internals: only their types are used.
import {
  ActivationState,
  Client,
  CompatClient,
  ReconnectionTimeMode,
  Stomp,
  StompConfig,
  StompHeaders,
  StompSocketState,
  TickerStrategy,
  Versions,
  type closeEventCallbackType,
  type debugFnType,
  type emptyCallbackType,
  type Frame,
  type frameCallbackType,
  type FrameImpl,
  type IFrame,
  type IMessage,
  type IPublishParams,
  type IRawFrameType,
  type IStompSocket,
  type IStompSocketMessageEvent,
  type IStomptHandlerConfig,
  type ITransaction,
  type Message,
  type messageCallbackType,
  type Parser,
  type publishParams,
  type RawHeaderType,
  type StompSubscription,
  type wsErrorCallbackType,
} from '@stomp/stompjs';

class ChatClient extends Client {
  readonly rooms = new Map<string, StompSubscription>();
  join(room: string, onMessage: messageCallbackType): void {
    this.rooms.set(room, this.subscribe(`/topic/${room}`, onMessage));
  }
}

const config = new StompConfig();
config.brokerURL = 'ws://localhost:15674/ws';
config.stompVersions = new Versions([Versions.V1_2]);
config.connectHeaders = new StompHeaders();
config.reconnectTimeMode = ReconnectionTimeMode.LINEAR;
config.heartbeatStrategy = TickerStrategy.Interval;
const chat = new ChatClient(config);

const mode: ReconnectionTimeMode = chat.reconnectTimeMode;
const strategy: TickerStrategy = chat.heartbeatStrategy;
const state: ActivationState = chat.state === ActivationState.INACTIVE ? ActivationState.ACTIVE : chat.state;
const socketState: StompSocketState | undefined = chat.webSocket?.readyState === StompSocketState.CLOSED ? StompSocketState.CLOSED : undefined;

const debug: debugFnType = (msg) => console.log(msg, mode, strategy, state, socketState);
const onFrame: frameCallbackType = (frame: IFrame) => console.log(frame.command);
const onMessage: messageCallbackType = (message: IMessage) => message.ack();
const onBeat: emptyCallbackType = () => {};
const onClose: closeEventCallbackType = (evt) => console.log(evt);
const onError: wsErrorCallbackType<Event> = (evt) => console.log(evt.type);
chat.configure({ debug, onConnect: onFrame, onUnhandledMessage: onMessage, onHeartbeatReceived: onBeat, onWebSocketClose: onClose, onWebSocketError: onError });

const compat = Stomp.over(() => new WebSocket('ws://localhost:15674/ws'));
console.log(compat instanceof CompatClient, compat instanceof Client);

const aFrame = (f: Frame): string => f.body;
const aMessage = (m: Message): void => m.nack();
const implBody = (f: FrameImpl): string => f.body + f.isBinaryBody;
const feed = (p: Parser, chunk: string | ArrayBuffer): void => p.parseChunk(chunk);
const params: IPublishParams = { destination: '/queue/a', body: 'x' };
const params2: publishParams = { ...params, binaryBody: new Uint8Array([1, 2]) };
const header: RawHeaderType = ['destination', '/queue/a'];
const raw: IRawFrameType = { command: 'SEND', headers: [header], binaryBody: undefined };
const data = (ev: IStompSocketMessageEvent): number => (typeof ev.data === 'string' ? ev.data.length : ev.data?.byteLength ?? 0);
const socket = (s: IStompSocket): boolean => s.readyState === StompSocketState.OPEN;
const tx = (t: ITransaction): string => t.id;
const handlerKeys: Array<keyof IStomptHandlerConfig> = ['heartbeatIncoming', 'onConnect'];

export { chat, aFrame, aMessage, implBody, feed, params2, raw, data, socket, tx, handlerKeys };
