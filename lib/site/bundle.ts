import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";

/** The browser code and its dependencies live with the code, wherever the content being built is. */
export const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** How every browser module is bundled: one minified ES module, no comments, for browsers from 2020 on. */
export const browserBundle = { bundle: true, write: false, format: "esm", minify: true, target: "es2020", legalComments: "none" } satisfies BuildOptions;
