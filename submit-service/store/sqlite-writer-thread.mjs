// The writer thread's entry (see sqlite-writer.ts): a worker thread does not get the TypeScript loader its
// parent was started with, so it registers tsx itself, then loads the writer.
import { register } from "tsx/esm/api";

register();
await import("./sqlite-writer.ts");
