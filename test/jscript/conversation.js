// Whole STOMP conversations through the script-tag bundle, inside JScript 5.8 (IE8's engine):
// first through StompAnywhere.StompConnection, then through StompAnywhere.Client. The broker
// is played by a scripted WebSocket-like object; the Client gets a hand-driven clock (cscript
// has no setTimeout), so every timer, heart-beat and reconnect happens when this script says.
//
// Run by scripts/jscript/run-in-jscript.mjs after the bundle, assert.js and scripted-socket.js:
//   node scripts/jscript/run-in-jscript.mjs dist/stomp-anywhere.js test/jscript/assert.js test/jscript/scripted-socket.js test/jscript/conversation.js
//
// Plain ES3 on purpose (see assert.js). Non-ASCII text is written as \u escapes. The checks
// run in order and each one goes on from the state the previous left (one conversation).

var SA = typeof StompAnywhere !== 'undefined' ? StompAnywhere : null;
var NUL = '\0';

// A clock for the Client: timers wait in a queue until advance() moves time past them.
function ManualClock(start) {
  var time = start;
  var timers = [];
  var nextId = 1;
  var clock = {};
  clock.now = function () {
    return time;
  };
  clock.setTimeout = function (fn, ms) {
    var t = { id: nextId++, at: time + (ms > 0 ? ms : 0), fn: fn };
    timers.push(t);
    return t.id;
  };
  clock.clearTimeout = function (id) {
    for (var i = 0; i < timers.length; i++) {
      if (timers[i].id === id) {
        timers.splice(i, 1);
        return;
      }
    }
  };
  /** Moves time forward by ms, firing each timer that falls due, in time order. */
  clock.advance = function (ms) {
    var end = time + ms;
    for (;;) {
      var due = -1;
      for (var i = 0; i < timers.length; i++) {
        if (timers[i].at <= end && (due < 0 || timers[i].at < timers[due].at)) due = i;
      }
      if (due < 0) break;
      var t = timers[due];
      timers.splice(due, 1);
      if (t.at > time) time = t.at;
      t.fn();
    }
    time = end;
  };
  clock.pending = function () {
    return timers.length;
  };
  return clock;
}

/** A MESSAGE frame of subscription `sub` as the broker writes it. */
function messageFrame(sub, id, body, extraHeaders) {
  return (
    'MESSAGE\nsubscription:' +
    sub +
    '\nmessage-id:' +
    id +
    '\ndestination:/topic/a\nack:ack-' +
    id +
    '\n' +
    (extraHeaders || '') +
    '\n' +
    body +
    NUL
  );
}

function bodies(messages) {
  var out = [];
  for (var i = 0; i < messages.length; i++) out.push(messages[i].body);
  return out;
}

function sameList(actual, expected, what) {
  equal(show(actual), show(expected), what);
}

// ---------------------------------------------------------------------------------------------
// The engine itself.

check('this engine is JScript: "F\\0".split(/\\0\\n*/) drops the empty piece (length 1)', function () {
  equal('F\0'.split(/\0\n*/).length, 1, 'split length');
  equal('abc'.charAt(1), 'b', 'charAt');
  equal(typeof Array.prototype.forEach, 'undefined', 'Array.prototype.forEach (ES5)');
  equal(
    typeof Object.defineProperty === 'undefined' || typeof Object.keys === 'undefined',
    true,
    'no ES5 Object functions'
  );
});

check('the bundle defines StompAnywhere with StompConnection, Client, FrameDecoder, encodeFrame', function () {
  isTrue(SA !== null, 'StompAnywhere defined');
  equal(typeof SA.StompConnection, 'function', 'StompConnection');
  equal(typeof SA.Client, 'function', 'Client');
  equal(typeof SA.FrameDecoder, 'function', 'FrameDecoder');
  equal(typeof SA.encodeFrame, 'function', 'encodeFrame');
});

