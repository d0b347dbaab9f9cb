// The usage text: printed for --help, and after every usage error.

import { SOCKJS_SUB_TRANSPORTS } from './targets.js';

export const DOCTOR_HELP = `Usage: stomp-anywhere doctor <url> [options]

Probes a STOMP endpoint the way a web page would, over each transport in turn, and reports
whether a STOMP session comes up, what the server answers, the heart-beats it agrees to and,
with --idle, whether an idle connection survives (and if not, why it was cut).

<url>
  ws://host/path, wss://...     native WebSocket there, and SockJS at http(s)://host/path
  http://host/path, https://... a SockJS endpoint (Spring's .withSockJS()): each transport
                                sockjs-client has in node (${SOCKJS_SUB_TRANSPORTS.length}), and the
                                native WebSocket at ws(s)://host/path/websocket
  stomp://host:port, tcp://...  STOMP over plain TCP (default port 61613); stomp+ssl:// for TLS

Options:
  --login <name>          STOMP login (default: env STOMP_LOGIN)
  --passcode <secret>     STOMP passcode (default: env STOMP_PASSCODE, which keeps it out of
                          the shell history); never printed
  --host <vhost>          STOMP host header (the virtual host)
  --idle <seconds>        keep each session idle this long, then check it still answers
  --heart-beat <out,in>   heart-beats to ask for, ms (default 10000,10000; 0,0 with --idle,
                          so that a proxy's idle timeout shows; give one to test it instead)
  --transports <list>     only these probes, comma-separated: websocket, sockjs, tcp, or one
                          SockJS transport such as xhr-streaming or sockjs/xhr-streaming
  --timeout <ms>          per probe, until the CONNECTED frame (default 10000)
  --json                  one JSON document on stdout instead of the table
  -h, --help              this text
  --version               the version

Progress goes to stderr, the report to stdout.
Exit status: 0 when at least one transport carried a STOMP session, 1 when none did,
2 for a usage error, 3 for an internal error of the tool.

Examples:
  STOMP_LOGIN=guest STOMP_PASSCODE=guest stomp-anywhere doctor ws://localhost:15674/ws
  STOMP_PASSCODE=secret stomp-anywhere doctor https://app.example/ws --login app --idle 90
  stomp-anywhere doctor https://app.example/ws --json > doctor.json
`;

export const MAIN_HELP = `Usage: stomp-anywhere <command> [options]

Commands:
  doctor <url>   probe a STOMP endpoint over every transport and explain what fails

Run "stomp-anywhere doctor --help" for its options.
`;
