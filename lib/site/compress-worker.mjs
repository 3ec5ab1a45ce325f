// A worker thread of lib/site/write.ts: compresses the files it is sent (a .br and a .gz beside each) and writes
// them, at once or when told to ("commit"), so a build that fails half-way leaves the site as it was.
// Plain JavaScript, using only Node's own modules, so it starts quickly wherever the build runs.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const { writeNow } = workerData;
const held = [];
const directories = new Set();

function write(file) {
  const directory = path.dirname(file.full);
  if (!directories.has(directory)) {
    mkdirSync(directory, { recursive: true });
    directories.add(directory);
  }
  writeFileSync(file.full, file.content);
  if (file.br) writeFileSync(`${file.full}.br`, file.br);
  if (file.gz) writeFileSync(`${file.full}.gz`, file.gz);
}

parentPort.on("message", (message) => {
  if (message.type === "file") {
    const content = Buffer.from(message.content);
    const file = { full: message.full, content };
    if (message.quality !== undefined) {
      file.br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: message.quality, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
      file.gz = gzipSync(content, { level: message.gzipLevel });
    }
    if (writeNow) write(file);
    else held.push(file);
    parentPort.postMessage({ type: "done" });
  } else if (message.type === "commit") {
    for (const file of held) write(file);
    held.length = 0;
    parentPort.postMessage({ type: "committed" });
  }
});
