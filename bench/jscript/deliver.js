// Delivery in JScript 5.8 (Wine's cscript), run by bench/jscript.mjs after the script-tag bundle,
// test/jscript's assert.js, scripted-socket.js, timer-queue.js (the client's connect timeout
// waits there, never run) and stompjs-exports.js, and stomp.js 2.3.3 itself: the same
// Spring-style MESSAGE frames, one per WebSocket message, reach a subscription callback through
// each library's `Stomp.over` client on a scripted socket. Each run builds its frames first
// (fresh strings) and times only their delivery. Prints "RATE <library> <workload> <frames/s>".
// Plain ES3 (see test/jscript/assert.js). Globals are prefixed with "bench".

var benchOurs = Stomp;
var benchTheirs = exports.Stomp;
var BENCH_FRAMES = 3000;
var BENCH_RUNS = 5;

var benchTexts = {
  'spring ASCII': function (i) {
    return 'Hello, world! Message number ' + i;
  },
  'spring UTF-8': function (i) {
    return i % 2
      ? 'Gr\u00fc\u00dfe aus K\u00f6ln, \u00e7a va? ' + i
      : '\u3053\u3093\u306b\u3061\u306f \ud83d\ude00 ' + i;
  }
};

function benchFrames(workload, subscription) {
  var out = [];
  for (var i = 0; i < BENCH_FRAMES; i++) {
    var body =
      '{"id":' +
      i +
      ',"user":"user' +
      (i % 50) +
      '","text":"' +
      benchTexts[workload](i) +
      '","ts":' +
      (1732250000000 + i) +
      '}';
    var id = '000000000000' + i;
    out.push(
      'MESSAGE\ndestination:/topic/greetings\ncontent-type:application/json\nsubscription:' +
        subscription +
        '\nmessage-id:7b3c0d2e-1a0f-4f5e-9d6a-' +
        id.substring(id.length - 12) +
        '\ncontent-length:' +
        StompAnywhere.utf8ByteLength(body) +
        '\n\n' +
        body +
        '\u0000'
    );
  }
  return out;
}

/** Frames per second for one run of `lib` on `workload`; -1 when not every frame arrived. */
function benchRun(lib, workload) {
  var socket = new ScriptedSocket();
  var client = lib.over(socket);
  client.heartbeat.outgoing = 0;
  client.heartbeat.incoming = 0;
  var got = 0;
  client.connect({}, function () {});
  socket.open();
  socket.receive('CONNECTED\nversion:1.1\nheart-beat:0,0\n\n\u0000');
  var sub = client.subscribe('/topic/greetings', function (m) {
    if (m.body.length > 0) got++;
  });
  var frames = benchFrames(workload, sub.id);
  var t0 = new Date().getTime();
  for (var i = 0; i < frames.length; i++) socket.receive(frames[i]);
  var ms = new Date().getTime() - t0;
  client.disconnect();
  timerQueue = []; // the connect timeouts nothing will run: they go with their clients
  return got === frames.length ? frames.length / (Math.max(ms, 1) / 1000) : -1;
}

check('bench: delivery through Stomp.over, ours and stomp.js 2.3.3', function () {
  for (var w in benchTexts) {
    if (!Object.prototype.hasOwnProperty.call(benchTexts, w)) continue;
    benchRun(benchOurs, w);
    benchRun(benchTheirs, w); // warm-up
    for (var r = 0; r < BENCH_RUNS; r++) {
      var ours = benchRun(benchOurs, w);
      var theirs = benchRun(benchTheirs, w);
      isTrue(ours > 0, 'ours delivered every frame');
      isTrue(theirs > 0, 'stomp.js 2.3.3 delivered every frame');
      print('RATE stomp-anywhere ' + w + ' ' + Math.round(ours));
      print('RATE stompjs-2.3.3 ' + w + ' ' + Math.round(theirs));
    }
  }
});

// Where the time goes, per frame: our decoder alone, stomp.js 2.3.3's Frame.unmarshall alone, and
// a floor: the least any parser does with these frames (the command line, the header lines split
// at their first colon, the body up to its NUL), with none of the checks a decoder owes its
// users (content-length in UTF-8 bytes, limits, escapes, frames split across messages).
function benchFloor(data, onFrame) {
  var lf = data.indexOf('\n');
  var blank = data.indexOf('\n\n', lf);
  var headers = {};
  for (var s = lf + 1, nl = 0; s <= blank; s = nl + 1) {
    nl = data.indexOf('\n', s);
    var colon = data.indexOf(':', s);
    var name = data.substring(s, colon);
    if (headers[name] === undefined) headers[name] = data.substring(colon + 1, nl);
  }
  onFrame({
    command: data.substring(0, lf),
    headers: headers,
    body: data.substring(blank + 2, data.indexOf('\u0000', blank + 2))
  });
}

var benchParsers = {
  'stomp-anywhere FrameDecoder': function (count) {
    var decoder = new StompAnywhere.FrameDecoder({
      onFrame: count,
      onError: function (e) {
        throw e;
      }
    });
    return function (data) {
      decoder.push(data);
    };
  },
  'stomp.js 2.3.3 Frame.unmarshall': function (count) {
    return function (data) {
      var frames = benchTheirs.Frame.unmarshall(data);
      for (var i = 0; i < frames.length; i++) count(frames[i]);
    };
  },
  'floor: split only, no checks': function (count) {
    return function (data) {
      benchFloor(data, count);
    };
  }
};

/** Microseconds per frame for one run of `parser` on `workload`; -1 when not every frame came out whole. */
function benchParse(parser, workload) {
  var frames = benchFrames(workload, 'sub-0');
  var got = 0;
  var push = benchParsers[parser](function (f) {
    if (f.body.length > 0 && f.headers.subscription === 'sub-0') got++;
  });
  var t0 = new Date().getTime();
  for (var i = 0; i < frames.length; i++) push(frames[i]);
  var ms = new Date().getTime() - t0;
  return got === frames.length ? (ms * 1000) / frames.length : -1;
}

check('bench: parsing alone, ours, stomp.js 2.3.3 and the floor', function () {
  for (var w in benchTexts) {
    if (!Object.prototype.hasOwnProperty.call(benchTexts, w)) continue;
    for (var r = 0; r <= BENCH_RUNS; r++) {
      for (var p in benchParsers) {
        if (!Object.prototype.hasOwnProperty.call(benchParsers, p)) continue;
        var us = benchParse(p, w);
        isTrue(us >= 0, p + ' parsed every frame');
        if (r > 0) print('PARSE ' + w + ' | ' + p + ' | ' + Math.round(us)); // run 0 warms up
      }
    }
  }
});
