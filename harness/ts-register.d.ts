/** Types of ts-register.js (plain JavaScript, because it runs before TypeScript can be loaded). */
export function registerTypeScript(): void;
export function precompile(filename: string): void;
export const REPO_ROOT: string;
/** Disk cache of transpiled files and type-check results. */
export const CACHE_DIR: string;
export const ENGINE_REQUEST: string;
export const ENGINE_PATH: string;
