// The demo page's script. Hand-written ES3 (no ES5 built-ins, no trailing commas, no keyword
// property names) so it runs wherever the script-tag bundle does, IE8 included.
// Everything it shows comes from the Client's own callbacks.
(function () {
  var SA = window.StompAnywhere;
  var cfg = window.DEMO_CONFIG || {};
  var secure = window.location.protocol === 'https:';
  var WS_URL = (secure ? 'wss://' : 'ws://') + window.location.host + '/ws';
  var SOCKJS_URL = window.location.protocol + '//' + window.location.host + '/stomp';
  var HISTORY_MS = 120000;

  var client = null;
  var generation = 0;
  var frozen = false;
  var stats = { sent: 0, received: 0, h: 0, reconnects: 0, messages: 0, closes: 0 };
  // What the page shows, in one place; window.demoStatus lets a test read it.
  var status = (window.demoStatus = { state: 'idle', transport: null, ticks: 0, lastClose: null, stats: stats });
  var history = []; // { state, at }: the strip
  var reconnectAt = 0;
  var waitingForFirstTick = false;
  var connectedAt = 0;
  var prices = {};

  function $(id) {
    return document.getElementById(id);
  }
  function now() {
    return new Date().getTime();
  }
  function pad(n) {
    return n < 10 ? '0' + n : '' + n;
  }
  function clock(t) {
    var d = new Date(t);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function seconds(ms) {
    return Math.round(ms / 100) / 10 + ' s';
  }
  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function setText(id, text) {
    $(id).innerHTML = esc(text);
  }

  // ---- the log ------------------------------------------------------------------------------

  function log(kind, text, advice) {
    var list = $('log');
    var li = document.createElement('li');
    li.className = 'entry-' + kind;
    li.innerHTML =
      '<span class="time">' +
      clock(now()) +
      '</span>' +
      esc(text) +
      (advice ? '<span class="advice">' + esc(advice) + '</span>' : '');
    list.insertBefore(li, list.firstChild);
    while (list.childNodes.length > 200) list.removeChild(list.lastChild);
  }

  // ---- connection state over time -------------------------------------------------------------

  var LABELS = {
    connected: 'connected',
    connecting: 'connecting',
    waiting: 'waiting to reconnect',
    down: 'down',
    idle: 'stopped'
  };

  function setState(state) {
    if (status.state === state) return;
    status.state = state;
    history.push({ state: state, at: now() });
    var el = $('state');
    el.className = 'state state-' + state;
    el.innerHTML = esc(LABELS[state]);
  }

  function drawStrip() {
    var t = now();
    var from = t - HISTORY_MS;
    var html = '';
    for (var i = 0; i < history.length; i++) {
      var start = Math.max(history[i].at, from);
      var end = i + 1 < history.length ? history[i + 1].at : t;
      if (end <= from) continue;
      var left = ((start - from) / HISTORY_MS) * 100;
      var width = Math.max(0.3, ((end - start) / HISTORY_MS) * 100);
      html +=
        '<span class="state-' +
        history[i].state +
        '" style="left:' +
        left.toFixed(2) +
        '%;width:' +
        width.toFixed(2) +
        '%"></span>';
    }
    while (history.length > 1 && history[1].at < from) history.shift();
    $('strip').innerHTML = html;
    $('countdown').innerHTML =
      status.state === 'waiting' && reconnectAt > t ? 'next attempt in ' + seconds(reconnectAt - t) : '';
  }

  function bump(name) {
    stats[name]++;
    var el = $('count-' + name);
    if (!el) return;
    el.innerHTML = stats[name];
    el.className = 'pulse';
    setTimeout(function () {
      el.className = '';
    }, 300);
  }

  // ---- the client -----------------------------------------------------------------------------

  function transportChoice() {
    var value = $('transport-select').value;
    if (value === 'auto' && !window.WebSocket) {
      // Old IE: straight to SockJS rather than failing over to it after a wasted attempt.
      return { brokerURL: SOCKJS_URL, transports: ['sockjs'], label: 'auto (no WebSocket here: SockJS)' };
    }
    if (value === 'auto') {
      // Two URLs for the same broker: the client moves to the next one when an attempt fails.
      return { brokerURL: WS_URL, failoverURLs: [SOCKJS_URL], label: 'auto' };
    }
    if (value === 'websocket') return { brokerURL: WS_URL, transports: ['websocket'], label: value };
    var sub = value.indexOf(':') > 0 ? value.substring(value.indexOf(':') + 1) : null;
    return {
      brokerURL: SOCKJS_URL,
      transports: ['sockjs'],
      sockjsOptions: sub ? { transports: [sub] } : undefined,
      label: value
    };
  }

  function heartbeatChoice() {
    return parseInt($('heartbeat-select').value, 10);
  }

  function start() {
    var mine = ++generation;
    var choice = transportChoice();
    var beat = heartbeatChoice();
    var live = function () {
      return mine === generation;
    };
    var sessions = 0; // of this client: the first is a connect, the rest reconnects
    var c = new SA.Client({
      brokerURL: choice.brokerURL,
      failoverURLs: choice.failoverURLs,
      transports: choice.transports,
      sockjsOptions: choice.sockjsOptions,
      connectHeaders: cfg.connectHeaders || {},
      heartbeatIncoming: beat,
      heartbeatOutgoing: beat,
      connectionTimeout: 5000,
      reconnectDelay: 1000,
      reconnectTimeMode: SA.ReconnectionTimeMode.EXPONENTIAL,
      maxReconnectDelay: 8000,
      reconnectJitter: 0.25,
      // A dead server never answers a close: drop its socket at once and reconnect.
      discardWebsocketOnCommFailure: true,
      beforeConnect: function () {
        if (!live()) return;
        setState('connecting');
      },
      onTransportChosen: function (report) {
        if (!live()) return;
        var name = report.transport + (report.subTransport ? ' / ' + report.subTransport : '');
        status.transport = name;
        setText('transport', name);
        var skipped = [];
        for (var i = 0; i < report.skipped.length; i++)
          skipped.push(report.skipped[i].transport + ': ' + report.skipped[i].reason);
        setText('skipped', skipped.length ? skipped.join('; ') : 'none');
        setText('url', c.webSocket && c.webSocket.url ? c.webSocket.url : '-');
        log('transport', 'socket open over ' + name);
      },
      onConnect: function (frame) {
        if (!live()) return;
        connectedAt = now();
        setState('connected');
        var agreed = c.connectedHeartbeat;
        setText('version', c.connectedVersion + (frame.headers.server ? ' (' + frame.headers.server + ')' : ''));
        setText(
          'heartbeat',
          agreed.outgoing || agreed.incoming
            ? 'send every ' +
                seconds(agreed.outgoing) +
                ', expect every ' +
                seconds(agreed.incoming) +
                ' (dead after ' +
                seconds(agreed.incoming * c.heartbeatToleranceMultiplier) +
                ' of silence)'
            : 'off' +
                (status.transport && status.transport.indexOf('sockjs') === 0
                  ? ': SockJS h frames keep the line busy instead'
                  : '')
        );
        var again = ++sessions > 1;
        log(
          'connect',
          (again ? 'reconnected' : 'connected') +
            ': STOMP ' +
            c.connectedVersion +
            ', session ' +
            (frame.headers.session || '?') +
            (again ? '; the client re-subscribes to /topic/ticker and /topic/chat by itself' : '')
        );
        waitingForFirstTick = again;
      },
      onReconnectScheduled: function (attempt, delay, url) {
        if (!live()) return;
        bump('reconnects');
        reconnectAt = now() + delay;
        setState('waiting');
        log(
          'reconnect',
          'reconnect attempt ' + attempt + ' in ' + seconds(delay) + ' (exponential backoff with full jitter) to ' + url
        );
      },
      onReconnectGiveUp: function (attempts) {
        if (!live()) return;
        setState('down');
        log('close', 'gave up after ' + attempts + ' attempts');
      },
      onWebSocketClose: function (report) {
        if (!live()) return;
        stats.closes++;
        status.lastClose = { code: report.code, kind: report.diagnosis.kind, summary: report.diagnosis.summary };
        setState('down');
        log('close', report.diagnosis.summary, report.diagnosis.advice);
      },
      onStompError: function (frame) {
        if (!live()) return;
        log(
          'close',
          'ERROR frame from the broker: ' + (frame.headers.message || '') + (frame.body ? ' - ' + frame.body : '')
        );
      },
      onHeartbeatSent: function () {
        if (live()) bump('sent');
      },
      onHeartbeatReceived: function () {
        if (live()) bump('received');
      },
      onTransportHeartbeat: function () {
        if (live()) bump('h');
      }
    });
    c.subscribe(cfg.tickerTopic || '/topic/ticker', function (message) {
      if (!live()) return;
      onTick(message.headers);
    });
    c.subscribe('/topic/chat', function (message) {
      if (!live()) return;
      onChat(message.body, message.headers);
    });
    client = c;
    window.demoClient = c;
    log(
      'control',
      'client started: transport ' + choice.label + ', heart-beats ' + (beat ? 'every ' + seconds(beat) : 'off')
    );
    c.activate();
  }

  function restart(why) {
    var old = client;
    generation++; // the old client's late callbacks are ignored from here on
    client = null;
    log('control', why);
    if (!old) return start();
    old.deactivate(function () {
      start();
    });
  }

  // ---- messages -------------------------------------------------------------------------------

  function onTick(tick) {
    if (!tick.symbol || !tick.price || !tick.change)
      return log(
        'problem',
        'a message on the ticker topic without symbol, price and change headers: not from the demo ticker'
      );
    bump('messages');
    status.ticks++;
    if (waitingForFirstTick) {
      waitingForFirstTick = false;
      log(
        'connect',
        'ticker flowing again ' + seconds(now() - connectedAt) + ' after the reconnect: the subscription was restored'
      );
    }
    prices[tick.symbol] = tick;
    drawTicker(tick.symbol);
  }

  function drawTicker(fresh) {
    var rows = '';
    var names = [];
    for (var name in prices) if (prices.hasOwnProperty(name)) names.push(name);
    names.sort();
    for (var i = 0; i < names.length; i++) {
      var p = prices[names[i]];
      var up = p.change.charAt(0) !== '-';
      rows +=
        '<tr' +
        (names[i] === fresh ? ' class="fresh"' : '') +
        '><td><b>' +
        esc(p.symbol) +
        '</b></td><td>' +
        esc(p.price) +
        '</td><td class="' +
        (up ? 'up' : 'down') +
        '">' +
        esc(p.change) +
        '</td><td class="muted">' +
        clock(parseInt(p.at, 10)) +
        '</td></tr>';
    }
    // IE up to 9 refuses innerHTML on table, thead, tbody and tr: build the new tbody in a
    // detached div and swap it for the old one.
    var holder = document.createElement('div');
    holder.innerHTML = '<table><tbody id="ticker-body">' + rows + '</tbody></table>';
    var old = $('ticker-body');
    old.parentNode.replaceChild(holder.firstChild.firstChild, old);
  }

  function onChat(body, headers) {
    bump('messages');
    var li = document.createElement('li');
    li.innerHTML =
      '<span class="time">' +
      clock(now()) +
      '</span>' +
      esc(body) +
      (headers['x-queued'] ? ' <span class="muted">(sent while offline)</span>' : '');
    var list = $('chat');
    list.insertBefore(li, list.firstChild);
    while (list.childNodes.length > 50) list.removeChild(list.lastChild);
  }

  // ---- controls -------------------------------------------------------------------------------

  function post(path, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', path, true);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status === 200) done(xhr.responseText);
      else log('problem', 'the demo server refused ' + path + ': HTTP ' + xhr.status);
    };
    xhr.send('');
  }

  $('drop').onclick = function () {
    log('control', 'asked the server to drop every STOMP connection');
    post('/control/drop', function () {});
  };

  function showFrozen(on) {
    frozen = on;
    $('freeze').className = on ? 'active' : '';
    $('freeze').innerHTML = on ? 'Server answers again' : 'Server stops answering';
  }

  $('freeze').onclick = function () {
    var want = !frozen;
    log(
      'control',
      want ? 'the server stops answering: no frames, no heart-beats reach the page' : 'the server answers again'
    );
    // The server's answer is the truth (another tab may have frozen or thawed it meanwhile).
    post(want ? '/control/freeze' : '/control/thaw', function (answer) {
      showFrozen(answer.indexOf('"frozen":true') >= 0);
    });
  };

  $('transport-select').onchange = function () {
    restart('transport changed to ' + $('transport-select').value + ': starting a new client');
  };
  $('heartbeat-select').onchange = function () {
    restart('heart-beats changed: starting a new client');
  };

  $('chat-form').onsubmit = function () {
    var input = $('chat-input');
    var text = input.value;
    if (!text || !client) return false;
    var offline = !client.connected;
    try {
      client.publish({ destination: '/topic/chat', body: text, headers: offline ? { 'x-queued': 'true' } : {} });
      if (offline) log('reconnect', "offline: the chat message waits in the client's queue");
    } catch (e) {
      log('problem', 'could not send: ' + e.message);
    }
    return false;
  };

  // ---- go -------------------------------------------------------------------------------------

  setText(
    'mode',
    'stomp-anywhere ' +
      SA.VERSION +
      ' on ' +
      (cfg.mode || 'an unknown broker') +
      ' - ' +
      (window.WebSocket ? 'this browser has WebSocket' : 'no WebSocket here: SockJS will carry it')
  );
  history.push({ state: 'idle', at: now() });
  showFrozen(!!cfg.frozen);
  setInterval(drawStrip, 500);
  start();
})();
