// GET <base>/info, the first request every SockJS client makes. sockjs-client only says
// "Cannot connect to server" when it fails; asking ourselves gives the HTTP status or socket
// error, and the server's settings (WebSocket switched off, sticky sessions needed).

import * as http from 'node:http';
import * as https from 'node:https';
import type { SockJsInfo } from './report.js';
import { describeSocketError } from './socket-errors.js';
import { redactUrl } from './secrets.js';

/** /info is a few hundred bytes; anything much bigger is not a SockJS endpoint. */
const MAX_BODY = 64 * 1024;

/** The /info URL for a SockJS base URL (path + '/info', query kept), as sockjs-client builds it. */
export function infoUrl(base: string): string {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, '') + '/info';
  return url.toString();
}

/** Asks <base>/info and reads the answer; never rejects. */
export function fetchSockJsInfo(base: string, timeoutMs: number): Promise<SockJsInfo> {
  const target = infoUrl(base);
  const shown = redactUrl(target);
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (info: SockJsInfo) => {
      if (settled) return;
      settled = true;
      resolve(info);
    };
    const get = target.startsWith('https:') ? https.get : http.get;
    // agent: false, so no keep-alive socket outlives the request and holds the process open.
    const request = get(target, { agent: false, headers: { accept: 'application/json' } }, (response) => {
      const status = response.statusCode || 0;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) return void chunks.push(chunk);
        // Settled here: once the response has begun, destroying the request reports on the
        // response, not on the request.
        finish({
          url: shown,
          ok: false,
          httpStatus: status,
          ms: Date.now() - started,
          problem: 'GET /info answered ' + status + ' with more than ' + MAX_BODY + ' bytes: not a SockJS endpoint'
        });
        request.destroy();
      });
      response.on('end', () => {
        const ms = Date.now() - started;
        if (status !== 200) {
          return finish({
            url: shown,
            ok: false,
            httpStatus: status,
            ms,
            problem: `GET /info answered ${status}${statusHint(status)}`
          });
        }
        finish(readInfo(shown, status, ms, Buffer.concat(chunks).toString('utf8')));
      });
      // A connection cut in the middle of the answer: 'end' never comes.
      const cut = (error?: Error) =>
        finish({
          url: shown,
          ok: false,
          httpStatus: status,
          ms: Date.now() - started,
          problem: 'GET /info: the answer was cut off' + (error && error.message ? ' (' + error.message + ')' : '')
        });
      response.on('error', cut);
      response.on('aborted', () => cut());
      response.on('close', () => {
        if (!response.complete) cut();
      });
    });
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error('no answer within ' + timeoutMs + ' ms'), { code: 'ETIMEDOUT' }))
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const d = describeSocketError(error);
      finish({
        url: shown,
        ok: false,
        ms: Date.now() - started,
        errorCode: error.code,
        problem: `GET /info failed: ${d.message}`
      });
    });
  });
}

function readInfo(url: string, status: number, ms: number, body: string): SockJsInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { url, ok: false, httpStatus: status, ms, problem: 'GET /info answered 200 but not with JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { url, ok: false, httpStatus: status, ms, problem: 'GET /info answered 200 but not with a JSON object' };
  }
  const o = parsed as { websocket?: unknown; cookie_needed?: unknown; origins?: unknown };
  const info: SockJsInfo = { url, ok: true, httpStatus: status, ms };
  if (typeof o.websocket === 'boolean') info.websocket = o.websocket;
  if (typeof o.cookie_needed === 'boolean') info.cookieNeeded = o.cookie_needed;
  if (Array.isArray(o.origins)) info.origins = o.origins.filter((x): x is string => typeof x === 'string');
  return info;
}

function statusHint(status: number): string {
  if (status === 404) return ' (no SockJS endpoint at this path)';
  if (status === 401 || status === 403) return ' (authentication or origin refused)';
  if (status >= 300 && status < 400) return ' (a redirect: give the tool, and the page, the URL it points to)';
  if (status === 502 || status === 503 || status === 504) return ' (a proxy could not reach the server behind it)';
  return '';
}
