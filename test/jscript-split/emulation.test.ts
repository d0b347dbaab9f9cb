// Proves the JScript split emulation is active in this run and faithful to JScript 5.x, and
// that it bites: a split-based decoder in the style of stomp.js 2.3.4 loses the CONNECTED frame
// under it (the IE8/9 bug, stomp-websocket issues 95 and 105) while our FrameDecoder does not.
// If the emulation were missing or too kind, the engine tests run under it would prove nothing.
//
// The expected results below were checked against a real JScript 5.8 (Wine's jscript.dll run
// by cscript), except the capture cases: Wine never splices captures, while [MS-ES3] V0135
// says Microsoft's JScript splices the non-empty ones, which is what the emulation does.
//
// Runs only with test/jscript-split/.mocharc.json. The main config's glob matches this file too;
// there the suite is skipped (setup.ts, loaded only by that config, sets the marker).
import { expect } from 'chai';
import { FrameDecoder } from '../../lib/engine/frame-decoder.js';
import { counting } from '../../lib/engine/utf8.js';
import type { StompFrame } from '../../lib/engine/frame.js';
import {
  installJScriptSplit,
  isJScriptSplitInstalled,
  nativeSplit,
  uninstallJScriptSplit
} from '../support/jscript-split.js';

const inJScriptRun = !!(globalThis as { [k: symbol]: unknown })[Symbol.for('stomp-anywhere.test.jscript-split-run')];

/**
 * A split-based decoder written the way stomp.js 2.3.4 frames its input: split the buffered
 * text on /\0\n* /, take every piece but the last as a frame, keep the last piece as a partial
 * frame unless it is empty. Returns the commands of the frames it sees.
 */
function splitDecoder(): { push(data: string): void; commands: string[] } {
  let partial = '';
  const commands: string[] = [];
  return {
    commands,
    push(data: string) {
      const pieces = (partial + data).split(/\0\n*/);
      partial = pieces.pop() as string;
      for (const piece of pieces) commands.push(piece.substring(0, piece.indexOf('\n')));
    }
  };
}

function ourCommands(messages: string[]): string[] {
  const frames: StompFrame[] = [];
  const decoder = new FrameDecoder(
    {
      onFrame: (f) => frames.push(f),
      onError: (e) => {
        throw e;
      }
    },
    { version: '1.2' }
  );
  for (const m of messages) decoder.push(m);
  return frames.map((f) => f.command);
}

/** Runs fn with the engine's own split, then puts the emulation back. */
function withNativeSplit<T>(fn: () => T): T {
  uninstallJScriptSplit();
  try {
    return fn();
  } finally {
    installJScriptSplit();
  }
}

const CONNECTED = 'CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0';

