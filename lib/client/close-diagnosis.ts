// Why did the socket close, in sentences: the likely cause and what to do about it, for each
// rule close-kind.ts finds. An application opts into this (the `diagnoseClose` option or
// useCloseDiagnosis); without it a close report has the code, name, kind and one line.

import { hasOwn } from '../engine/has-own.js';
import { closeCodeInfo } from './close-codes.js';
import { clip, duration, seconds } from './report-text.js';
import {
  findCloseRule,
  type CloseContext,
  type CloseDiagnosis,
  type CloseFinding,
  type CloseKind
} from './close-kind.js';

export type { CloseContext, CloseDiagnosis, CloseKind };

// A rule's sentences: `cause`/`advice` in full, `brief`/`tip` for the one-line summary.
interface Verdict {
  cause: string;
  advice?: string;
  brief?: string;
  tip?: string;
  when?: string;
}

const RETRY = 'the client reconnects by itself (unless reconnectDelay is 0)';
const HANDSHAKE = 'a proxy that does not pass WebSocket upgrades (it must forward the Upgrade and Connection headers)';

/**
 * Explains a socket close: the likely cause, what to do, and a one-line summary for logs.
 * Never throws; missing, negative or NaN durations are treated as unknown.
 *
 * @example
 * const d = diagnoseClose({ code: 1006, openFor: 75000, silentFor: 60000, stompConnected: true,
 *   heartbeat: { outgoing: 0, incoming: 0 } });
 * d.kind;    // 'proxy-idle-timeout'
 * d.summary; // 'closed 1006 (Abnormal closure) after 60.0 s of silence: an idle timeout on the way, ...'
 */
export function diagnoseClose(context: CloseContext): CloseDiagnosis {
  const c: CloseContext = context || { code: 1006 };
  const f = findCloseRule(c);
  const code = f.code;
  const info = closeCodeInfo(code);
  const reason = f.reason;
  const v = explain(c, f, f.judged);
  const partial = duration(c.partialFrame);
  let cause = v.cause;
  if (partial) cause += '; a frame was cut off in the middle (' + partial + ' units of it had arrived)';
  const shownReason = reason ? ' ' + quote(clip(reason, 60)) : '';
  const when = v.when !== undefined ? v.when : openedPhrase(c);
  return {
    code: code,
    name: info.name,
    meaning: info.meaning,
    reason: reason,
    wasClean: c.wasClean === true,
    cause: cause,
    advice: v.advice,
    kind: f.kind,
    summary:
      'closed ' +
      code +
      ' (' +
      info.name +
      ')' +
      shownReason +
      when +
      ': ' +
      (v.brief || cause) +
      (v.tip ? '; ' + v.tip : '')
  };
}

