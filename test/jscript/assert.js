// A tiny assertion helper for tests that run inside JScript 5.8 (IE8's engine), through
// scripts/jscript/run-in-jscript.mjs. Plain ES3: no ES5 built-ins, no JSON, no console, no
// trailing commas, no reserved words as property names, charAt instead of s[i].
//
//   check('name', function () { equal(actual, expected, 'what'); });
//   ...
//   summary();   // last: prints "ALL PASSED <n>" when no check failed
//
// Each check prints one line: "ok - <name>" or "not ok - <name>: <e.name> <e.number & 0xFFFF>
// <e.message>". Output is kept ASCII (other characters are shown as \uXXXX), so the console's
// code page never matters. Globals: check, equal, isTrue, show, print, summary.

var assertState = { passed: 0, failed: 0, current: null };

/** Prints one line (WScript.Echo under cscript). */
function print(line) {
  if (typeof WScript !== 'undefined') WScript.Echo(line);
}

function hex4(n) {
  var h = n.toString(16).toUpperCase();
  while (h.length < 4) h = '0' + h;
  return h;
}

/** ASCII text for any value: strings quoted with their control and non-ASCII characters escaped. */
function show(value) {
  if (typeof value !== 'string') {
    if (value === null) return 'null';
    if (typeof value === 'undefined') return 'undefined';
    if (typeof value === 'object' && typeof value.length === 'number' && typeof value.push === 'function') {
      var parts = [];
      for (var i = 0; i < value.length; i++) parts.push(show(value[i]));
      return '[' + parts.join(', ') + ']';
    }
    return asciiOnly(String(value));
  }
  var out = '"';
  for (var j = 0; j < value.length; j++) {
    var c = value.charCodeAt(j);
    var ch = value.charAt(j);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 0) out += '\\0';
    else if (c < 32 || c > 126) out += '\\u' + hex4(c);
    else out += ch;
  }
  return out + '"';
}

function asciiOnly(text) {
  var out = '';
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    out += c === 10 ? ' | ' : c < 32 || c > 126 ? '\\u' + hex4(c) : text.charAt(i);
  }
  return out;
}

function AssertionFailure(message) {
  this.name = 'AssertionError';
  this.message = message;
  this.description = message;
  this.number = 0;
}

/** Throws unless a === b (strict). `what` names the value in the message. */
function equal(actual, expected, what) {
  if (actual !== expected) {
    throw new AssertionFailure((what ? what + ': ' : '') + 'expected ' + show(expected) + ', got ' + show(actual));
  }
}

/** Throws unless `condition` is true. */
function isTrue(condition, what) {
  if (condition !== true) throw new AssertionFailure((what || 'condition') + ' is ' + show(condition) + ', not true');
}

function describeError(e) {
  if (e !== null && typeof e === 'object') {
    var code = e.code ? ' (code ' + e.code + ')' : '';
    return e.name + ' ' + (e.number & 0xffff) + ' ' + e.message + code;
  }
  return 'thrown ' + typeof e + ': ' + show(e);
}

/** Runs one check; an exception of any kind fails it, and the run goes on. */
function check(name, fn) {
  assertState.current = name;
  try {
    fn();
    assertState.passed++;
    print('ok - ' + asciiOnly(name));
  } catch (e) {
    assertState.failed++;
    print('not ok - ' + asciiOnly(name) + ': ' + asciiOnly(describeError(e)));
  }
  assertState.current = null;
}

/** Prints the final line ("ALL PASSED <n>" only when nothing failed) and ends the script. */
function summary() {
  var total = assertState.passed + assertState.failed;
  if (assertState.failed === 0 && total > 0) print('ALL PASSED ' + total);
  else print('FAILED ' + assertState.failed + ' of ' + total);
  if (typeof WScript !== 'undefined') WScript.Quit(assertState.failed === 0 && total > 0 ? 0 : 1);
}
