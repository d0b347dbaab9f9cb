// cscript has no setTimeout: a client's timers (connectionTimeout, the DISCONNECT wait) go to
// this manual queue, defined as the global setTimeout/clearTimeout a browser would provide. The
// scripts look at timerQueue; nothing runs a timer by itself. Plain ES3 (see assert.js).

var timerQueue = [];
var timerSeq = 0;
function setTimeout(fn, ms) {
  timerSeq++;
  timerQueue.push({ id: timerSeq, fn: fn, ms: ms });
  return timerSeq;
}
function clearTimeout(id) {
  var kept = [];
  for (var i = 0; i < timerQueue.length; i++) if (timerQueue[i].id !== id) kept.push(timerQueue[i]);
  timerQueue = kept;
}
