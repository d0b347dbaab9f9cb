// A STAND-IN for web-socket-js (web_socket.js + WebSocketMain.swf): no Flash player runs here.
// It keeps the contract the library relies on (web-socket-js 1.x, as its sources define it):
//  - the page-side constructor replaces window.WebSocket, with __isFlashImplementation,
//    __initialize, loadFlashPolicyFile, __error, __flash, __instances;
//  - the "SWF" keeps the ExternalInterface surface: create(id, url, protocols, proxyHost,
//    proxyPort, headers), send(id, encodedData) returning -1 when sent, close(id),
//    receiveEvents(), loadManualPolicyFile(url); it signals with __onFlashEvent and the page
//    pulls the batch with receiveEvents() after setTimeout(0); data crosses URI-encoded;
//  - send() while CONNECTING throws a string; close() takes no code; text only;
//  - message events are made by __createMessageEvent, which here cuts `data` at the first NUL
//    as IE9's MessageEvent does, unless the library replaced it.
// The "SWF" is backed by the browser's real WebSocket.

type FlashEvent = {
  type: string;
  webSocketId: number;
  readyState?: number;
  message?: string;
  code?: number;
  reason?: string;
  wasClean?: boolean;
};

export function installFlashShimStandIn(NativeWebSocket: typeof WebSocket, options: { failWith2048?: boolean } = {}) {
  const queue: FlashEvent[] = [];
  const natives: { [id: number]: WebSocket } = {};
  const policies: string[] = [];

  // The "SWF": what ExternalInterface exposes to JavaScript.
  const swf = {
    create(id: number, url: string, protocols: string[]) {
      if (options.failWith2048) {
        setTimeout(() => {
          Shim.__error('SecurityError: Error #2048: Security sandbox violation: cannot load data from ' + url);
          push({ type: 'close', webSocketId: id, readyState: 3, wasClean: false, code: 1006, reason: '' });
        }, 0);
        return;
      }
      const ws = new NativeWebSocket(url, protocols);
      natives[id] = ws;
      ws.onopen = () => push({ type: 'open', webSocketId: id, readyState: 1 });
      ws.onmessage = (e) => push({ type: 'message', webSocketId: id, message: encodeURIComponent(e.data) });
      ws.onclose = (e) =>
        push({ type: 'close', webSocketId: id, readyState: 3, wasClean: e.wasClean, code: e.code, reason: e.reason });
      ws.onerror = () => push({ type: 'error', webSocketId: id });
    },
    send(id: number, encoded: string) {
      natives[id].send(decodeURIComponent(encoded));
      return -1;
    },
    close(id: number) {
      natives[id]?.close();
    },
    receiveEvents() {
      return queue.splice(0);
    },
    loadManualPolicyFile(url: string) {
      policies.push(url);
    }
  };

  function push(event: FlashEvent) {
    queue.push(event);
    Shim.__onFlashEvent();
  }

  let nextId = 0;
  class Shim {
    static __isFlashImplementation = true;
    static __flash = swf;
    static __instances: { [id: number]: Shim } = {};
    static policies = policies;
    static errors: string[] = [];
    static __initialize() {}
    static loadFlashPolicyFile(url: string) {
      swf.loadManualPolicyFile(url);
    }
    static __error(message: string) {
      Shim.errors.push(message);
    }
    static __onFlashEvent() {
      // As web_socket.js: pull the whole batch a moment later, outside the Flash callback.
      setTimeout(() => {
        for (const e of swf.receiveEvents()) Shim.__instances[e.webSocketId]?.__handleEvent(e);
      }, 0);
      return true;
    }

    readyState = 0;
    bufferedAmount = 0;
    onopen: any = null;
    onmessage: any = null;
    onclose: any = null;
    onerror: any = null;
    private id = nextId++;

    constructor(
      public url: string,
      protocols?: string | string[]
    ) {
      Shim.__instances[this.id] = this;
      swf.create(this.id, url, typeof protocols === 'string' ? [protocols] : protocols || []);
    }
    send(data: string) {
      if (this.readyState === 0) throw 'INVALID_STATE_ERR: Web Socket connection has not been established';
      return swf.send(this.id, encodeURIComponent(data)) < 0;
    }
    close() {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      swf.close(this.id);
    }
    __createMessageEvent(type: string, data: string) {
      // IE9's MessageEvent keeps `data` only up to the first NUL.
      const cut = data.indexOf('\0');
      return { type, data: cut >= 0 ? data.substring(0, cut) : data };
    }
    __handleEvent(e: FlashEvent) {
      if (e.readyState !== undefined) this.readyState = e.readyState;
      if (e.type === 'open') this.onopen?.({ type: 'open' });
      else if (e.type === 'message')
        this.onmessage?.(this.__createMessageEvent('message', decodeURIComponent(e.message as string)));
      else if (e.type === 'close') {
        delete Shim.__instances[this.id];
        this.onclose?.({ type: 'close', wasClean: e.wasClean, code: e.code, reason: e.reason });
      } else if (e.type === 'error') this.onerror?.({ type: 'error' });
    }
  }
  return Shim;
}
