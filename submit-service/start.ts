/**
 * npm start: builds the sites if an input changed since the last build (saying what it does as it goes), then
 * starts the service in the same process, which reads the build's manifest rather than the content.
 */
import { buildIfNeeded } from "../lib/cli/build.ts";

if (await buildIfNeeded(process.env.SITE_DIR ?? "_site")) await import("./server.ts");
