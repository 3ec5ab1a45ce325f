/**
 * npm run bench:upload [-- --runs N] — evidence upload on this machine: MB/s accepted end to end (a multipart post
 * over loopback HTTP, streamed to a temporary file, its type read from its bytes, scanned by ClamAV's daemon with
 * INSTREAM, then kept encrypted in SQLite with synchronous=FULL), and the scan alone, for a 1 MB and a 100 MB
 * video, beside a plain copy of the same file on the same disk. Median of N runs (5). clamd runs with the tests'
 * one-signature database, so scan latency here is the stream's cost, not a full signature set's (which production's
 * freshclam database adds to).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { happyPath, Visitor } from "../tests/helpers/journey.ts";
import { uploadService } from "../tests/helpers/uploads.ts";
import { startClamd } from "../tests/setup/clamd.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error("--runs must be a whole number from 1 to 50");

const MB = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = async (work: () => unknown) => {
  const at = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - at) / 1e9;
};

/** An MP4 by its first bytes, then media data that holds no marker of anything else. */
function video(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.set([0, 0, 0, 0x18, ...Buffer.from("ftypmp42"), 0, 0, 0, 0, ...Buffer.from("mp42isom")]);
  for (let i = 24; i < size; i++) bytes[i] = (i * 7919) & 0x3f;
  return bytes;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-bench-upload-"));
const clamd = await startClamd();
const { store, server, site } = await uploadService(dir, clamd.scanner);
const definition = site.services.get("kent")!.get("submit-driving-footage")!;
const start = "/kent/report/submit-driving-footage/";

async function atFootage(): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  for (const { step, form } of happyPath(definition)) {
    if (step.id === "footage") return visitor;
    await visitor.post(step === definition.steps[0] ? start : `${start}${step.id}/`, form);
  }
  throw new Error("no footage page");
}

try {
  console.log(`Evidence upload, median of ${runs} runs (loopback HTTP, ClamAV INSTREAM on a local socket, SQLite synchronous=FULL)`);
  console.log("size     accepted end to end    scan alone    plain copy");
  for (const size of [1 * MB, 100 * MB]) {
    const bytes = video(size);
    const file = path.join(dir, "clip.mp4");
    writeFileSync(file, bytes);
    const accepted: number[] = [];
    const scans: number[] = [];
    const copies: number[] = [];
    for (let run = 0; run < runs; run++) {
      // The form is made first, so the upload follows the last page at once on the same keep-alive connection
      // (left idle for longer than the server's keep-alive timeout, it could be closed just as the upload starts).
      const form = new FormData();
      form.append("footage", new Blob([new Uint8Array(bytes)]), "clip.mp4");
      form.append("action", "upload:footage");
      const visitor = await atFootage();
      accepted.push(
        await seconds(async () => {
          const response = await visitor.postMultipart(`${start}footage/`, form);
          if (response.status !== 303 || response.headers.get("location") !== `${start}footage/`) throw new Error(`upload answered ${response.status}`);
        }),
      );
      scans.push(await seconds(() => clamd.scanner.scan(file)));
      copies.push(await seconds(() => copyFileSync(file, path.join(dir, "copy.mp4"))));
    }
    const mbs = (s: number) => `${(size / MB / s).toFixed(0).padStart(5)} MB/s`;
    console.log(`${String(size / MB).padStart(3)} MB   ${mbs(median(accepted))} (${(median(accepted) * 1000).toFixed(0)} ms)   ${(median(scans) * 1000).toFixed(0).padStart(6)} ms    ${mbs(median(copies))}`);
  }
  const kept = await store.countFiles();
  console.log(`files kept: ${kept.files} (${kept.chunks} encrypted chunks of 1 MB)`);
} finally {
  await server.close();
  await store.close();
  await clamd.stop();
  rmSync(dir, { recursive: true, force: true });
}
