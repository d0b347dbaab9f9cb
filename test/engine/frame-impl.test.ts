// FrameImpl and Parser against @stomp/stompjs 7.5's, call for call: what a program that uses
// them directly gets must be the same, except where stompjs is wrong (noted per case).
import { expect } from 'chai';
import * as stompjs from '@stomp/stompjs';
import { FrameImpl, type FrameParams } from '../../lib/engine/frame-impl.js';
import { Parser } from '../../lib/engine/parser.js';

const text = (d: string | ArrayBuffer) => (typeof d === 'string' ? d : new TextDecoder().decode(d));

describe('FrameImpl (as @stomp/stompjs 7.5)', () => {
  const cases: (FrameParams & { headers: Record<string, string> })[] = [
    { command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' },
    { command: 'SEND', headers: { destination: '/queue/a', 'content-type': 'text/plain' }, body: 'grüße 😀' },
    { command: 'SUBSCRIBE', headers: { id: 'sub-0', destination: '/topic/x' } },
    { command: 'SEND', headers: { destination: '/q' }, body: 'x', skipContentLengthHeader: true },
    {
      command: 'SEND',
      headers: { destination: '/q', 'x-colon': 'a:b', 'x-nl': 'a\nb' },
      body: 'x',
      escapeHeaderValues: true
    },
    { command: 'CONNECT', headers: { login: 'a:b' }, escapeHeaderValues: true },
    { command: 'SEND', headers: { destination: '/q' }, binaryBody: new Uint8Array([0, 1, 255]) }
  ];

  for (const params of cases) {
    const name =
      params.command +
      ' ' +
      JSON.stringify({ ...params, binaryBody: params.binaryBody && Array.from(params.binaryBody) });
    it('prints, serializes and reads back as stompjs: ' + name, () => {
      const ours = new FrameImpl(params);
      const theirs = new stompjs.FrameImpl(params);
      expect(String(ours)).to.equal(String(theirs));
      expect(ours.command).to.equal(theirs.command);
      expect(ours.headers).to.deep.equal(theirs.headers);
      expect(ours.isBinaryBody).to.equal(theirs.isBinaryBody);
      expect(Array.from(ours.binaryBody)).to.deep.equal(Array.from(theirs.binaryBody));
      if (!params.binaryBody) expect(ours.body).to.equal(theirs.body);
      // stompjs does not escape names nor refuse a line break in 1.0 mode; ours refuses what would inject a header.
      if (!params.escapeHeaderValues || params.command === 'CONNECT') {
        if (!Object.values(params.headers).some((v) => /[\n:]/.test(v))) {
          expect(text(ours.serialize())).to.equal(text(theirs.serialize()));
          expect(text(FrameImpl.marshall(params))).to.equal(text(stompjs.FrameImpl.marshall(params)));
        }
      } else {
        expect(text(ours.serialize())).to.equal(text(theirs.serialize()));
      }
    });
  }

  it('fromRawFrame: the first of a repeated header wins, 1.2 values are unescaped (stompjs trims values: ours keeps them)', () => {
    const raw = {
      command: 'MESSAGE',
      headers: [
        ['a', 'x\\cy'],
        ['a', 'second'],
        ['b', 'v']
      ] as [string, string][],
      binaryBody: new TextEncoder().encode('body')
    };
    const ours = FrameImpl.fromRawFrame(raw, true);
    const theirs = stompjs.FrameImpl.fromRawFrame(raw, true);
    expect(ours.headers).to.deep.equal(theirs.headers);
    expect(ours.body).to.equal(theirs.body);
    const padded = FrameImpl.fromRawFrame(
      { command: 'MESSAGE', headers: [['a', ' v ']], binaryBody: new Uint8Array(0) },
      false
    );
    expect(padded.headers.a).to.equal(' v ');
    expect(
      stompjs.FrameImpl.fromRawFrame(
        { command: 'MESSAGE', headers: [['a', ' v ']], binaryBody: new Uint8Array(0) },
        false
      ).headers.a
    ).to.equal('v');
  });

  it('is a class: instanceof works for received frames too', () => {
    const got: unknown[] = [];
    new Parser(
      (raw) => got.push(FrameImpl.fromRawFrame(raw, false)),
      () => {}
    ).parseChunk('RECEIPT\nreceipt-id:1\n\n\0');
    expect(got[0]).to.be.instanceOf(FrameImpl);
  });
});

describe('Parser (as @stomp/stompjs 7.5)', () => {
  function run(P: any, chunks: (string | ArrayBuffer)[], appendNul = false) {
    const events: unknown[] = [];
    const parser = new P(
      (raw: any) =>
        events.push({ command: raw.command, headers: raw.headers, body: new TextDecoder().decode(raw.binaryBody) }),
      () => events.push('ping')
    );
    for (const c of chunks) parser.parseChunk(c, appendNul);
    return events;
  }
  const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

  const streams: [string, (string | ArrayBuffer)[], boolean?][] = [
    ['one frame', ['MESSAGE\ndestination:/a\nmessage-id:1\n\nhello\0']],
    ['several frames and heart-beats in one chunk', ['\nMESSAGE\na:1\n\nx\0\nRECEIPT\nreceipt-id:7\n\n\0\n']],
    ['a frame cut in three', ['MESSAGE\ndesti', 'nation:/a\n\nhel', 'lo\0']],
    ['content-length with NUL inside the body', ['MESSAGE\ncontent-length:3\n\na\0b\0']],
    ['UTF-8 in headers and body, as bytes', [bytes('MESSAGE\nx:é\n\n😀\0')]],
    ['a frame without its NUL, with appendMissingNULLonIncoming', ['MESSAGE\na:1\n\nx'], true],
    ['binary chunks without NUL, with appendMissingNULLonIncoming', [bytes('MESSAGE\na:1\n\nx')], true]
  ];
  for (const [name, chunks, appendNul] of streams) {
    it(name, () => {
      expect(run(Parser, chunks, appendNul)).to.deep.equal(run(stompjs.Parser, chunks, appendNul));
    });
  }

  it('a malformed stream throws a StompProtocolError (stompjs misreads it silently)', () => {
    const parser = new Parser(
      () => {},
      () => {}
    );
    expect(() => parser.parseChunk('MESSAGE\ncontent-length:1\n\nab\0')).to.throw(/NUL/);
  });
});
