// @11ty/eleventy ships no types; this is the little of its programmatic API the build uses.
declare module "@11ty/eleventy" {
  export class Eleventy {
    constructor(input: string, output: string, options: { config?: (eleventyConfig: unknown) => void; quietMode?: boolean });
    write(): Promise<unknown>;
  }
}
