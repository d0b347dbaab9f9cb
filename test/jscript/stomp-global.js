// The Stomp global (stomp.js 2.3.3's API) in JScript 5.8: the path old intranet pages take.
// ES3 only. Uses ScriptedSocket (scripted-socket.js) and the timer queue (timer-queue.js).

var compat = { socket: null, client: null, connected: [], errors: [], got: [] };

check('Stomp global: defined by the bundle, with over, client, Frame and VERSIONS', function () {
  isTrue(typeof Stomp === 'object', 'Stomp is an object');
  isTrue(typeof Stomp.over === 'function', 'Stomp.over');
  isTrue(typeof Stomp.client === 'function', 'Stomp.client');
  equal(Stomp.VERSIONS.supportedVersions(), '1.2,1.1,1.0', 'supportedVersions');
});

check('Stomp.over(socket).connect(headers, connectCallback, errorCallback): CONNECT, then the callback', function () {
  var socket = new ScriptedSocket();
  socket.url = 'ws://intranet/ws';
  var client = Stomp.over(socket);
  client.heartbeat.outgoing = 0;
  client.heartbeat.incoming = 0;
  client.connect(
    { login: 'u', passcode: 'p' },
    function (frame) {
      compat.connected.push(frame);
    },
    function (error) {
      compat.errors.push(error);
    }
  );
  socket.open();
  equal(
    socket.sent[0],
    'CONNECT\nlogin:u\npasscode:p\naccept-version:1.2,1.1,1.0\nheart-beat:0,0\n\n\u0000',
    'CONNECT'
  );
  socket.receive('CONNECTED\nversion:1.2\n\n\u0000');
  equal(compat.connected.length, 1, 'connect callback');
  equal(compat.connected[0].command, 'CONNECTED', 'frame');
  compat.socket = socket;
  compat.client = client;
});

check('Stomp client: subscribe, then frames split across messages and several per message', function () {
  var socket = compat.socket;
  var sub = compat.client.subscribe('/topic/x', function (m) {
    compat.got.push(m.body);
  });
  equal(sub.id, 'sub-0', 'subscription id');
  socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\n\none\u0000MESSAGE\nsubscription:sub-0\nmes');
  socket.receive('sage-id:2\ncontent-length:6\n\n\u00e9\u0000\u20ac\u0000');
  equal(compat.got.length, 2, 'messages');
  equal(compat.got[0], 'one', 'first');
  equal(compat.got[1], '\u00e9\u0000\u20ac', 'second, with NUL and non-ASCII');
});

check('Stomp client: send(destination, headers, body) with content-length in UTF-8 bytes', function () {
  var socket = compat.socket;
  compat.client.send('/queue/y', { 'x-a': 'b:c' }, '\u20ac');
  equal(
    socket.sent[socket.sent.length - 1],
    'SEND\nx-a:b\\cc\ndestination:/queue/y\ncontent-length:3\n\n\u20ac\u0000',
    'SEND'
  );
});

check(
  'Stomp client: a lost connection reaches the error callback as the classic string; lastClose has code and diagnosis',
  function () {
    compat.socket.closed(1006, '', false);
    equal(compat.errors.length, 1, 'error callback');
    equal(compat.errors[0], 'Whoops! Lost connection to ws://intranet/ws', 'text');
    equal(compat.client.lastClose.code, 1006, 'code');
    isTrue(compat.client.lastClose.summary.indexOf('closed 1006') === 0, 'diagnosis summary');
  }
);

check('Stomp client: disconnect(callback) waits for the DISCONNECT receipt', function () {
  var socket = new ScriptedSocket();
  var client = Stomp.over(socket);
  client.heartbeat.outgoing = 0;
  client.heartbeat.incoming = 0;
  var done = 0;
  client.connect({}, function () {});
  socket.open();
  socket.receive('CONNECTED\nversion:1.2\n\n\u0000');
  client.disconnect(function () {
    done++;
  });
  var disconnect = socket.sent[socket.sent.length - 1];
  equal(disconnect.substring(0, 11), 'DISCONNECT\n', 'DISCONNECT sent');
  equal(done, 0, 'not before the receipt');
  var start = disconnect.indexOf('receipt:') + 8;
  var receipt = disconnect.substring(start, disconnect.indexOf('\n', start));
  socket.receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\u0000');
  socket.closed(1000, '', true);
  equal(done, 1, 'callback after the receipt and the close');
  equal(timerQueue.length, 0, 'no timer left');
});
