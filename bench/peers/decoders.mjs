// Each client's incoming path, from a WebSocket message to frames an application can read
// (command, headers as an object, body as a string), as that client runs it:
// - stomp-anywhere: FrameDecoder (the built dist/esm/index.mjs, what users get);
// - @stomp/stompjs: Parser, then FrameImpl.fromRawFrame, as its StompHandler does (the body is
//   decoded when first read, so the adapter reads it);
// - stompjs 2.3.3: Frame.unmarshall, which splits on NUL with a regular expression and cannot
//   carry a frame across messages;
// - webstomp-client: Frame.unmarshall with its partial-data buffer, as its client does.
// `create(onFrame)` returns { push(message) }; each frame is handed to onFrame(command, headers, body).
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import { FrameDecoder } from '../../dist/esm/engine.mjs';
import { FrameImpl, Parser } from '@stomp/stompjs';

const require = createRequire(import.meta.url);

/** webstomp-client publishes its Frame only as ES module source: bundle it to CommonJS here. */
function loadWebstompFrame() {
  const out = buildSync({
    entryPoints: [require.resolve('webstomp-client/src/frame.js')],
    bundle: true,
    format: 'cjs',
    write: false,
    platform: 'node',
    logLevel: 'silent'
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, require);
  return module.exports.default;
}

export const OldFrame = require('stompjs/lib/stomp.js').Stomp.Frame;
export const WebstompFrame = loadWebstompFrame();

export const DECODERS = [
  {
    name: 'stomp-anywhere',
    binary: true,
    create(onFrame) {
      const d = new FrameDecoder(
        {
          onFrame: (f) => onFrame(f.command, f.headers, f.body),
          onError: (e) => {
            throw e;
          }
        },
        { version: '1.2' }
      );
      return { push: (m) => d.push(m) };
    }
  },
  {
    name: '@stomp/stompjs',
    binary: true,
    create(onFrame) {
      const p = new Parser(
        (raw) => {
          const f = FrameImpl.fromRawFrame(raw, true);
          onFrame(f.command, f.headers, f.body);
        },
        () => {}
      );
      return { push: (m) => p.parseChunk(m) };
    }
  },
  {
    name: 'stompjs 2.3.3',
    binary: false,
    create(onFrame) {
      return {
        push: (m) => {
          const frames = OldFrame.unmarshall(m);
          for (let i = 0; i < frames.length; i++) onFrame(frames[i].command, frames[i].headers, frames[i].body);
        }
      };
    }
  },
  {
    name: 'webstomp-client',
    binary: false,
    create(onFrame) {
      let partial = '';
      return {
        push: (m) => {
          const r = WebstompFrame.unmarshall(partial + m);
          partial = r.partial;
          for (let i = 0; i < r.frames.length; i++) onFrame(r.frames[i].command, r.frames[i].headers, r.frames[i].body);
        }
      };
    }
  }
];
