/**
 * npm run bench:start [-- --root <project folder>] — how long `npm start` takes to answer /healthz when the
 * build is up to date (the up-to-date check, then the service starting from the build's manifest). --root runs
 * another checkout's `npm start` (with its own up-to-date _site), to compare versions on the same machine.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { root: { type: "string" }, runs: { type: "string", default: "3" } } });
const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });


async function once(): Promise<number> {
  const data = mkdtempSync(path.join(os.tmpdir(), "front-counter-start-"));
  const port = await freePort();
  const env = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: data, SQLITE_PATH: path.join(data, "store.sqlite") };
  const started = performance.now();
  // Its own process group, so stopping it stops npm, the shell and the service alike.
  const server = spawn("npm", ["start", "--silent"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      if (server.exitCode !== null) throw new Error(`the service exited with ${server.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    const exited = new Promise((resolve) => server.on("exit", resolve));
    process.kill(-server.pid!, "SIGTERM");
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

const times: number[] = [];
for (let i = 0; i < Number(values.runs); i++) times.push(await once());
times.sort((a, b) => a - b);
console.log(`project            ${root}`);
console.log(`npm start → /healthz, build up to date: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(", ")})`);
