// The script-tag bundles' globals, evaluated as a page, a Web Worker and a bare script host
// would: StompAnywhere everywhere, Stomp unless the page already has one.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const bundles = ['dist/stomp-anywhere.js', 'dist/stomp-anywhere.min.js'];

function run(file: string, globals: Record<string, unknown>): any {
  const context: any = vm.createContext({ ...globals });
  if ('self' in globals) context.self = context; // a worker's global is `self`
  if ('window' in globals) context.window = context;
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return context;
}

describe('script-tag bundle globals', () => {
  for (const file of bundles) {
    it(`${file}: defines StompAnywhere and Stomp in a page`, () => {
      const g = run(file, { window: true });
      expect(g.StompAnywhere.Client).to.be.a('function');
      expect(g.Stomp.over).to.be.a('function');
      expect(g.Stomp, 'stomp.js 2.3.3 flavour').to.equal(g.StompAnywhere.StompGlobal);
      expect(g.StompAnywhere.Stomp.over, '@stomp/stompjs flavour').to.be.a('function');
    });

    it(`${file}: stomp.js 2.3.3 defect 15 fixed: loads in a Web Worker (no window, no exports)`, () => {
      const g = run(file, { self: true });
      expect(g.StompAnywhere.Client).to.be.a('function');
      expect(g.Stomp.client).to.be.a('function');
    });

    it(`${file}: leaves a Stomp the page already has alone`, () => {
      const theirs = { mine: true };
      const g = run(file, { window: true, Stomp: theirs });
      expect(g.Stomp).to.equal(theirs);
      expect(g.StompAnywhere.Stomp.over).to.be.a('function');
    });

    it(`${file}: defines both in a bare script host (no window, no self)`, () => {
      const g = run(file, {});
      expect(g.StompAnywhere.Client).to.be.a('function');
      expect(g.Stomp.over).to.be.a('function');
    });
  }
});
