// STOMP 1.2 "Value Encoding" and 1.1's: which sequences exist in which version, and the
// refusal of what cannot be escaped (header injection).
import { expect } from 'chai';
import { escapeHeader, unescapeHeader } from '../../lib/engine/header-escape.js';

function throwsCode(fn: () => unknown, code: string, name: string, text?: RegExp) {
  try {
    fn();
  } catch (e: any) {
    expect(e.code).to.equal(code);
    expect(e.name).to.equal(name);
    if (text) expect(e.message).to.match(text);
    return;
  }
  expect.fail('expected an error with code ' + code);
}

describe('header escaping', () => {
  it('1.2 escapes CR, LF, colon and backslash', () => {
    expect(escapeHeader('a\r\nb:c\\d', 'v12', false, 'x')).to.equal('a\\r\\nb\\cc\\\\d');
    expect(escapeHeader('plain value', 'v12', false, 'x')).to.equal('plain value');
  });

  it('1.1 escapes LF, colon and backslash, and refuses CR (1.1 cannot escape it)', () => {
    expect(escapeHeader('a\nb:c\\d', 'v11', false, 'x')).to.equal('a\\nb\\cc\\\\d');
    throwsCode(() => escapeHeader('a\rb', 'v11', false, 'x'), 'BAD_HEADER', 'StompUsageError', /CR.*1\.1/);
  });

  it('1.0 sends values raw, and refuses CR or LF anywhere (header injection)', () => {
    expect(escapeHeader('a:b\\c', 'none', false, 'x')).to.equal('a:b\\c');
    throwsCode(() => escapeHeader('v\ninjected:1', 'none', false, 'x'), 'BAD_HEADER', 'StompUsageError', /line break/);
    throwsCode(() => escapeHeader('v\r', 'none', false, 'x'), 'BAD_HEADER', 'StompUsageError');
    throwsCode(() => escapeHeader('na\nme', 'none', true, 'na\nme'), 'BAD_HEADER', 'StompUsageError', /header name/);
  });

  it('1.0 refuses a colon in a name, but allows one in a value', () => {
    throwsCode(() => escapeHeader('a:b', 'none', true, 'a:b'), 'BAD_HEADER', 'StompUsageError', /":"/);
    expect(escapeHeader('a:b', 'none', false, 'x')).to.equal('a:b');
  });

  it('refuses NUL in every version (it would end the frame for a NUL-scanning parser)', () => {
    for (const mode of ['none', 'v11', 'v12', 'lenient'] as const) {
      throwsCode(() => escapeHeader('a\0b', mode, false, 'x'), 'BAD_HEADER', 'StompUsageError', /NUL/);
    }
  });

  it('refuses half a surrogate pair in every version, and passes whole pairs', () => {
    for (const mode of ['none', 'v11', 'v12', 'lenient'] as const) {
      for (const bad of ['a\ud83d', '\ude00b', 'x\ude00\ud83dy', '\ud83d\ud83d\ude00']) {
        throwsCode(() => escapeHeader(bad, mode, false, 'x'), 'BAD_HEADER', 'StompUsageError', /surrogate/);
      }
      expect(escapeHeader('smile 😀', mode, false, 'x')).to.equal('smile 😀');
    }
  });

  it('1.2 decodes \\r \\n \\c \\\\ in one pass (\\\\n is a backslash and an n)', () => {
    expect(unescapeHeader('a\\r\\nb\\cc\\\\d', 'v12')).to.equal('a\r\nb:c\\d');
    expect(unescapeHeader('\\\\n', 'v12')).to.equal('\\n');
    expect(unescapeHeader('\\\\\\\\', 'v12')).to.equal('\\\\');
    expect(unescapeHeader('no escapes', 'v12')).to.equal('no escapes');
  });

  it('1.1 treats \\r as an undefined escape', () => {
    expect(unescapeHeader('a\\nb\\c', 'v11')).to.equal('a\nb:');
    throwsCode(() => unescapeHeader('a\\rb', 'v11'), 'BAD_ESCAPE', 'StompProtocolError', /1\.1/);
  });

  it('an undefined escape or a trailing backslash is a protocol error, not a crash', () => {
    throwsCode(() => unescapeHeader('a\\tb', 'v12'), 'BAD_ESCAPE', 'StompProtocolError', /"\\\\t"/);
    throwsCode(() => unescapeHeader('ab\\', 'v12'), 'BAD_ESCAPE', 'StompProtocolError');
  });

  it('1.0 never unescapes', () => {
    expect(unescapeHeader('a\\nb\\t', 'none')).to.equal('a\\nb\\t');
  });

  it('before negotiation (lenient) decodes 1.2 sequences and keeps unknown ones', () => {
    expect(unescapeHeader('a\\cb\\tc\\', 'lenient')).to.equal('a:b\\tc\\');
  });
});
