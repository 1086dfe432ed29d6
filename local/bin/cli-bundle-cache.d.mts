// Types for cli-bundle-cache.mjs (plain JS because it runs before TypeScript can be compiled).
export declare const BUILD_SETTINGS_FILES: readonly string[];
export declare function cacheFolder(root: string): string;
export declare function fileStamp(root: string, file: string): [number, number] | null;
export declare function freshBundle(root: string): string | undefined;
export declare function writeAtomically(path: string, contents: string | Uint8Array): void;
