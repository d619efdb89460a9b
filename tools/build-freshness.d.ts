// Types of tools/build-freshness.js (plain JS so bin/flowdesk.js can run it before any build).
export type BuildState = 'missing' | 'stale' | 'fresh';
export function newestMtimeMs(dir: string): number;
export function sourcesMtimeMs(root: string): number;
export function buildState(root: string): BuildState;
export function compilerPath(root: string): string | null;
export function rebuild(root: string): boolean;
export function ensureFreshBuild(root: string): BuildState;
