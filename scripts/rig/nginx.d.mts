// Types for nginx.mjs, so the TypeScript tests can import it.

export interface NginxOptions {
  /** Default DEFAULT_PORT (15692), on 127.0.0.1. Must be free. */
  listenPort?: number;
  /**
   * Location prefix -> upstream (http://127.0.0.1:PORT, no path; the request URI is passed on as
   * it is). Default DEFAULT_UPSTREAMS: '/ws' -> Web-STOMP (15684), '/stomp' -> the SockJS relay (15690).
   */
  upstreams?: Record<string, string>;
  /** proxy_read_timeout and proxy_send_timeout, an nginx time such as '3s' or '500ms'; default '3s'. */
  readTimeout?: string;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export interface NginxProxy {
  port: number;
  /** The master's PID (nginx runs with `daemon off`, in its own process group). */
  pid: number;
  /** This run's folder under .rig/nginx/: nginx.conf, nginx.pid, logs/, temp/. */
  dir: string;
  readTimeout: string;
  /** http://127.0.0.1:PORT + path */
  url(path?: string): string;
  /** ws://127.0.0.1:PORT + path */
  wsUrl(path?: string): string;
  /** The error log so far (an idle cut logs "upstream timed out ... while proxying upgraded connection"). */
  errorLog(): string;
  /** The access log so far (request_time, upstream status). */
  accessLog(): string;
  /** QUIT, wait for the master to exit (TERM, then KILL of its group, if it does not); safe to call twice. */
  stop(): Promise<void>;
}

export const NGINX_DIR: string;
export const HOST: string;
export const DEFAULT_PORT: number;
export const DEFAULT_UPSTREAMS: Readonly<Record<string, string>>;
export const DEFAULT_READ_TIMEOUT: string;

export function startNginx(options?: NginxOptions): Promise<NginxProxy>;
/** Stops the nginx of runs under .rig/nginx/ by pid file (only orphans: runs whose owner process ended). */
export function stopStaleNginx(options?: { onlyOrphans?: boolean }): Promise<{ stopped: string[]; removed: string[] }>;
