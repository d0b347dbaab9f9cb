// Differential checks in JScript 5.8: stomp.js 2.3.3's Stomp.Frame statics (loaded from
// node_modules/stompjs/lib/stomp.js after test/jscript/stompjs-exports.js, so it is
// exports.Stomp) against the bundle's Stomp global, with the same calls in the same engine.
// Where both are right the results must be equal; where stomp.js 2.3.3 has one of the defects
// listed in the project's notes (the number is in the check's name), ours must be right and
// stomp.js must still give its known wrong answer. The node side of this is
// test/legacy/stomp-differential.test.ts.
//
// Plain ES3 (see assert.js); non-ASCII text as \u escapes. Globals are prefixed with "diff".

var diffTheirs = typeof exports !== 'undefined' && exports ? exports.Stomp : undefined;
var diffOurs = Stomp;

/** A frame as text: command, headers sorted by name, body; or the name of what was thrown. */
function diffFrame(f) {
  var names = [];
  for (var name in f.headers) if (Object.prototype.hasOwnProperty.call(f.headers, name)) names.push(name);
  names.sort();
  var text = show(f.command);
  for (var i = 0; i < names.length; i++) text += ' ' + show(names[i]) + ':' + show(f.headers[names[i]]);
  return text + ' body ' + show(f.body);
}

// Wine's encodeURI throws URIError on a surrogate pair (IE8's JScript encodes it as 4 bytes, as
// ES3 says), so stomp.js's sizeOfUTF8 and marshall fail there on any character above U+FFFF.
// Where the engine has that bug, those cases are checked against the known byte count instead.
var diffEncodesPairs = (function () {
  try {
    return encodeURI('\ud83d\ude00') === '%F0%9F%98%80';
  } catch (e) {
    return false;
  }
})();
if (!diffEncodesPairs)
  print("# note: this engine's encodeURI rejects surrogate pairs (Wine); stomp.js is not compared on them");

/** True when `s` holds a surrogate pair. */
function diffHasPair(s) {
  return typeof s === 'string' && /[\ud800-\udbff][\udc00-\udfff]/.test(s);
}

/** Frame.unmarshall(data) of a library, as text. */
function diffUnmarshall(lib, data) {
  try {
    var frames = lib.Frame.unmarshall(data);
    var parts = [];
    for (var i = 0; i < frames.length; i++) parts.push(diffFrame(frames[i]));
    return frames.length + ' frame(s): ' + parts.join(' | ');
  } catch (e) {
    return 'threw ' + e.name;
  }
}

/** Calls fn(lib) and gives its result, or 'threw <name>'. */
function diffTry(fn, lib) {
  try {
    return fn(lib);
  } catch (e) {
    return 'threw ' + e.name;
  }
}

check('stomp.js 2.3.3 loaded beside the bundle: two different Stomp objects', function () {
  isTrue(typeof diffTheirs === 'object' && diffTheirs !== null, 'stomp.js Stomp (exports.Stomp)');
  isTrue(diffTheirs !== diffOurs, "the bundle's Stomp global is still ours");
  equal(diffTheirs.VERSIONS.supportedVersions(), '1.1,1.0', 'stomp.js supportedVersions');
  isTrue(typeof diffOurs.client === 'function' && typeof diffOurs.Frame.unmarshall === 'function', 'ours');
});

check('VERSIONS: the same V1_0, V1_1, V1_2; supportedVersions differs on purpose (defect 6)', function () {
  equal(diffOurs.VERSIONS.V1_0, diffTheirs.VERSIONS.V1_0, 'V1_0');
  equal(diffOurs.VERSIONS.V1_1, diffTheirs.VERSIONS.V1_1, 'V1_1');
  equal(diffOurs.VERSIONS.V1_2, diffTheirs.VERSIONS.V1_2, 'V1_2');
  equal(diffOurs.VERSIONS.supportedVersions(), '1.2,1.1,1.0', 'ours offers 1.2');
});