/** The sentences for the rule close-kind.ts found. */
function explain(c: CloseContext, f: CloseFinding, reason: string): Verdict {
  const { code, openFor, silentFor, incoming, outgoing, opened, sockjs, because } = f;
  const said = reason ? ' (reason ' + quote(reason) + ')' : '';
  switch (f.rule) {
    case 'relay-lost':
      return {
        brief: 'the relay lost the broker',
        cause:
          "the server relaying STOMP (Spring's broker relay, say) lost its connection to the broker (" +
          quote(f.relayLost || '') +
          '): the broker went away or restarted',
        advice: RETRY + "; the broker log and the relay's log at that moment tell why",
        tip: 'check the broker'
      };
    case 'stomp-error':
      return stompErrorVerdict(c.errorFrame!);
    case 'protocol-error': {
      const pe = c.protocolError!;
      const what = String(pe.code) + ': ' + clip(String(pe.message), 200);
      return {
        cause: 'the client closed the connection on a STOMP protocol error from the broker (' + what + ')',
        advice:
          'the broker sent something this client cannot accept; turn on the debug option to see the frames, and ' +
          'report them with the broker name and version',
        brief: 'protocol error ' + what
      };
    }
    case 'requested': {
      // 1000 is a normal close even when the browser says wasClean false: RabbitMQ closes right
      // after the DISCONNECT receipt, racing the client's own close (Chromium: 1 in 3).
      const clean = c.wasClean === true || (code === 1000 && !because);
      return {
        brief: 'closed by the application',
        cause:
          'the application asked for the close (deactivate or disconnect)' +
          (clean ? '' : ', but the socket did not close cleanly' + (because ? ' (' + because + ')' : ''))
      };
    }
    case 'dead-peer':
      return {
        cause: 'the client gave up on a silent broker: ' + because,
        advice:
          'the network or the broker stopped answering; if it happens while both are fine (background tabs, a ' +
          'busy page, a laptop waking up), raise heartbeatToleranceMultiplier or heartbeatIncoming',
        brief: 'broker silent, client gave up (' + because + ')',
        tip: 'check the network, or raise the heart-beat tolerance'
      };
    case 'no-handshake':
      return {
        cause: 'the socket opened but the broker never completed the STOMP handshake: ' + because,
        advice:
          'check that the URL is a STOMP endpoint, the login, passcode and host (virtual host) headers, and the ' +
          'broker load; slow links and SockJS fallbacks may need a larger connectionTimeout',
        brief: 'no STOMP session (' + because + ')',
        tip: 'check the endpoint and credentials'
      };
    case 'discarded':
      return { cause: 'the client closed the socket itself: ' + because, brief: 'closed by the client: ' + because };
    case 'refused':
      if (code === 1006) return refusedVerdict(opened, openFor);
      return withReason(refusedVerdict(false, undefined), said);
    case 'idle':
      return idleVerdict(silentFor!, c.heartbeat, sockjs);
    case 'broker-ended':
      return {
        brief: 'the broker went away',
        cause:
          'the broker went away: it ended the TCP connection without DISCONNECT or ERROR (it crashed, was killed ' +
          'or restarted, or closed an idle connection itself)',
        advice: RETRY + '; the broker log at that moment tells which',
        tip: 'check the broker'
      };
    case 'closed-before-connected':
      return {
        cause:
          'the socket was open but closed before the broker answered CONNECT: the broker may have dropped the ' +
          'CONNECT (credentials, virtual host) or the URL is not a STOMP endpoint',
        advice: 'check the broker log for the rejected login, and that the URL points at its STOMP endpoint',
        brief: 'closed before STOMP connected'
      };
    case 'silent-network':
      return {
        when: ' after ' + seconds(silentFor!) + ' of silence',
        cause:
          'the connection dropped after ' +
          seconds(silentFor!) +
          " without data, longer than the broker's heart-beat interval of " +
          seconds(incoming) +
          ': the network went away or the broker stopped answering',
        advice: RETRY + '; if it repeats, check the network path (Wi-Fi, VPN, mobile) and the broker health and log',
        brief: 'network dropped or broker stopped answering'
      };
    case 'network': {
      const beats = incoming > 0 || outgoing > 0;
      return {
        brief: 'connection lost without a close handshake',
        cause:
          'the connection was cut without a close handshake: the network dropped, or the broker or a proxy went ' +
          'down or restarted',
        advice:
          RETRY +
          '; the broker and proxy logs at that moment tell which' +
          (!beats
            ? '; turn heart-beats on, without them a dead connection can also go unnoticed'
            : incoming === 0
              ? '; some proxies only count data from the server, so ask for incoming heart-beats too'
              : '')
      };
    }
    default:
      return withReason(codeVerdict(code, reason), said);
  }
}

/** A rule by close code alone gets the reason appended to its cause. */
function withReason(v: Verdict, said: string): Verdict {
  if (said) {
    v.brief = v.brief || v.cause;
    v.cause += said;
  }
  return v;
}