check('encodeFrame: SEND with content-length counted in UTF-8 bytes', function () {
  equal(
    SA.encodeFrame({ command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' }, { version: '1.2' }),
    'SEND\ndestination:/queue/a\ncontent-length:2\n\nhi\0',
    'plain'
  );
  equal(
    SA.encodeFrame(
      { command: 'SEND', headers: { destination: '/queue/a' }, body: '\u00e9\u20ac\uD83D\uDE00' },
      { version: '1.2' }
    ),
    'SEND\ndestination:/queue/a\ncontent-length:9\n\n\u00e9\u20ac\uD83D\uDE00\0',
    'non-ASCII'
  );
});

check('FrameDecoder: two frames fed one character at a time', function () {
  var frames = [];
  var errors = [];
  var decoder = new SA.FrameDecoder({
    onFrame: function (f) {
      frames.push(f);
    },
    onError: function (e) {
      errors.push(e);
    }
  });
  var text = 'MESSAGE\ndestination:/a\n\nfirst\0\nRECEIPT\nreceipt-id:7\n\n\0';
  for (var i = 0; i < text.length; i++) decoder.push(text.charAt(i));
  equal(errors.length, 0, 'errors');
  equal(frames.length, 2, 'frames');
  equal(frames[0].command, 'MESSAGE', 'first command');
  equal(frames[0].headers.destination, '/a', 'first destination');
  equal(frames[0].body, 'first', 'first body');
  equal(frames[1].command, 'RECEIPT', 'second command');
  equal(frames[1].headers['receipt-id'], '7', 'receipt-id');
});

// ---------------------------------------------------------------------------------------------
// One session through StompConnection.

var conv = {
  socket: new ScriptedSocket(),
  connection: null,
  connected: [],
  heartbeats: 0,
  errorFrames: [],
  protocolErrors: [],
  closes: [],
  messages: []
};

check('StompConnection: nothing is sent before the socket opens', function () {
  conv.connection = new SA.StompConnection(conv.socket, {
    connectHeaders: { login: 'guest', passcode: 'guest', host: '/' },
    heartbeat: { outgoing: 10000, incoming: 20000 },
    onConnected: function (info) {
      conv.connected.push(info);
    },
    onHeartbeat: function () {
      conv.heartbeats++;
    },
    onStompError: function (frame) {
      conv.errorFrames.push(frame);
    },
    onProtocolError: function (error) {
      conv.protocolErrors.push(error);
    },
    onClose: function (info) {
      conv.closes.push(info);
    }
  });
  equal(conv.socket.sent.length, 0, 'frames sent');
  equal(conv.connection.state, 'CONNECTING', 'state');
});

check('StompConnection: CONNECT on open, with accept-version and heart-beat', function () {
  conv.socket.open();
  sameList(
    conv.socket.take(),
    ['CONNECT\nlogin:guest\npasscode:guest\nhost:/\naccept-version:1.2,1.1,1.0\nheart-beat:10000,20000\n\n\0'],
    'sent'
  );
  equal(conv.connection.state, 'HANDSHAKING', 'state');
});

check('StompConnection: CONNECTED settles version 1.2 and the heart-beats', function () {
  conv.socket.receive('CONNECTED\nversion:1.2\nheart-beat:5000,15000\nserver:ScriptedBroker/1.0\nsession:s-1\n\n\0');
  equal(conv.connected.length, 1, 'onConnected calls');
  var info = conv.connected[0];
  equal(info.version, '1.2', 'version');
  // Each direction: the larger of what one side offers and the other asks for.
  equal(info.heartbeat.outgoing, 15000, 'outgoing heart-beat');
  equal(info.heartbeat.incoming, 20000, 'incoming heart-beat');
  equal(info.server, 'ScriptedBroker/1.0', 'server');
  equal(info.session, 's-1', 'session');
  equal(conv.connection.state, 'CONNECTED', 'state');
  equal(conv.connection.heartbeat.outgoing, 15000, 'connection.heartbeat.outgoing');
  equal(conv.errorFrames.length + conv.protocolErrors.length, 0, 'errors');
});

check('StompConnection: EOLs between frames (LF, CRLF) are heart-beats', function () {
  conv.socket.receive('\n');
  conv.socket.receive('\r\n');
  equal(conv.heartbeats, 2, 'heart-beats');
});

check('StompConnection: subscribe sends SUBSCRIBE with id and destination', function () {
  var sub = conv.connection.subscribe(
    '/topic/a',
    function (m) {
      conv.messages.push(m);
    },
    { ack: 'client-individual' }
  );
  equal(sub.id, 'sub-0', 'id');
  equal(typeof sub.unsubscribe, 'function', 'unsubscribe');
  sameList(conv.socket.take(), ['SUBSCRIBE\nack:client-individual\nid:sub-0\ndestination:/topic/a\n\n\0'], 'sent');
});

check('StompConnection: three MESSAGE frames in one WebSocket message (and an EOL between)', function () {
  conv.messages = [];
  conv.socket.receive(
    messageFrame('sub-0', '1', 'one') + messageFrame('sub-0', '2', 'two') + '\n' + messageFrame('sub-0', '3', 'three')
  );
  sameList(bodies(conv.messages), ['one', 'two', 'three'], 'bodies');
  equal(conv.messages[1].headers['message-id'], '2', 'message-id');
  equal(conv.messages[2].command, 'MESSAGE', 'command');
  equal(conv.heartbeats, 3, 'heart-beats');
});

check('StompConnection: a MESSAGE cut across three WebSocket messages', function () {
  conv.messages = [];
  var text = messageFrame('sub-0', '4', 'cut in three pieces');
  var a = text.indexOf('message-id') + 4; // inside a header line
  var b = text.indexOf('three'); // inside the body
  conv.socket.receive(text.substring(0, a));
  equal(conv.messages.length, 0, 'after part 1');
  conv.socket.receive(text.substring(a, b));
  equal(conv.messages.length, 0, 'after part 2');
  conv.socket.receive(text.substring(b));
  sameList(bodies(conv.messages), ['cut in three pieces'], 'bodies');
  equal(conv.messages[0].headers['message-id'], '4', 'message-id');
});

check('StompConnection: NUL inside a body with content-length, and the next frame right after', function () {
  conv.messages = [];
  var body = 'a\0b\0\0c';
  conv.socket.receive(messageFrame('sub-0', '5', body, 'content-length:6\n') + messageFrame('sub-0', '6', 'after'));
  equal(conv.messages.length, 2, 'messages');
  equal(conv.messages[0].body, body, 'body with NUL');
  equal(conv.messages[0].body.length, 6, 'body length');
  equal(conv.messages[1].body, 'after', 'next frame');
});

check(
  'StompConnection: non-ASCII text (\\u00e9 \\u20ac and a surrogate pair), with and without content-length',
  function () {
    conv.messages = [];
    var text = 'caf\u00e9 \u20ac \uD83D\uDE00';
    // UTF-8 bytes: caf 3 + e-acute 2 + space 1 + euro 3 + space 1 + pair 4 = 14.
    conv.socket.receive(messageFrame('sub-0', '7', text, 'content-length:14\nx-label:\u00e9t\u00e9\n'));
    conv.socket.receive(messageFrame('sub-0', '8', text));
    equal(conv.messages.length, 2, 'messages');
    equal(conv.messages[0].body, text, 'body with content-length');
    equal(conv.messages[0].headers['x-label'], '\u00e9t\u00e9', 'non-ASCII header value');
    equal(conv.messages[1].body, text, 'body without content-length');
    equal(conv.messages[1].body.charCodeAt(7), 0xd83d, 'high surrogate');
    equal(conv.messages[1].body.charCodeAt(8), 0xde00, 'low surrogate');
  }
);

check('StompConnection: content-length body cut between the two halves of a surrogate pair', function () {
  conv.messages = [];
  var text = 'x\uD83D\uDE00y';
  var frame = messageFrame('sub-0', '9', text, 'content-length:6\n');
  var cut = frame.indexOf('\uDE00');
  conv.socket.receive(frame.substring(0, cut));
  equal(conv.messages.length, 0, 'after the high half');
  conv.socket.receive(frame.substring(cut));
  equal(conv.messages.length, 1, 'messages');
  equal(conv.messages[0].body, text, 'body');
});

check('StompConnection: STOMP 1.2 header escapes, received and sent', function () {
  conv.messages = [];
  conv.socket.receive(messageFrame('sub-0', '10', 'x', 'x-note:a\\cb\\nc\\\\d\\re\n'));
  equal(conv.messages[0].headers['x-note'], 'a:b\nc\\d\re', 'unescaped');
  conv.connection.send({ destination: '/queue/q', body: '', headers: { 'x-note': 'a:b\nc\\d\re' } });
  sameList(conv.socket.take(), ['SEND\nx-note:a\\cb\\nc\\\\d\\re\ndestination:/queue/q\n\n\0'], 'sent');
});

check('StompConnection: message.ack() and nack() answer with the 1.2 ack header', function () {
  conv.messages = [];
  conv.socket.receive(messageFrame('sub-0', '11', 'ack me'));
  equal(conv.messages.length, 1, 'messages');
  conv.messages[0].ack();
  conv.messages[0].nack();
  sameList(
    conv.socket.take(),
    ['ACK\nid:ack-11\nsubscription:sub-0\n\n\0', 'NACK\nid:ack-11\nsubscription:sub-0\n\n\0'],
    'sent'
  );
});

check('StompConnection: BEGIN, SEND in the transaction, COMMIT; BEGIN, ABORT', function () {
  var tx = conv.connection.begin('tx-a');
  conv.connection.send({ destination: '/queue/q', body: 'in tx', headers: { transaction: tx.id } });
  tx.commit();
  var tx2 = conv.connection.begin();
  tx2.abort();
  sameList(
    conv.socket.take(),
    [
      'BEGIN\ntransaction:tx-a\n\n\0',
      'SEND\ntransaction:tx-a\ndestination:/queue/q\ncontent-length:5\n\nin tx\0',
      'COMMIT\ntransaction:tx-a\n\n\0',
      'BEGIN\ntransaction:' + tx2.id + '\n\n\0',
      'ABORT\ntransaction:' + tx2.id + '\n\n\0'
    ],
    'sent'
  );
});

check('StompConnection: SEND with a receipt header; the RECEIPT reaches watchForReceipt', function () {
  var receipts = [];
  var lost = 0;
  conv.connection.watchForReceipt(
    'r-1',
    function (frame) {
      receipts.push(frame);
    },
    function () {
      lost++;
    }
  );
  // h 1, e-acute 2, llo 3, space 1, euro 3: 10 bytes.
  conv.connection.send({ destination: '/queue/q', body: 'h\u00e9llo \u20ac', headers: { receipt: 'r-1' } });
  sameList(
    conv.socket.take(),
    ['SEND\nreceipt:r-1\ndestination:/queue/q\ncontent-length:10\n\nh\u00e9llo \u20ac\0'],
    'sent'
  );
  equal(receipts.length, 0, 'before the RECEIPT');
  conv.socket.receive('RECEIPT\nreceipt-id:r-1\n\n\0');
  equal(receipts.length, 1, 'receipts');
  equal(receipts[0].headers['receipt-id'], 'r-1', 'receipt-id');
  equal(lost, 0, 'onLost calls');
});

check('StompConnection: an ERROR frame reaches onStompError with its message header and body', function () {
  var body = 'No such destination: /queue/nowhere\n';
  conv.socket.receive(
    'ERROR\nmessage:not_found\ncontent-type:text/plain\ncontent-length:' + body.length + '\n\n' + body + '\0'
  );
  equal(conv.errorFrames.length, 1, 'onStompError calls');
  equal(conv.errorFrames[0].command, 'ERROR', 'command');
  equal(conv.errorFrames[0].headers.message, 'not_found', 'message header');
  equal(conv.errorFrames[0].body, body, 'body');
  // After CONNECTED, closing is the broker's call.
  equal(conv.socket.closeCalls, 0, 'close() calls');
  equal(conv.connection.state, 'CONNECTED', 'state');
});

check('StompConnection: DISCONNECT with a receipt; its RECEIPT closes the socket; onClose once', function () {
  var done = [];
  conv.connection.disconnect({ receipt: 'bye-1' }, function (frame) {
    done.push(frame);
  });
  sameList(conv.socket.take(), ['DISCONNECT\nreceipt:bye-1\n\n\0'], 'sent');
  equal(conv.connection.state, 'DISCONNECTING', 'state after DISCONNECT');
  equal(conv.socket.closeCalls, 0, 'close() before the RECEIPT');
  conv.socket.receive('RECEIPT\nreceipt-id:bye-1\n\n\0');
  equal(done.length, 1, 'done calls');
  equal(done[0] && done[0].headers['receipt-id'], 'bye-1', 'receipt-id');
  equal(conv.socket.closeCalls, 1, 'close() calls');
  conv.socket.closed(1000, '', true);
  equal(conv.closes.length, 1, 'onClose calls');
  equal(conv.closes[0].code, 1000, 'code');
  equal(conv.closes[0].wasClean, true, 'wasClean');
  equal(conv.connection.state, 'CLOSED', 'state');
  equal(conv.protocolErrors.length, 0, 'protocol errors in the whole session');
});

check('StompConnection: sending after the end throws StompUsageError NOT_CONNECTED', function () {
  var caught = null;
  try {
    conv.connection.send({ destination: '/queue/q', body: 'late' });
  } catch (e) {
    caught = e;
  }
  isTrue(caught !== null, 'thrown');
  equal(caught.name, 'StompUsageError', 'name');
  equal(caught.code, 'NOT_CONNECTED', 'code');
  equal(caught instanceof Error, true, 'instanceof Error');
});

check('StompConnection: an ERROR answering CONNECT is reported and the socket closed', function () {
  var socket = new ScriptedSocket();
  socket.readyState = 1; // already open: CONNECT goes out at once
  var errors = [];
  var connected = 0;
  var connection = new SA.StompConnection(socket, {
    onConnected: function () {
      connected++;
    },
    onStompError: function (frame) {
      errors.push(frame);
    }
  });
  sameList(socket.take(), ['CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:0,0\n\n\0'], 'sent');
  socket.receive('ERROR\nmessage:Bad CONNECT\n\nAccess refused for user guest\0');
  equal(connected, 0, 'onConnected calls');
  equal(errors.length, 1, 'onStompError calls');
  equal(errors[0].headers.message, 'Bad CONNECT', 'message header');
  equal(errors[0].body, 'Access refused for user guest', 'body');
  equal(socket.closeCalls, 1, 'close() calls');
  equal(connection.state, 'HANDSHAKING', 'state until the close event');
});

check('StompConnection: a broken frame is a StompProtocolError and the socket is closed', function () {
  var socket = new ScriptedSocket();
  var errors = [];
  var connection = new SA.StompConnection(socket, {
    onProtocolError: function (e) {
      errors.push(e);
    }
  });
  socket.open();
  socket.receive('CONNECTED\nversion:1.1\n\n\0');
  equal(connection.version, '1.1', 'version');
  socket.receive('NOT-A-COMMAND\n\n\0');
  equal(errors.length, 1, 'onProtocolError calls');
  equal(errors[0].name, 'StompProtocolError', 'name');
  equal(errors[0].code, 'UNKNOWN_COMMAND', 'code');
  equal(socket.closeCalls, 1, 'close() calls');
});

// ---------------------------------------------------------------------------------------------
// A Client: heart-beats, a dead peer, reconnect, re-subscribe, replay, deactivate.

var cli = {
  clock: new ManualClock(1000000),
  sockets: [],
  client: null,
  events: [],
  messages: [],
  errorFrames: [],
  closes: [],
  scheduled: [],
  retries: [],
  receipts: [],
  heartbeatsIn: 0,
  lost: 0,
  deactivated: 0
};

function clientSocket() {
  return cli.sockets[cli.sockets.length - 1];
}

check('Client: configured with a webSocketFactory and a hand-driven clock; subscribe before activate', function () {
  cli.client = new SA.Client(
    {
      webSocketFactory: function () {
        var s = new ScriptedSocket();
        cli.sockets.push(s);
        return s;
      },
      connectHeaders: { login: 'app', passcode: 'secret' },
      disconnectHeaders: { receipt: 'bye-client' },
      heartbeatOutgoing: 4000,
      heartbeatIncoming: 6000,
      heartbeatToleranceMultiplier: 1.5,
      reconnectDelay: 1000,
      connectionTimeout: 10000,
      disconnectTimeout: 5000,
      onConnect: function (frame) {
        cli.events.push('connect ' + frame.headers.version);
      },
      onStompError: function (frame) {
        cli.errorFrames.push(frame);
      },
      onWebSocketClose: function (report) {
        cli.closes.push(report);
      },
      onReconnectScheduled: function (attempt, delay) {
        cli.scheduled.push(attempt + '@' + delay);
      },
      onPublishRetry: function (params, receiptId) {
        cli.retries.push(receiptId);
      },
      onHeartbeatReceived: function () {
        cli.heartbeatsIn++;
      },
      onHeartbeatLost: function () {
        cli.lost++;
      }
    },
    cli.clock
  );
  var sub = cli.client.subscribe('/topic/c', function (m) {
    cli.messages.push(m);
  });
  equal(sub.id, 'sub-0', 'subscription id');
  equal(cli.sockets.length, 0, 'sockets before activate');
  equal(cli.client.active, false, 'active');
});

check('Client: activate() opens a socket; CONNECT on open with the heart-beats asked for', function () {
  cli.client.activate();
  equal(cli.client.active, true, 'active');
  equal(cli.sockets.length, 1, 'sockets');
  equal(clientSocket().sent.length, 0, 'sent before open');
  clientSocket().open();
  sameList(
    clientSocket().take(),
    ['CONNECT\nlogin:app\npasscode:secret\naccept-version:1.2,1.1,1.0\nheart-beat:4000,6000\n\n\0'],
    'sent'
  );
});

check('Client: CONNECTED calls onConnect, then the early subscription goes out', function () {
  clientSocket().receive('CONNECTED\nversion:1.2\nheart-beat:3000,4000\n\n\0');
  sameList(cli.events, ['connect 1.2'], 'events');
  equal(cli.client.connected, true, 'connected');
  equal(cli.client.connectedVersion, '1.2', 'connectedVersion');
  sameList(clientSocket().take(), ['SUBSCRIBE\nid:sub-0\ndestination:/topic/c\n\n\0'], 'sent');
});

check('Client: MESSAGE frames, several in one message and one cut in three, reach the callback', function () {
  var cut = messageFrame('sub-0', '3', '\u00e9\u20ac\uD83D\uDE00 in three', 'content-length:18\n');
  clientSocket().receive(messageFrame('sub-0', '1', 'one') + messageFrame('sub-0', '2', 'two'));
  clientSocket().receive(cut.substring(0, 10));
  clientSocket().receive(cut.substring(10, cut.length - 8));
  equal(cli.messages.length, 2, 'before the last piece');
  clientSocket().receive(cut.substring(cut.length - 8));
  sameList(bodies(cli.messages), ['one', 'two', '\u00e9\u20ac\uD83D\uDE00 in three'], 'bodies');
});

check('Client: publish with a receipt; the RECEIPT reaches watchForReceipt', function () {
  cli.client.watchForReceipt('p-1', function (frame) {
    cli.receipts.push(frame.headers['receipt-id']);
  });
  cli.client.publish({ destination: '/queue/q', body: 'first', headers: { receipt: 'p-1' } });
  sameList(clientSocket().take(), ['SEND\nreceipt:p-1\ndestination:/queue/q\ncontent-length:5\n\nfirst\0'], 'sent');
  clientSocket().receive('RECEIPT\nreceipt-id:p-1\n\n\0');
  sameList(cli.receipts, ['p-1'], 'receipts');
});

check("Client: heart-beats: an EOL goes out after 4000 ms; the broker's EOL is reported", function () {
  cli.clock.advance(3999);
  equal(clientSocket().sent.length, 0, 'sent at 3999 ms');
  cli.clock.advance(1);
  sameList(clientSocket().take(), ['\n'], 'sent at 4000 ms');
  clientSocket().receive('\n');
  equal(cli.heartbeatsIn, 1, 'heart-beats received');
});

check('Client: an ERROR frame reaches onStompError with its message header and body', function () {
  clientSocket().receive('ERROR\nmessage:Bad destination\n\nNo queue named /queue/nowhere\0');
  equal(cli.errorFrames.length, 1, 'onStompError calls');
  equal(cli.errorFrames[0].headers.message, 'Bad destination', 'message header');
  equal(cli.errorFrames[0].body, 'No queue named /queue/nowhere', 'body');
  equal(cli.client.connected, true, 'still connected');
});

check('Client: a silent broker is declared dead after 1.5 x 6000 ms; a reconnect is scheduled', function () {
  // A publish whose RECEIPT will never come in this session: sent again after reconnecting.
  cli.client.publish({ destination: '/queue/q', body: 'second', headers: { receipt: 'p-2' } });
  clientSocket().take();
  cli.clock.advance(8999); // last data at 4000 ms: dead at 4000 + 9000
  equal(cli.lost, 0, 'lost before 9000 ms of silence');
  sameList(clientSocket().take(), ['\n', '\n'], 'EOLs sent meanwhile (8000, 12000 ms)');
  cli.clock.advance(1);
  equal(cli.lost, 1, 'onHeartbeatLost calls');
  equal(clientSocket().closeCalls, 1, 'close() calls');
  equal(cli.closes.length, 0, 'onWebSocketClose calls before the socket reports its close');
  clientSocket().closed(1006, '', false);
  equal(cli.closes.length, 1, 'onWebSocketClose calls');
  equal(cli.closes[0].diagnosis.kind, 'dead-peer', 'diagnosis kind');
  equal(cli.closes[0].code, 1006, 'code');
  // Without the add-on stomp-anywhere-diagnosis.js: one line, no advice.
  equal(
    cli.closes[0].diagnosis.summary.indexOf('closed 1006 (Abnormal closure): broker silent, client gave up (dead peer'),
    0,
    'diagnosis summary'
  );
  equal(cli.closes[0].diagnosis.advice, undefined, 'no advice without the add-on');
  equal(cli.client.connected, false, 'connected');
  sameList(cli.scheduled, ['1@1000'], 'reconnects scheduled');
});

check('Client: publish while disconnected is queued', function () {
  cli.client.publish({ destination: '/queue/q', body: 'queued' });
  equal(cli.sockets.length, 1, 'sockets');
});

check('Client: reconnects after 1000 ms, restores the subscription, replays p-2, then the queue', function () {
  cli.clock.advance(999);
  equal(cli.sockets.length, 1, 'sockets at 999 ms');
  cli.clock.advance(1);
  equal(cli.sockets.length, 2, 'sockets at 1000 ms');
  clientSocket().open();
  sameList(
    clientSocket().take(),
    ['CONNECT\nlogin:app\npasscode:secret\naccept-version:1.2,1.1,1.0\nheart-beat:4000,6000\n\n\0'],
    'CONNECT'
  );
  clientSocket().receive('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0');
  sameList(cli.events, ['connect 1.2', 'connect 1.2'], 'events');
  sameList(
    clientSocket().take(),
    [
      'SUBSCRIBE\nid:sub-0\ndestination:/topic/c\n\n\0',
      'SEND\nreceipt:p-2\ndestination:/queue/q\ncontent-length:6\n\nsecond\0',
      'SEND\ndestination:/queue/q\ncontent-length:6\n\nqueued\0'
    ],
    'sent after CONNECTED'
  );
  sameList(cli.retries, ['p-2'], 'onPublishRetry');
  clientSocket().receive(messageFrame('sub-0', '4', 'after reconnect'));
  equal(cli.messages[cli.messages.length - 1].body, 'after reconnect', 'last message');
  // Heart-beats are off in this session: no timer beyond the connection's own.
  cli.clock.advance(60000);
  equal(clientSocket().sent.length, 0, 'sent in 60 s without heart-beats');
  equal(cli.client.connected, true, 'connected');
});

check('Client: deactivate() sends DISCONNECT with a receipt, closes on RECEIPT, then calls back', function () {
  cli.client.deactivate(function () {
    cli.deactivated++;
  });
  sameList(clientSocket().take(), ['DISCONNECT\nreceipt:bye-client\n\n\0'], 'sent');
  equal(cli.deactivated, 0, 'callback before the RECEIPT');
  clientSocket().receive('RECEIPT\nreceipt-id:bye-client\n\n\0');
  equal(clientSocket().closeCalls, 1, 'close() calls');
  clientSocket().closed(1000, '', true);
  equal(cli.deactivated, 1, 'callback calls');
  equal(cli.client.state, 2, 'state (INACTIVE)');
  equal(cli.client.active, false, 'active');
  equal(cli.closes.length, 2, 'onWebSocketClose calls');
  equal(cli.closes[1].code, 1000, 'code');
  equal(cli.clock.pending(), 0, 'timers left');
  equal(cli.sockets.length, 2, 'sockets');
});