check('Frame.sizeOfUTF8: the same counts for ASCII, 2-, 3- and 4-byte characters, "", undefined', function () {
  var cases = [
    'abc',
    3,
    '\u00e9',
    2,
    '\u20ac',
    3,
    '\ud83d\ude00',
    4,
    'a\u00e9\u20ac\ud83d\ude00',
    10,
    '',
    0,
    undefined,
    0,
    null,
    0
  ];
  for (var i = 0; i < cases.length; i += 2) {
    var s = cases[i];
    var size = function (lib) {
      return lib.Frame.sizeOfUTF8(s);
    };
    equal(diffTry(size, diffOurs), cases[i + 1], 'ours, sizeOfUTF8(' + show(s) + ')');
    if (diffEncodesPairs || !diffHasPair(s))
      equal(diffTry(size, diffOurs), diffTry(size, diffTheirs), 'sizeOfUTF8(' + show(s) + ')');
  }
  equal(diffOurs.Frame.sizeOfUTF8('a\u00e9\u20ac\ud83d\ude00'), 10, '1 + 2 + 3 + 4 bytes');
});

check('Frame.marshall: the same text, incl. content-length false, empty and UTF-8 bodies', function () {
  // A function per case: stomp.js deletes a content-length false header from the object.
  var cases = [
    function () {
      return ['SEND', { destination: '/queue/a' }, 'hi'];
    },
    function () {
      return ['SEND', { destination: '/queue/a', 'content-length': false }, 'hi'];
    },
    function () {
      return ['SEND', { destination: '/queue/a' }, ''];
    },
    function () {
      return ['SEND', { destination: '/queue/a' }];
    },
    function () {
      return ['DISCONNECT'];
    },
    function () {
      return ['SEND', { destination: '/a' }, '\u00e9\u20ac'];
    },
    function () {
      return ['SEND', { destination: '/a' }, '\u00e9\u20ac\ud83d\ude00'];
    },
    function () {
      return ['SEND', { destination: '/a' }, 'line1\nline2'];
    },
    function () {
      return ['SUBSCRIBE', { id: 'sub-0', destination: '/topic/x', ack: 'client' }];
    },
    function () {
      return ['SEND', { 'x-raw': 'a:b\\c' }, 'x'];
    }
  ];
  for (var i = 0; i < cases.length; i++) {
    var make = cases[i];
    var marshall = function (lib) {
      var a = make();
      return lib.Frame.marshall(a[0], a[1], a[2]);
    };
    if (diffEncodesPairs || !diffHasPair(make()[2]))
      equal(diffTry(marshall, diffOurs), diffTry(marshall, diffTheirs), 'case ' + i);
  }
  equal(
    diffOurs.Frame.marshall('SEND', { destination: '/a' }, '\u00e9\u20ac\ud83d\ude00'),
    'SEND\ndestination:/a\ncontent-length:9\n\n\u00e9\u20ac\ud83d\ude00\u0000',
    'ours, 2 + 3 + 4 bytes'
  );
});

check('new Frame(command, headers, body) and String(frame): the same', function () {
  var make = function (lib) {
    var f = new lib.Frame('SEND', { destination: '/a', 'content-length': false }, '\u20ac');
    var g = new lib.Frame('MESSAGE', { 'message-id': '1' }, 'hello');
    var h = new lib.Frame('RECEIPT');
    return String(f) + '|' + diffFrame(f) + '|' + String(g) + '|' + String(h) + '|' + diffFrame(h);
  };
  equal(diffTry(make, diffOurs), diffTry(make, diffTheirs), 'frames');
});