// Rules by close code alone; the caller appends the reason to the cause.
function codeVerdict(code: number, reason: string): Verdict {
  const rule = hasOwn.call(BY_CODE, code) ? BY_CODE[code] : null;
  if (rule) return rule[0] ? server(rule[1], rule[2]) : verdict(rule[1], rule[2] || undefined);
  if (code === 1009) {
    return {
      cause: 'message too big: a message was larger than the receiving side accepts',
      advice:
        'send smaller messages, or turn on splitLargeFrames with maxWebSocketChunkSize at most 16 KiB when the ' +
        'broker reassembles split frames (Spring does, RabbitMQ does not); Spring also caps a whole frame at 64 KiB ' +
        'unless its messageSizeLimit is raised',
      tip: 'send smaller messages or use splitLargeFrames'
    };
  }
  if (code === 1008)
    return verdict(
      'the server refused the connection under its policy' +
        (reason ? '' : ', often failed authentication, a disallowed origin or a rate limit'),
      'check the credentials or token, and that the page origin is among the server allowed origins; ' +
        'reconnecting fails the same way until that is fixed'
    );
  const info = closeCodeInfo(code);
  if (code === 2010 || code === 3000) return server(info.name + ': ' + lower(info.meaning), '');
  if (info.range === 'private') {
    const v = server(
      'the server application closed with its own code ' + code + ': ' + lower(info.meaning),
      'ask whoever runs the server what ' + code + ' means'
    );
    v.brief = 'application-defined code ' + code + ' from the server';
    return v;
  }
  return verdict('close code ' + code + ' (' + info.range + '): ' + lower(info.meaning));
}

/**
 * Codes with a fixed verdict: [the server went away and a reconnect will retry, cause, advice]
 * (no advice: none to give past retrying, or nothing to retry).
 */
const BY_CODE: { [code: number]: [boolean, string, string] } = {
  1000: [
    true,
    'the server closed the connection normally without being asked',
    'if the broker closes sessions on purpose (shutdown, admin action, session expiry), its log says why'
  ],
  1001: [true, 'the server is going away (shutting down or restarting)', ''],
  1002: [
    false,
    'a WebSocket protocol error: one side sent frames the other could not accept',
    'often a proxy that mangles WebSocket traffic, or a bug in one side; capture the traffic to see which'
  ],
  1003: [
    false,
    'unsupported data: the other side does not take that kind of message, typically binary where it wants text',
    'send text messages unless the server accepts binary (a publish with binaryBody goes as a binary message)'
  ],
  1005: [true, 'the server closed without giving a status code', 'the broker log may say why'],
  1007: [
    false,
    'invalid UTF-8 in a text message, typically binary data sent as text',
    'send binary payloads as a binary body, or encode them (for example base64) before putting them in a text body'
  ],
  1010: [false, 'the client required a WebSocket extension that the server did not agree to', ''],
  1011: [true, 'the server hit an internal error', 'the server log has the error'],
  1012: [true, 'the server is restarting', 'the backoff spreads the returning clients out'],
  1013: [
    true,
    'the server is overloaded and asks to try again later',
    'a larger reconnectDelay or maxReconnectDelay lightens the load'
  ],
  1014: [
    true,
    'a gateway or proxy got a bad answer from the server behind it (bad gateway)',
    'check that the broker behind the proxy is up'
  ],
  1015: [
    false,
    'the TLS handshake failed: the certificate is untrusted, expired or for another host name',
    'check the certificate chain and host name; in Node.js, pass the CA of a private certificate authority'
  ],
  2000: [
    false,
    'SockJS could not connect with any of its transports',
    'check the URL (SockJS takes http:// or https://), that the endpoint is up, ' +
      'and that proxies pass its long-running requests'
  ]
};

function verdict(cause: string, advice?: string): Verdict {
  return { cause: cause, advice: advice };
}

function server(cause: string, extra: string): Verdict {
  return { cause: cause, advice: RETRY + (extra ? '; ' + extra : ''), tip: 'reconnect will retry' };
}

