// Which Babel helpers may end up in the bundles.
//
// Babel's helpers are written for ES5 engines: e.g. `inheritsLoose` (from `class A extends B`)
// calls Object.create, `createForOfIteratorHelperLoose` calls Array.isArray, `createClass`
// and `objectSpread2` call Object.defineProperty, `asyncToGenerator` needs Promise. IE8 has
// none of these, and the ES3 syntax gate cannot see it. So the build accepts only the helpers
// below, each read and found to use nothing IE8 lacks (or to guard it with `typeof`). Left out
// on purpose: the private field (`#x`) helpers, because every output for `#x` also calls
// Object.defineProperty or needs WeakMap; use TypeScript's `private` instead. Any other helper
// fails the build, naming the source file: rewrite that construct in ES3-friendly TypeScript,
// or read the helper (`buildExternalHelpers([name])` from @babel/core) and add it here if it
// is safe.
import { buildExternalHelpers } from '@babel/core';

export const IE8_SAFE_HELPERS = [
  'arrayLikeToArray',
  'assertThisInitialized',
  'checkInRHS',
  'classCallCheck',
  'classNameTDZError',
  'extends', // Object.assign when present, else a for-in loop
  'identity',
  'instanceof', // Symbol.hasInstance guarded by typeof Symbol
  'newArrowCheck',
  'nullishReceiverError',
  'objectDestructuringEmpty',
  'possibleConstructorReturn',
  'readOnlyError',
  'taggedTemplateLiteralLoose',
  'tdz',
  'temporalRef',
  'temporalUndefined',
  'toPrimitive', // Symbol.toPrimitive guarded by typeof Symbol
  'toPropertyKey',
  'typeof', // Symbol guarded by typeof Symbol
  'writeOnlyError'
];

// The list must be closed under helper dependencies, or the helpers module would be broken
// (buildExternalHelpers leaves a missing dependency as a dangling reference). In its 'var'
// form a helper reaches its dependencies as `babelHelpers.<name>`.
for (const name of IE8_SAFE_HELPERS) {
  const code = buildExternalHelpers([name], 'var');
  for (const [, dependency] of code.matchAll(/babelHelpers\.(\w+)/g)) {
    if (dependency !== name && !IE8_SAFE_HELPERS.includes(dependency)) {
      throw new Error(`Babel helper ${name} needs ${dependency}, which is not in IE8_SAFE_HELPERS`);
    }
  }
}

// Helpers written here instead of taken from Babel, because Babel's need what IE8 lacks.
// `inheritsLoose` (from `class A extends B`): Babel's calls Object.create and setPrototypeOf;
// this one chains the prototypes through an empty constructor, as ES3 code always did, and
// copies the parent's own static members (IE8 has no __proto__ to inherit them through).
export const IE8_OWN_HELPERS = {
  inheritsLoose: [
    'export function inheritsLoose(subClass, superClass) {',
    '  function Prototype() { this.constructor = subClass; }',
    '  Prototype.prototype = superClass.prototype;',
    '  subClass.prototype = new Prototype();',
    '  for (var name in superClass) {',
    '    if (Object.prototype.hasOwnProperty.call(superClass, name)) subClass[name] = superClass[name];',
    '  }',
    '}'
  ].join('\n')
};

export function isIe8SafeHelper(name) {
  return IE8_SAFE_HELPERS.includes(name) || Object.prototype.hasOwnProperty.call(IE8_OWN_HELPERS, name);
}