check(
  'Frame.unmarshall: the same frames for one, several, heart-beats between, a last one without NUL, repeated headers',
  function () {
    var cases = [
      'MESSAGE\ndestination:/a\nmessage-id:1\n\nhello\u0000',
      'CONNECTED\nversion:1.1\nheart-beat:0,0\n\n\u0000',
      'MESSAGE\ncontent-length:5\n\nhello\u0000',
      'MESSAGE\ncontent-length:7\n\n\u20ac\ud83d\ude00\u0000',
      'MESSAGE\n\n\u00e9\u20ac\ud83d\ude00\u0000',
      'MESSAGE\n\nx\u0000RECEIPT\nreceipt-id:1\n\n\u0000ERROR\nmessage:m\n\nline1\nline2\u0000',
      'CONNECTED\nversion:1.1\n\n\u0000\n\n\nMESSAGE\nh:1\n\nb\u0000\n',
      'MESSAGE\n\n\u0000\n\n\n',
      'MESSAGE\na:b\n\nbody',
      'MESSAGE\n\nfirst\u0000MESSAGE\nh:v\n\nlast, no NUL',
      'MESSAGE\nfoo:first\nfoo:second\nfoo:third\n\n\u0000',
      'MESSAGE\nx:a:b\nempty:\n\n\u0000',
      'MESSAGE\nx:a\\cb\n\n\u0000',
      'MESSAGE\nh:v\n\n\nbody\n\u0000',
      'MESSAGE\n\nbody\u0000\u0000\u0000',
      ''
    ];
    for (var i = 0; i < cases.length; i++) {
      equal(
        diffUnmarshall(diffOurs, cases[i]),
        diffUnmarshall(diffTheirs, cases[i]),
        'unmarshall(' + show(cases[i]) + ')'
      );
    }
    equal(
      diffUnmarshall(diffOurs, 'MESSAGE\nfoo:first\nfoo:second\n\n\u0000'),
      '1 frame(s): "MESSAGE" "foo":"first" body ""',
      'the first repeated header wins'
    );
  }
);

check('defect 16: header values untrimmed, CRLF line endings read; stomp.js trims and loses the command', function () {
  var padded = 'MESSAGE\nx: padded \n\n\u0000';
  equal(diffUnmarshall(diffOurs, padded), '1 frame(s): "MESSAGE" "x":" padded " body ""', 'ours, padded');
  equal(diffUnmarshall(diffTheirs, padded), '1 frame(s): "MESSAGE" "x":"padded" body ""', 'stomp.js, padded');
  var crlf = 'MESSAGE\r\nfoo:bar\r\n\r\nbody\u0000';
  equal(diffUnmarshall(diffOurs, crlf), '1 frame(s): "MESSAGE" "foo":"bar" body "body"', 'ours, CRLF');
  equal(
    diffUnmarshall(diffTheirs, crlf),
    '1 frame(s): "" body "ESSAGE\\r\\nfoo:bar\\r\\n\\r\\nbody"',
    'stomp.js, CRLF'
  );
});

check(
  'defects 2 and 4: a NUL inside a body with content-length in UTF-8 bytes; stomp.js cuts the body, makes a phantom frame',
  function () {
    var data = 'MESSAGE\ncontent-length:4\n\n\u00e9\u0000x\u0000';
    equal(diffUnmarshall(diffOurs, data), '1 frame(s): "MESSAGE" "content-length":"4" body "\\u00E9\\0x"', 'ours');
    equal(
      diffUnmarshall(diffTheirs, data),
      '2 frame(s): "MESSAGE" "content-length":"4" body "\\u00E9" | "" body ""',
      'stomp.js'
    );
  }
);

check('defect 4: sizeOfUTF8 and marshall count a lone surrogate as 3 bytes; stomp.js throws URIError', function () {
  equal(diffOurs.Frame.sizeOfUTF8('\ud800'), 3, 'ours, sizeOfUTF8');
  equal(
    diffOurs.Frame.marshall('SEND', { destination: '/a' }, 'a\udc00'),
    'SEND\ndestination:/a\ncontent-length:4\n\na\udc00\u0000',
    'ours, marshall'
  );
  equal(
    diffTry(function (lib) {
      return lib.Frame.sizeOfUTF8('\ud800');
    }, diffTheirs),
    'threw URIError',
    'stomp.js, sizeOfUTF8'
  );
  equal(
    diffTry(function (lib) {
      return lib.Frame.marshall('SEND', {}, 'a\udc00');
    }, diffTheirs),
    'threw URIError',
    'stomp.js, marshall'
  );
});
