// Babel plugin: make helpers (`classCallCheck`, ...) imports from one module, not inline copies.
//
// By default Babel pastes each helper into every file that needs it, so a bundle of many
// modules carries many copies. Babel asks the file's `helperGenerator` first; this one adds
// `import { name as _name } from source` once per file and returns the local name.
// Options: `source` (the module id), `onHelper(name)` (told about each helper used).
// Why not @babel/plugin-transform-runtime: it imports the helpers from the @babel/runtime
// package, a runtime dependency the library must not have, with Babel's ES5 code in them;
// here the module is one the build writes (rollup-babel.mjs) from the helpers listed in
// babel-helpers-ie8.mjs.
export function importHelpersFrom({ types: t }, { source, onHelper }) {
  return {
    name: 'import-helpers-from',
    pre(file) {
      const locals = new Map();
      file.set('helperGenerator', (name) => {
        if (!locals.has(name)) {
          onHelper?.(name);
          const local = file.scope.generateUidIdentifier(name);
          locals.set(name, local);
          const [declaration] = file.path.unshiftContainer(
            'body',
            t.importDeclaration([t.importSpecifier(local, t.identifier(name))], t.stringLiteral(source))
          );
          file.scope.registerDeclaration(declaration);
        }
        return t.cloneNode(locals.get(name));
      });
    }
  };
}
