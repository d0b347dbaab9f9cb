// Entry of the script-tag bundles (dist/stomp-anywhere.js and .min.js), which define the
// global `StompAnywhere`. The `Stomp` compat global (the stomp.js 2.x API) joins this file
// in a later issue.
export * from '../lib/index.js';
