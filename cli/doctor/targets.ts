// From the URL a user gives to the probes worth running. A page reaches one endpoint in two
// ways: Spring's `.withSockJS()` endpoint http(s)://host/path also accepts a raw WebSocket at
// ws(s)://host/path/websocket, and a ws(s):// endpoint may have SockJS at the same path over
// http(s). So either URL gets both kinds of probe; TCP only for stomp:// and tcp://.

/**
 * The SockJS transports sockjs-client can run in node (lib/transport-list.js, each one's
 * `enabled()`): the iframe, htmlfile, jsonp and xdr ones need a browser's document or IE.
 * In the order sockjs-client itself tries them.
 */
export const SOCKJS_SUB_TRANSPORTS = ['websocket', 'xhr-streaming', 'eventsource', 'xhr-polling'];

/** Names --transports accepts. */
export const PROBE_NAMES = ['websocket', 'sockjs', ...SOCKJS_SUB_TRANSPORTS.map((t) => 'sockjs/' + t), 'tcp'];

export interface TcpTarget {
  host: string;
  port: number;
  tls: boolean;
}

/** Where each kind of probe goes for one user URL. */
export interface ProbePlan {
  /** The native WebSocket URL, unless the URL is a TCP one. */
  websocketUrl?: string;
  /** SockJS base URLs to try for /info, best guess first. */
  sockjsUrls: string[];
  tcp?: TcpTarget;
  /** The kind the user named comes first. */
  first: 'websocket' | 'sockjs' | 'tcp';
}

const DEFAULT_STOMP_PORT = 61613;
const DEFAULT_STOMP_TLS_PORT = 61614;

/** The probes for `input`, or the reason it is not a URL the tool can probe. */
export function planProbes(input: string): ProbePlan | { error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    // The text itself is not repeated: it may be a secret typed in the wrong place.
    return { error: `the first argument is not a URL (expected ws://, wss://, http://, https://, stomp:// or tcp://)` };
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (url.hash) return { error: 'the URL must not have a #fragment (WebSocket and SockJS URLs cannot)' };
  if (scheme === 'ws' || scheme === 'wss') {
    const http = withScheme(url, scheme === 'wss' ? 'https' : 'http');
    const sockjsUrls = [http.toString()];
    // ws://host/app/websocket is itself the raw URL under a SockJS endpoint at /app.
    const parent = http.pathname.replace(/\/+$/, '').replace(/\/websocket$/, '');
    if (parent !== http.pathname.replace(/\/+$/, '') && parent !== '') {
      const base = new URL(http.toString());
      base.pathname = parent;
      sockjsUrls.push(base.toString());
    }
    return { websocketUrl: url.toString(), sockjsUrls, first: 'websocket' };
  }
  if (scheme === 'http' || scheme === 'https') {
    const ws = withScheme(url, scheme === 'https' ? 'wss' : 'ws');
    ws.pathname = ws.pathname.replace(/\/+$/, '') + '/websocket';
    return { websocketUrl: ws.toString(), sockjsUrls: [url.toString()], first: 'sockjs' };
  }
  const tls = scheme === 'stomp+ssl' || scheme === 'stomp+tls' || scheme === 'ssl' || scheme === 'tls';
  if (scheme === 'stomp' || scheme === 'tcp' || tls) {
    if (!url.hostname) return { error: `${scheme}:// needs a host, e.g. ${scheme}://localhost:${DEFAULT_STOMP_PORT}` };
    const port = url.port ? Number(url.port) : tls ? DEFAULT_STOMP_TLS_PORT : DEFAULT_STOMP_PORT;
    // URL keeps IPv6 literals in brackets; net.connect wants them bare.
    return { tcp: { host: url.hostname.replace(/^\[|\]$/g, ''), port, tls }, sockjsUrls: [], first: 'tcp' };
  }
  return { error: `unsupported URL scheme "${scheme}:" (use ws://, wss://, http://, https://, stomp:// or tcp://)` };
}

/**
 * Whether the probe `name` ('websocket', 'sockjs/xhr-polling', 'tcp') is among `wanted`
 * (--transports); everything is wanted when the list is empty. 'sockjs' stands for all of
 * SockJS's, and a bare sub-transport name ('xhr-polling') for its SockJS probe.
 */
export function isWanted(name: string, wanted: string[]): boolean {
  if (!wanted.length) return true;
  for (const w of wanted) {
    if (w === name) return true;
    if (w === 'sockjs' && name.indexOf('sockjs/') === 0) return true;
    if (w !== 'websocket' && 'sockjs/' + w === name) return true;
  }
  return false;
}

/** Names in `wanted` that match no probe, for the usage error. */
export function unknownProbeNames(wanted: string[]): string[] {
  return wanted.filter((w) => PROBE_NAMES.indexOf(w) < 0 && SOCKJS_SUB_TRANSPORTS.indexOf(w) < 0);
}

/** A copy of `url` with another scheme. */
function withScheme(url: URL, scheme: string): URL {
  const copy = new URL(url.toString());
  copy.protocol = scheme;
  return copy;
}
