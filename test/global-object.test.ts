// Where the library finds WebSocket and SockJS: window in a page, self in a Web Worker (where
// defaultEnv used to give up and find no WebSocket), the global object elsewhere.
import { expect } from 'chai';
import { globalObject } from '../lib/global-object.js';
import { defaultEnv } from '../lib/transports/transport.js';

describe('global object', () => {
  const g = globalThis as { window?: unknown; self?: unknown };
  afterEach(() => {
    delete g.window;
    delete g.self;
  });

  it('is the global in node', () => {
    expect(globalObject()).to.equal(globalThis);
    expect(defaultEnv()).to.equal(globalThis);
  });

  it('is self in a Web Worker, window in a page', () => {
    const worker = { WebSocket: function () {} };
    g.self = worker;
    expect(defaultEnv()).to.equal(worker);
    const page = { WebSocket: function () {} };
    g.window = page;
    expect(defaultEnv()).to.equal(page);
  });
});
