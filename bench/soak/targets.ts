// The four ways in that the soak spreads its clients over: RabbitMQ and ActiveMQ, each over
// STOMP/TCP and over a WebSocket (ActiveMQ's through the rig's relay, the way a browser reaches
// it). A target names where the broker (or the relay) listens; routes.ts puts a fault proxy in
// front of it.

export type TargetId = 'rmq-tcp' | 'rmq-ws' | 'amq-tcp' | 'amq-ws';

export type Endpoint = { host: string; port: number } | { url: string };

export interface SoakTarget {
  id: TargetId;
  name: string;
  /** host/port for STOMP over TCP, a ws:// URL for STOMP over WebSocket. */
  endpoint: Endpoint;
  login: string;
  passcode: string;
}

/** What the rigs give (RabbitMQRig and ActiveMQRig have these fields). */
export interface RabbitEndpoints {
  stompHost: string;
  stompPort: number;
  webStompUrl: string;
  login: string;
  passcode: string;
}
export interface ActiveEndpoints {
  stompHost: string;
  stompPort: number;
  login: string;
  passcode: string;
}

/** The four targets, from the rigs and the URL of the relay in front of ActiveMQ. */
export function soakTargets(rabbit: RabbitEndpoints, active: ActiveEndpoints, relayUrl: string): SoakTarget[] {
  const r = { login: rabbit.login, passcode: rabbit.passcode };
  const a = { login: active.login, passcode: active.passcode };
  return [
    { id: 'rmq-tcp', name: 'RabbitMQ STOMP/TCP', endpoint: { host: rabbit.stompHost, port: rabbit.stompPort }, ...r },
    { id: 'rmq-ws', name: 'RabbitMQ Web-STOMP', endpoint: { url: rabbit.webStompUrl }, ...r },
    { id: 'amq-tcp', name: 'ActiveMQ STOMP/TCP', endpoint: { host: active.stompHost, port: active.stompPort }, ...a },
    { id: 'amq-ws', name: 'ActiveMQ WebSocket (relay)', endpoint: { url: relayUrl }, ...a }
  ];
}
