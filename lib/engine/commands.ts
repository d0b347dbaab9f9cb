// The commands STOMP 1.0-1.2 define, and which side sends each.

/**
 * Commands a client sends, as STOMP 1.0-1.2 define them.
 *
 * @example
 * CLIENT_COMMANDS.indexOf(frame.command) >= 0; // a frame only a client sends
 */
export const CLIENT_COMMANDS = [
  'CONNECT',
  'STOMP',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT'
];

/**
 * Commands a server sends, as STOMP 1.0-1.2 define them.
 *
 * @example
 * SERVER_COMMANDS; // ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR']
 */
export const SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'];

// A lookup object rather than Array#indexOf, which JScript 5.x lacks.
const KNOWN: { [command: string]: 1 | 2 } = {};
for (let i = 0; i < CLIENT_COMMANDS.length; i++) KNOWN[CLIENT_COMMANDS[i]] = 1;
for (let i = 0; i < SERVER_COMMANDS.length; i++) KNOWN[SERVER_COMMANDS[i]] = 2;

/**
 * True for any command of STOMP 1.0-1.2, sent by either side (case matters).
 *
 * @example
 * isStompCommand('SEND');  // true
 * isStompCommand('send');  // false
 */
export function isStompCommand(command: string): boolean {
  // Inherited names (toString, __proto__) hold functions or objects, never 1 or 2.
  const side = KNOWN[command];
  return side === 1 || side === 2;
}

/** CONNECT, STOMP and CONNECTED never escape their headers, in any version. */
export function isHandshakeCommand(command: string): boolean {
  return command === 'CONNECT' || command === 'STOMP' || command === 'CONNECTED';
}
