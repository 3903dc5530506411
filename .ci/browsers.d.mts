/** Types of browsers.mjs, for the TypeScript tests that launch a browser themselves (test/e2e). */
export declare const CHROMIUM_ARGS: string[];
export declare function findBrowsers(): { chromium: string | undefined; firefox: string | undefined; envProblems: string[] };
