// Types of scripts/build.mjs for the TypeScript that imports it (bench).
export function inputsHash(): string;
export function build(opts?: { ifStale?: boolean }): Promise<boolean>;
export function bundle(entry: string, outfile: string): Promise<void>;
