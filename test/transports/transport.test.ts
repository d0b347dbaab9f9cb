// The helpers every transport shares (lib/transports/transport.ts): the URL's scheme, a path
// made absolute against the page's location, and the default environment.
import { expect } from 'chai';
import { absoluteUrl, defaultEnv, schemeOf } from '../../lib/transports/transport.js';

describe('transport helpers', () => {
  describe('schemeOf', () => {
    it('gives the scheme, lower-cased, without ":"', () => {
      const cases: [string, string][] = [
        ['ws://h/ws', 'ws'],
        ['wss://h/ws', 'wss'],
        ['http://h', 'http'],
        ['https://h', 'https'],
        ['WS://H/WS', 'ws'],
        ['HtTpS://h', 'https'],
        ['git+ssh://h', 'git+ssh'],
        ['a.b-c://h', 'a.b-c'],
        ['mailto:x@y', 'mailto'],
        ['xmlsocket://h:843', 'xmlsocket'],
        ['localhost:8080/ws', 'localhost']
      ];
      for (const [url, scheme] of cases) expect(schemeOf(url), url).to.equal(scheme);
    });

    it('gives "" for URLs without a scheme and for what no scheme can start with', () => {
      for (const url of [
        '',
        '/ws',
        '//h/ws',
        'ws',
        '?a:b',
        '#x:y',
        '1ws://h',
        ' ws://h',
        '-a://h',
        '://h',
        'ws//h',
        'é://h'
      ]) {
        expect(schemeOf(url), JSON.stringify(url)).to.equal('');
      }
    });
  });

  describe('absoluteUrl (a fake page location)', () => {
    const page = { protocol: 'https:', host: 'intranet:8443', pathname: '/app/page.html' };

    it('leaves a URL with a scheme as it is, whatever the page', () => {
      for (const url of ['ws://h/ws', 'HTTP://h/ws', 'wss://h', 'xmlsocket://h:843', 'localhost:8080/ws']) {
        expect(absoluteUrl(url, { location: page }), url).to.equal(url);
      }
    });

    it("a path from the root takes the page's protocol and host", () => {
      expect(absoluteUrl('/stomp/ws', { location: page })).to.equal('https://intranet:8443/stomp/ws');
    });

    it("a protocol-relative URL takes the page's protocol only", () => {
      expect(absoluteUrl('//broker:15674/ws', { location: page })).to.equal('https://broker:15674/ws');
    });

    it("a relative path is taken from the page's directory", () => {
      expect(absoluteUrl('ws', { location: page })).to.equal('https://intranet:8443/app/ws');
      expect(absoluteUrl('sub/ws?x=1', { location: page })).to.equal('https://intranet:8443/app/sub/ws?x=1');
      expect(absoluteUrl('ws', { location: { ...page, pathname: '/app/' } })).to.equal('https://intranet:8443/app/ws');
      expect(absoluteUrl('ws', { location: { ...page, pathname: '/' } })).to.equal('https://intranet:8443/ws');
    });

    it('a relative path with no pathname known is taken from the root', () => {
      expect(absoluteUrl('ws', { location: { protocol: 'http:', host: 'h' } })).to.equal('http://h/ws');
      expect(
        absoluteUrl('ws', { location: { protocol: 'http:', host: 'h', pathname: 3 as unknown as string } })
      ).to.equal('http://h/ws');
    });

    it('leaves the URL as it is where there is no page location (node, a worker without one) or it lacks protocol or host', () => {
      expect(absoluteUrl('/ws', {})).to.equal('/ws');
      expect(absoluteUrl('/ws', { location: undefined })).to.equal('/ws');
      expect(absoluteUrl('/ws', { location: { host: 'h', pathname: '/' } })).to.equal('/ws');
      expect(absoluteUrl('/ws', { location: { protocol: 'http:', pathname: '/' } })).to.equal('/ws');
      expect(absoluteUrl('//h/ws', { location: { protocol: null as unknown as string, host: 'h' } })).to.equal(
        '//h/ws'
      );
    });
  });

  describe('defaultEnv', () => {
    it('is the global object in node (no window, no self of its own)', () => {
      expect(defaultEnv()).to.equal(globalThis);
      expect(defaultEnv()).to.equal(defaultEnv());
    });

    it("is a fake window when one is defined, so a page's globals are what transports see", () => {
      const g = globalThis as { window?: unknown };
      const fakeWindow = { WebSocket: function () {} };
      const had = Object.prototype.hasOwnProperty.call(g, 'window');
      const before = g.window;
      g.window = fakeWindow;
      try {
        expect(defaultEnv()).to.equal(fakeWindow);
      } finally {
        if (had) g.window = before;
        else delete g.window;
      }
    });
  });
});
