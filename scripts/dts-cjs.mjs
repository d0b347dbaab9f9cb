// Declarations for `require`: a copy of each dist/types/*.d.ts as .d.cts, its relative imports
// pointing at the .cjs copies. The package is "type": "module", so TypeScript (module node16)
// reads a .d.ts as an ES module; a CommonJS consumer then gets TS1479 for `require`. The .d.cts
// twins are what the exports map's "require" condition names.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RELATIVE = /(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.js\2/g;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(
        RELATIVE,
        (_, lead, quote, spec) => `${lead}${quote}${spec}.cjs${quote}`
      );
      writeFileSync(path.slice(0, -'.d.ts'.length) + '.d.cts', text);
    }
  }
}

walk(process.argv[2] || 'dist/types');
