// Types for the part of processes.mjs the TypeScript tests use.

/** Installs the Debian packages that are missing (scripts/rig/ensure-packages.sh); rejects naming the failure. */
export function ensurePackages(packages: string[]): Promise<void>;

/** A loopback port nothing listens on (just freed): for a refused connection, or a server to start there. */
export function closedLoopbackPort(): Promise<number>;

/** Where Debian's chromium package puts the browser. */
export const DEBIAN_CHROMIUM: string;

/** CHROME_BIN when set (it must exist), else Debian's chromium, installed when missing. */
export function ensureChromium(): Promise<string>;
