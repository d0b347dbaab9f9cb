import { expect } from 'chai';
import { closeCodeInfo } from '../../lib/client/close-codes.js';

describe('closeCodeInfo', () => {
  it('names every standard code 1000-1015 distinctly, with a one-sentence meaning', () => {
    const names: { [name: string]: number } = {};
    for (let code = 1000; code <= 1015; code++) {
      const info = closeCodeInfo(code);
      expect(info.code).to.equal(code);
      expect(info.range, String(code)).to.equal('standard');
      expect(names, 'name of ' + code + ' repeats ' + names[info.name]).not.to.have.property(info.name);
      names[info.name] = code;
      expect(info.name.length, String(code)).to.be.within(3, 30);
      expect(info.meaning, String(code)).to.match(/^[A-Z].{20,200}\.$/);
    }
  });

  it('gives the well-known names', () => {
    expect(closeCodeInfo(1000).name).to.equal('Normal closure');
    expect(closeCodeInfo(1001).name).to.equal('Going away');
    expect(closeCodeInfo(1006).name).to.equal('Abnormal closure');
    expect(closeCodeInfo(1009).name).to.equal('Message too big');
    expect(closeCodeInfo(1011).name).to.equal('Internal error');
    expect(closeCodeInfo(1015).name).to.equal('TLS handshake');
  });

  it('says that 1005, 1006 and 1015 are reported locally, never sent', () => {
    for (const code of [1005, 1006, 1015]) expect(closeCodeInfo(code).meaning, String(code)).to.match(/nobody sends/);
    expect(closeCodeInfo(1006).meaning).to.match(/proxy/);
  });

  it('classifies the range edges', () => {
    const cases: [number, string][] = [
      [999, 'invalid'],
      [0, 'invalid'],
      [1016, 'reserved'],
      [2999, 'reserved'],
      [3000, 'registered'],
      [3999, 'registered'],
      [4000, 'private'],
      [4999, 'private'],
      [5000, 'invalid'],
      [65535, 'invalid']
    ];
    for (const [code, range] of cases) {
      const info = closeCodeInfo(code);
      expect(info.range, String(code)).to.equal(range);
      expect(info.code).to.equal(code);
      expect(info.meaning.length, String(code)).to.be.greaterThan(20);
    }
    expect(closeCodeInfo(3999).name).to.equal('Registered');
    expect(closeCodeInfo(4999).name).to.equal('Application-defined');
    expect(closeCodeInfo(1016).meaning).to.match(/future/);
  });

  it("names SockJS's and Spring's own codes and says whose they are", () => {
    expect(closeCodeInfo(2000).name).to.match(/All transports failed.*SockJS/);
    expect(closeCodeInfo(2010).name).to.match(/Another connection still open.*SockJS/);
    expect(closeCodeInfo(2010).range).to.equal('reserved');
    expect(closeCodeInfo(3000).name).to.match(/Go away.*SockJS/);
    expect(closeCodeInfo(3000).meaning).to.match(/Go away!/);
    expect(closeCodeInfo(4500).name).to.match(/Spring/);
    expect(closeCodeInfo(4500).range).to.equal('private');
    expect(closeCodeInfo(1002).meaning).to.match(/SockJS/);
  });

  it('does not throw on values that are not close codes', () => {
    for (const code of [
      -1,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      undefined as unknown as number,
      '1006' as unknown as number
    ]) {
      const info = closeCodeInfo(code);
      expect(info.range, String(code)).to.equal('invalid');
      expect(info.name).to.equal('Not a close code');
    }
  });
});
