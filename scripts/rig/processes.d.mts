// Types for the part of processes.mjs the TypeScript tests use.

/** Installs the Debian packages that are missing (scripts/rig/ensure-packages.sh); rejects naming the failure. */
export function ensurePackages(packages: string[]): Promise<void>;