(inJScriptRun ? describe : describe.skip)('JScript split emulation (test/jscript-split/.mocharc.json only)', () => {
  it('counts UTF-8 the JScript way for the whole run (counting.native), and the decoder is right with it', () => {
    expect(counting.native).to.equal(true);
    const frames: StompFrame[] = [];
    const decoder = new FrameDecoder(
      {
        onFrame: (f) => frames.push(f),
        onError: (e) => {
          throw e;
        }
      },
      { version: '1.2' }
    );
    decoder.push('MESSAGE\ncontent-length:9\n\n\u00e9\u20ac\ud83d\ude00\0MESSAGE\ncontent-length:3\n\na\0b\0');
    expect(frames.map((f) => f.body)).to.deep.equal(['\u00e9\u20ac\ud83d\ude00', 'a\0b']);
  });

  it('is installed for the whole run by the root hook', () => {
    expect(isJScriptSplitInstalled()).to.equal(true);
    expect('F\0'.split(/\0\n*/)).to.deep.equal(['F']);
    expect(nativeSplit('F\0', /\0\n*/)).to.deep.equal(['F', '']);
  });

  it('drops every empty piece of a RegExp split: leading, middle and trailing', () => {
    expect('F\0'.split(/\0\n*/)).to.deep.equal(['F']);
    expect('a\0\0b'.split(/\0/)).to.deep.equal(['a', 'b']);
    expect('\0a\0\n\n\0b\0'.split(/\0\n*/)).to.deep.equal(['a', 'b']);
    expect('x'.split(/x/)).to.deep.equal([]);
    expect('abc'.split(/x/)).to.deep.equal(['abc']);
  });

  it('gives [""] for an empty input, [] when the regex matches the empty string', () => {
    expect(''.split(/x/)).to.deep.equal(['']);
    expect(''.split(/x*/)).to.deep.equal([]);
  });

  it('splits between characters on an empty match, as the spec does', () => {
    expect('abc'.split(/x*/)).to.deep.equal(['a', 'b', 'c']);
    expect('a,b'.split(/,*/)).to.deep.equal(['a', 'b']);
  });

  it('splices only non-empty captures', () => {
    expect('a1b'.split(/(\d)/)).to.deep.equal(['a', '1', 'b']);
    expect('a-b'.split(/(-)(z)?/)).to.deep.equal(['a', '-', 'b']); // spec: ['a', '-', undefined, 'b']
    expect('a-b'.split(/-()/)).to.deep.equal(['a', 'b']); // spec: ['a', '', 'b']
  });

  it('honours the limit, counting only the pieces kept', () => {
    expect('a,b,c'.split(/,/, 2)).to.deep.equal(['a', 'b']);
    expect(',,a,,b,,c'.split(/,/, 2)).to.deep.equal(['a', 'b']);
    expect('a,b'.split(/,/, 0)).to.deep.equal([]);
    expect('a1b2c'.split(/(\d)/, 2)).to.deep.equal(['a', '1']);
  });

  it("keeps the regex flags and leaves the caller's regex untouched", () => {
    expect('aXbxc'.split(/x/i)).to.deep.equal(['a', 'b', 'c']);
    const re = /,/g;
    re.lastIndex = 1;
    expect('a,,b'.split(re)).to.deep.equal(['a', 'b']);
    expect(re.lastIndex).to.equal(1);
  });

  it('leaves string separators as the spec has them', () => {
    expect('a,,b'.split(',')).to.deep.equal(['a', '', 'b']);
    expect('F\0'.split('\0')).to.deep.equal(['F', '']);
    expect('abc'.split('')).to.deep.equal(['a', 'b', 'c']);
    expect('a,b,c'.split(',', 2)).to.deep.equal(['a', 'b']);
  });

  it('can be removed and put back', () => {
    withNativeSplit(() => {
      expect(isJScriptSplitInstalled()).to.equal(false);
      expect('F\0'.split(/\0\n*/)).to.deep.equal(['F', '']);
    });
    expect(isJScriptSplitInstalled()).to.equal(true);
    expect('F\0'.split(/\0\n*/)).to.deep.equal(['F']);
  });

  describe('bites', () => {
    it('a split-based decoder loses the CONNECTED frame, ours does not', () => {
      const naive = splitDecoder();
      naive.push(CONNECTED);
      expect(naive.commands, 'stomp.js 2.3.4 style under JScript split').to.deep.equal([]);
      expect(ourCommands([CONNECTED])).to.deep.equal(['CONNECTED']);
    });

    it("the same split-based decoder works with the spec's split: the emulation is the cause", () => {
      const commands = withNativeSplit(() => {
        const naive = splitDecoder();
        naive.push(CONNECTED);
        return naive.commands;
      });
      expect(commands).to.deep.equal(['CONNECTED']);
    });

    it('ours keeps every frame of a stream cut at every point, with heart-beats and NUL bodies', () => {
      const stream = CONNECTED + '\n\nMESSAGE\ncontent-length:3\n\na\0b\0\n' + 'RECEIPT\nreceipt-id:7\n\n\0';
      for (let i = 0; i <= stream.length; i++) {
        expect(ourCommands([stream.substring(0, i), stream.substring(i)]), 'cut at ' + i).to.deep.equal([
          'CONNECTED',
          'MESSAGE',
          'RECEIPT'
        ]);
      }
    });
  });
});
