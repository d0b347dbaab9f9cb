// Encoding rules: frame layout, content-length in UTF-8 bytes, escaping per version, and a
// clear refusal of whatever cannot be sent.
import { expect } from 'chai';
import { encodeFrame } from '../../lib/engine/frame-encoder.js';

function refuses(fn: () => unknown, code: string, text?: RegExp) {
  try {
    fn();
  } catch (e: any) {
    expect(e.name).to.equal('StompUsageError');
    expect(e.code).to.equal(code);
    if (text) expect(e.message).to.match(text);
    return;
  }
  expect.fail('expected a StompUsageError ' + code);
}

describe('frame encoder', () => {
  it('lays out command, headers, blank line, body and NUL', () => {
    expect(
      encodeFrame(
        { command: 'SUBSCRIBE', headers: { id: '0', destination: '/queue/foo', ack: 'client' } },
        { version: '1.2' }
      )
    ).to.equal('SUBSCRIBE\nid:0\ndestination:/queue/foo\nack:client\n\n\0');
    expect(encodeFrame({ command: 'DISCONNECT' }, { version: '1.2' })).to.equal('DISCONNECT\n\n\0');
  });

  it('sets content-length to the body length in UTF-8 bytes', () => {
    expect(
      encodeFrame({ command: 'SEND', headers: { destination: '/a' }, body: 'héllo 😀 €' }, { version: '1.2' })
    ).to.equal('SEND\ndestination:/a\ncontent-length:15\n\nhéllo 😀 €\0');
  });

  it('counts a lone surrogate as 3 bytes, without a URIError', () => {
    const out = encodeFrame(
      { command: 'SEND', headers: { destination: '/a' }, body: 'x\ud800' },
      { version: '1.2' }
    ) as string;
    expect(out).to.contain('content-length:4\n');
  });

  it('writes content-length itself, whatever the caller put in the headers', () => {
    expect(
      encodeFrame(
        { command: 'SEND', headers: { destination: '/a', 'content-length': '99' }, body: 'ab' },
        { version: '1.2' }
      )
    ).to.equal('SEND\ndestination:/a\ncontent-length:2\n\nab\0');
    expect(encodeFrame({ command: 'SEND', headers: { 'content-length': 'abc' } }, { version: '1.2' })).to.equal(
      'SEND\n\n\0'
    );
    expect(
      encodeFrame(
        { command: 'SEND', headers: { 'content-length': '5' }, body: 'ab', skipContentLengthHeader: true },
        { version: '1.2' }
      )
    ).to.equal('SEND\n\nab\0');
  });

  it('can leave content-length out, except for a body with NUL', () => {
    expect(
      encodeFrame(
        { command: 'SEND', headers: { destination: '/a' }, body: 'ab', skipContentLengthHeader: true },
        { version: '1.2' }
      )
    ).to.equal('SEND\ndestination:/a\n\nab\0');
    refuses(
      () =>
        encodeFrame(
          { command: 'SEND', headers: { destination: '/a' }, body: 'a\0b', skipContentLengthHeader: true },
          { version: '1.2' }
        ),
      'BAD_BODY',
      /NUL/
    );
  });

  it('keeps NUL inside a body, covered by content-length', () => {
    expect(encodeFrame({ command: 'SEND', headers: { destination: '/a' }, body: 'a\0b' }, { version: '1.2' })).to.equal(
      'SEND\ndestination:/a\ncontent-length:3\n\na\0b\0'
    );
  });

  it('escapes header names and values per version', () => {
    const frame = { command: 'SEND', headers: { 'k:1': 'v\n2\\' } };
    expect(encodeFrame(frame, { version: '1.2' })).to.equal('SEND\nk\\c1:v\\n2\\\\\n\n\0');
    expect(encodeFrame(frame, { version: '1.1' })).to.equal('SEND\nk\\c1:v\\n2\\\\\n\n\0');
    expect(encodeFrame({ command: 'SEND', headers: { k: 'a\\b:c' } }, { version: '1.0' })).to.equal(
      'SEND\nk:a\\b:c\n\n\0'
    );
    refuses(() => encodeFrame(frame, { version: '1.0' }), 'BAD_HEADER', /"k:1"/);
  });

  it('never escapes CONNECT or STOMP headers, and refuses line breaks there', () => {
    expect(encodeFrame({ command: 'CONNECT', headers: { login: 'a:b\\c' } }, { version: '1.2' })).to.equal(
      'CONNECT\nlogin:a:b\\c\n\n\0'
    );
    refuses(
      () => encodeFrame({ command: 'STOMP', headers: { passcode: 'x\ny' } }, { version: null }),
      'BAD_HEADER',
      /"passcode"/
    );
  });

  it('escapes as in 1.2 before a version is negotiated', () => {
    expect(encodeFrame({ command: 'SEND', headers: { a: 'x:y' } }, { version: null })).to.equal('SEND\na:x\\cy\n\n\0');
  });

  it('skips headers whose value is undefined or null, and stringifies others', () => {
    expect(
      encodeFrame(
        { command: 'ACK', headers: { id: 7 as any, x: undefined as any, y: null as any } },
        { version: '1.2' }
      )
    ).to.equal('ACK\nid:7\n\n\0');
  });

  it('refuses unknown commands and empty header names', () => {
    refuses(() => encodeFrame({ command: 'HELLO' }, { version: '1.2' }), 'UNKNOWN_COMMAND', /"HELLO"/);
    refuses(() => encodeFrame({ command: 'SEND', headers: { '': 'x' } }, { version: '1.2' }), 'BAD_HEADER', /empty/);
  });

  it('has no size limit unless one is set, and refuses a frame over it, naming the limit and the size', () => {
    const body = 'x'.repeat(1024 * 1024);
    expect(encodeFrame({ command: 'SEND', headers: { destination: '/a' }, body }, { version: '1.2' })).to.have.length(
      1024 * 1024 + 45
    );
    refuses(
      () =>
        encodeFrame({ command: 'SEND', headers: { destination: '/a' }, body }, { version: '1.2', maxFrameSize: 65536 }),
      'FRAME_TOO_LARGE',
      /\d+ bytes.*65536 bytes \(maxFrameSize\)/
    );
    const small = 'SEND\ndestination:/a\ncontent-length:2\n\nab\0';
    expect(
      encodeFrame(
        { command: 'SEND', headers: { destination: '/a' }, body: 'ab' },
        { version: '1.2', maxFrameSize: small.length }
      )
    ).to.equal(small);
    refuses(
      () =>
        encodeFrame(
          { command: 'SEND', headers: { destination: '/a' }, body: 'ab' },
          { version: '1.2', maxFrameSize: small.length - 1 }
        ),
      'FRAME_TOO_LARGE'
    );
  });

  it('gives a binary body content-length even with skipContentLengthHeader (as @stomp/stompjs), so it may hold NUL', () => {
    const out = encodeFrame(
      {
        command: 'SEND',
        headers: { destination: '/a' },
        binaryBody: new Uint8Array([0, 1]),
        skipContentLengthHeader: true
      },
      { version: '1.2' }
    ) as Uint8Array;
    expect(new TextDecoder().decode(out)).to.equal('SEND\ndestination:/a\ncontent-length:2\n\n\0\u0001\0');
    const empty = encodeFrame(
      { command: 'SEND', headers: { destination: '/a' }, binaryBody: new Uint8Array(0) },
      { version: '1.2' }
    ) as Uint8Array;
    expect(new TextDecoder().decode(empty)).to.equal('SEND\ndestination:/a\ncontent-length:0\n\n\0');
    expect(
      encodeFrame(
        { command: 'SEND', headers: { destination: '/a' }, body: 'ab', skipContentLengthHeader: true },
        { version: '1.2' }
      )
    ).to.equal('SEND\ndestination:/a\n\nab\0');
  });

  it('encodes a binary body as bytes with content-length', () => {
    const out = encodeFrame(
      { command: 'SEND', headers: { destination: '/é' }, binaryBody: new Uint8Array([0, 255, 10]) },
      { version: '1.2' }
    ) as Uint8Array;
    expect(out).to.be.instanceOf(Uint8Array);
    const head = new TextEncoder().encode('SEND\ndestination:/é\ncontent-length:3\n\n');
    expect(Array.from(out)).to.deep.equal([...head, 0, 255, 10, 0]);
  });
});
