// In the bundle run, the tests' imports of lib/index.js resolve here: the same names, taken
// from the global that dist/stomp-anywhere.js defined, so the suite tests the built file.
declare const window: { StompAnywhere?: Record<string, any> };

const g = window.StompAnywhere;
if (!g) throw new Error('dist/stomp-anywhere.js did not define window.StompAnywhere');

export const Client = g.Client;
export const transportFactory = g.transportFactory;
export const useTransports = g.useTransports;
export const sockjsTransport = g.sockjsTransport;
export const flashTransport = g.flashTransport;
export const openTransportSocket = g.openTransportSocket;
// Added to the global by the add-on dist/stomp-anywhere-diagnosis.js.
export const diagnoseClose = g.diagnoseClose;
if (typeof diagnoseClose !== 'function')
  throw new Error('dist/stomp-anywhere-diagnosis.js did not add diagnoseClose to StompAnywhere');
export const Stomp = g.Stomp;
export const TickerStrategy = g.TickerStrategy;
