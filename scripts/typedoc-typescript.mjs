// TypeDoc imports the package `typescript` for the compiler's JavaScript API, which TypeScript 7's
// package (ours) no longer has. This hook, given to node with --import, makes TypeDoc's imports of
// `typescript` load the devDependency alias typescript-5.9 instead; nothing else is redirected.
// (package.json's "overrides" lets npm install TypeDoc beside TypeScript 7 at all.)
//
//   node --import ./scripts/typedoc-typescript.mjs node_modules/typedoc/bin/typedoc [options]
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

/** The resolve hook: `typescript` imported from TypeDoc's own files becomes `typescript-5.9`. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'typescript' && context.parentURL && context.parentURL.includes('/node_modules/typedoc/')) {
    return nextResolve('typescript-5.9', context);
  }
  return nextResolve(specifier, context);
}

// Hooks run on a thread of their own, where this module is loaded again: register only once.
if (isMainThread) register(import.meta.url);
