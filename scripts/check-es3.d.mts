// Types for check-es3.mjs, so the TypeScript tests can import it.
export type Es3Result =
  | { ok: true }
  | {
      ok: false;
      /** 1-based */
      line: number;
      /** 1-based */
      column: number;
      /** acorn's message */
      message: string;
      /** the offending construct, e.g. "arrow function" */
      construct: string;
      sourceLine: string;
    };

export function checkSource(code: string, options?: { sourceType?: 'script' | 'module' }): Es3Result;
export function checkFile(path: string): Es3Result & { file: string; sourceType: 'script' | 'module' };
export function listFiles(paths: string[]): string[];
