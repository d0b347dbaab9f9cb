// After the add-on dist/stomp-anywhere-diagnosis.js (or .min.js) has been loaded, in JScript
// 5.8: it has added diagnoseClose and closeCodeInfo to the StompAnywhere global, and every
// client's close reports now carry its sentences. Plain ES3 (see assert.js); uses
// ScriptedSocket (scripted-socket.js).

check('diagnosis add-on: adds diagnoseClose and closeCodeInfo to StompAnywhere', function () {
  equal(typeof StompAnywhere.diagnoseClose, 'function', 'diagnoseClose');
  equal(StompAnywhere.closeCodeInfo(1006).name, 'Abnormal closure', 'closeCodeInfo');
  equal(typeof StompAnywhere.Client, 'function', "the bundle's exports are still there");
});

check("diagnosis add-on: a client's close report explains the cause and what to do", function () {
  var socket = new ScriptedSocket();
  var reports = [];
  var client = new StompAnywhere.Client({
    webSocketFactory: function () {
      return socket;
    },
    reconnectDelay: 0,
    onWebSocketClose: function (report) {
      reports.push(report);
    }
  });
  client.activate();
  socket.closed(1006, '', false);
  equal(reports.length, 1, 'close reports');
  equal(reports[0].diagnosis.kind, 'refused', 'kind');
  isTrue(reports[0].diagnosis.advice.indexOf('check the URL') === 0, 'advice: ' + show(reports[0].diagnosis.advice));
  isTrue(
    reports[0].diagnosis.summary.indexOf(
      'closed 1006 (Abnormal closure) before the socket opened: could not connect'
    ) === 0,
    'summary: ' + show(reports[0].diagnosis.summary)
  );
});
