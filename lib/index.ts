// The ES module entry: everything an application or a later layer imports from the package.
// An application's bundler keeps only what it reaches (package.json "sideEffects": false), so
// the opt-in modules below cost nothing unless used.

export * from './core.js';

// Opt-in: the close diagnosis in sentences (pass it as the diagnoseClose option, or give it to
// useCloseDiagnosis), and close codes explained.
export { diagnoseClose } from './client/close-diagnosis.js';
export { closeCodeInfo } from './client/close-codes.js';