function refusedVerdict(opened: boolean, openFor: number | undefined): Verdict {
  const when =
    opened && openFor !== undefined
      ? ' ' + seconds(openFor) + ' after opening, before STOMP connected'
      : ' before the socket opened';
  return {
    when: when,
    cause:
      'the connection failed' +
      when +
      ': a wrong URL or path, the server down, a firewall, a TLS problem, or ' +
      HANDSHAKE,
    advice:
      'check the URL (scheme ws:// or wss://, host, port, path) and that the server runs; behind nginx use ' +
      'proxy_http_version 1.1 and set the Upgrade and Connection headers; browsers hide the HTTP status, so look ' +
      'at the network tab or the server log',
    brief: 'could not connect: wrong URL, server down, firewall, TLS, or a proxy not passing WebSocket upgrades',
    tip: 'check the URL and the proxy'
  };
}

function idleVerdict(silentFor: number, hb: CloseContext['heartbeat'], sockjs: boolean): Verdict {
  const n = seconds(silentFor);
  const suggest = Math.max(1, Math.floor(silentFor / 2000));
  const near60 = silentFor >= 58500 && silentFor <= 61500;
  return {
    when: ' after ' + n + ' of silence',
    cause:
      'no data flowed for ' +
      n +
      " and then the connection was cut: an idle timeout on the way (a proxy's read timeout, " +
      'nginx `proxy_read_timeout` defaults to 60 s' +
      (near60 ? ', and so does the idle timeout of an AWS Application Load Balancer' : '') +
      ')' +
      (sockjs
        ? '; over SockJS, its own h frames (Spring sends one every 25 s by default, none once STOMP heart-beats ' +
          'are agreed) did not come often enough to keep the proxy from cutting it'
        : ''),
    advice:
      'set heart-beats below ' +
      n +
      ', e.g. heartbeatOutgoing and heartbeatIncoming of ' +
      suggest * 1000 +
      ' ms (' +
      suggest +
      ' s), or raise the proxy timeout' +
      (hb && !(hb.incoming > 0) && !(hb.outgoing > 0)
        ? '; heart-beats were off for this session, and the broker must agree to them ' +
          "(Spring's simple broker only sends them when given a TaskScheduler)"
        : ''),
    brief: "an idle timeout on the way, likely a proxy's read timeout",
    tip: 'set heart-beats below ' + n
  };
}

function stompErrorVerdict(frame: { headers: { [k: string]: string }; body: string }): Verdict {
  const headers = frame.headers || {};
  const message = clip(typeof headers.message === 'string' ? headers.message : '', 160);
  const body = clip(typeof frame.body === 'string' ? frame.body : '', 200);
  const said = (message ? quote(message) : 'no message header') + (body ? ' (body ' + quote(body) + ')' : '');
  const text = message + ' ' + body;
  const advice = /auth|login|passcode|credential|denied|refused|unauthori[sz]ed|forbidden/i.test(text)
    ? 'check login and passcode (connectHeaders) and the user permissions on the broker; reconnecting repeats ' +
      'the error until they are fixed'
    : /too (large|big)|size|limit/i.test(text)
      ? 'send smaller frames, or raise the broker limit (Spring: messageSizeLimit, 64 KiB by default)'
      : 'fix what the broker complains about; if a frame you sent caused it, reconnecting repeats the error';
  return {
    cause: 'the broker sent an ERROR frame and closed the connection: ' + said,
    advice: advice,
    brief: 'ERROR from the broker: ' + (message || body ? quote(clip(message || body, 80)) : 'no message')
  };
}

function openedPhrase(c: CloseContext): string {
  const openFor = duration(c.openFor);
  if (openFor !== undefined) return ' after ' + seconds(openFor) + ' open';
  return c.stompConnected ? '' : ' before the socket opened';
}

function quote(text: string): string {
  return '"' + text + '"';
}

/** A sentence to go after a colon: first letter lowered (not in a name), final full stop dropped. */
function lower(sentence: string): string {
  const s = sentence.charAt(sentence.length - 1) === '.' ? sentence.substring(0, sentence.length - 1) : sentence;
  return /^(SockJS|Spring)/.test(s) ? s : s.charAt(0).toLowerCase() + s.substring(1);
}
