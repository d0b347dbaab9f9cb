// Loaded just before node_modules/stompjs/lib/stomp.js (stomp.js 2.3.3 itself) in the JScript
// run, for test/jscript/stomp-differential.js. stomp.js ends with
//   if (exports) exports.Stomp = Stomp; if (window) { ...; window.Stomp = Stomp } else if (!exports) self.Stomp = Stomp;
// and cscript has none of window, exports or self (a ReferenceError). An `exports` object gives
// stomp.js somewhere to put its Stomp without a `window`: a global `window` would make the
// bundle's globalObject() return it, and `window.Stomp` would replace the bundle's Stomp.
var exports = {};
