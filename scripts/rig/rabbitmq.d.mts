// Types for rabbitmq.mjs, so the TypeScript tests can import it.
export interface RabbitMQPorts {
  stomp: number;
  webStomp: number;
  amqp: number;
  /** Erlang distribution */
  dist: number;
  epmd: number;
}

export interface RabbitMQRig {
  /** Always 127.0.0.1 */
  stompHost: string;
  stompPort: number;
  /** ws://127.0.0.1:PORT/ws */
  webStompUrl: string;
  login: string;
  passcode: string;
  ports: RabbitMQPorts;
  /** The run's state folder (config, logs, Mnesia, pid files); undefined for an external rig. */
  stateDir: string | undefined;
  beamPid: number | undefined;
  /** Milliseconds startRabbitMQ took, package check included. */
  startMs: number | undefined;
  /**
   * Restarts the broker like an operator would: a clean shutdown (SIGTERM), `during()` while it is
   * down, then a boot on the same ports and state (durable queues survive). Resolves when STOMP
   * answers again; beamPid is then the new beam's. Rejects for an external rig.
   */
  restart(during?: () => Promise<void> | void): Promise<void>;
  /** Stops the broker and epmd by PID; safe to call twice. A no-op for an external rig. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Overrides of DEFAULT_PORTS */
  ports?: Partial<RabbitMQPorts>;
  /** Readiness budget after the package check; default START_TIMEOUT_MS (60 s). */
  timeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Leave the broker running when this process ends (the CLI's `start`). */
  detached?: boolean;
}

export const REPO_ROOT: string;
export const RIG_DIR: string;
export const HOST: string;
export const STOMP_PORT: number;
export const WEB_STOMP_PORT: number;
export const WEB_STOMP_PATH: string;
export const AMQP_PORT: number;
export const DIST_PORT: number;
export const EPMD_PORT: number;
export const DEFAULT_PORTS: Readonly<RabbitMQPorts>;
export const LOGIN: string;
export const PASSCODE: string;
export const START_TIMEOUT_MS: number;

export function startRabbitMQ(options?: StartOptions): Promise<RabbitMQRig>;
export function connectToRunningRabbitMQ(options?: { ports?: Partial<RabbitMQPorts> }): Promise<RabbitMQRig>;
export function stopStaleRabbitMQ(): Promise<{ stopped: string[]; removed: string[] }>;
/** CONNECT over TCP; resolves with the CONNECTED frame's headers. */
export function stompProbe(
  host?: string,
  port?: number,
  options?: { timeoutMs?: number; login?: string; passcode?: string }
): Promise<Record<string, string>>;
