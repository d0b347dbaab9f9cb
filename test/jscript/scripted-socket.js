// The broker's side in JScript 5.8 runs: a WebSocket-like object driven by the script (open,
// receive, closed), which records what the client sends. Loaded before the scripts that use it
// (test/jscript/run.mjs, bench/jscript.mjs). Plain ES3 (see assert.js).

function ScriptedSocket() {
  this.readyState = 0;
  this.sent = [];
  this.closeCalls = 0;
  this.onopen = null;
  this.onmessage = null;
  this.onclose = null;
  this.onerror = null;
}
ScriptedSocket.prototype.send = function (data) {
  if (this.readyState !== 1) throw new Error('send while readyState ' + this.readyState);
  this.sent.push(data);
};
ScriptedSocket.prototype.close = function () {
  this.closeCalls++;
  if (this.readyState < 2) this.readyState = 2;
};
/** The broker accepts the connection. */
ScriptedSocket.prototype.open = function () {
  this.readyState = 1;
  if (this.onopen) this.onopen({});
};
/** One WebSocket message from the broker. */
ScriptedSocket.prototype.receive = function (data) {
  if (this.onmessage) this.onmessage({ data: data });
};
/** The socket closed (the close event). */
ScriptedSocket.prototype.closed = function (code, reason, wasClean) {
  this.readyState = 3;
  if (this.onclose) this.onclose({ code: code, reason: reason, wasClean: wasClean });
};
ScriptedSocket.prototype.last = function () {
  return this.sent[this.sent.length - 1];
};
/** The frames sent since the last call, as one array. */
ScriptedSocket.prototype.take = function () {
  var out = this.sent;
  this.sent = [];
  return out;
};
