// Node's socket and HTTP errors in words. A browser hides all of this behind close code 1006;
// from node the tool can say which of refused, unknown host, TLS or HTTP status it was.

import type { FailureKind } from './report.js';

export interface SocketErrorDescription {
  kind: FailureKind;
  message: string;
  errorCode?: string;
  httpStatus?: number;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS/;

/** What went wrong, from an error of `ws`, `net`, `tls` or `http`. */
export function describeSocketError(error: unknown): SocketErrorDescription {
  const e = (error || {}) as NodeJS.ErrnoException & { hostname?: string; address?: string; port?: number };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : String(error);
  // `ws` reports a refused upgrade as "Unexpected server response: 404".
  const status = /Unexpected server response: (\d{3})/.exec(text);
  if (status) {
    const httpStatus = Number(status[1]);
    return {
      kind: 'http-status',
      httpStatus,
      message: `the server answered the WebSocket upgrade with HTTP ${httpStatus}${upgradeHint(httpStatus)}`
    };
  }
  // `ws` checks the subprotocol as browsers do: offered ones and none chosen fails the handshake.
  if (/Server sent (no|an invalid) subprotocol|subprotocol but none was requested/.test(text)) {
    return {
      kind: 'subprotocol',
      message: `the WebSocket upgrade succeeded, but ${text.replace(/^Server sent/, 'the server sent').toLowerCase()}; browsers fail such a handshake too`
    };
  }
  const where = e.address ? ` (${e.address}${e.port ? ':' + e.port : ''})` : '';
  if (code === 'ECONNREFUSED')
    return { kind: 'refused', errorCode: code, message: `connection refused${where}: nothing listens on that port` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      kind: 'dns',
      errorCode: code,
      message: `host name not found (${code}${e.hostname ? ' ' + e.hostname : ''})`
    };
  }
  if (code === 'ETIMEDOUT')
    return {
      kind: 'timeout',
      errorCode: code,
      message: `no answer (${code}): a firewall dropping packets, or a wrong host`
    };
  if (code && TLS_CODES.test(code)) {
    return {
      kind: 'tls',
      errorCode: code,
      message: `TLS failed (${code}): ${text}; for a private CA, set NODE_EXTRA_CA_CERTS=ca.pem`
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      kind: 'network',
      errorCode: code,
      message: `the connection was reset (${code}): a proxy or firewall closing it, or a plain-TCP port spoken to in HTTP (or the reverse)`
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { kind: 'network', errorCode: code, message: `no route to the host (${code})` };
  return {
    kind: code ? 'network' : 'error',
    errorCode: code,
    message: code && text.indexOf(code) < 0 ? `${text} (${code})` : text
  };
}

function upgradeHint(status: number): string {
  if (status === 404) return ' (no WebSocket endpoint at this path)';
  if (status === 400)
    return ' (often a proxy that drops the Upgrade and Connection headers, or an endpoint that only takes SockJS)';
  if (status === 401 || status === 403) return ' (refused: authentication, or an origin the server does not allow)';
  if (status >= 300 && status < 400)
    return ' (a redirect, which WebSocket clients do not follow: use the URL it points to)';
  if (status === 426) return ' (the server wants another WebSocket version or subprotocol)';
  if (status === 502 || status === 503 || status === 504) return ' (a proxy could not reach the server behind it)';
  return '';
}
