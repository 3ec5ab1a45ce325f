import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { clamdScanner, type Scanner } from "../../submit-service/uploads/scanner.ts";
import { waitUntil } from "../helpers/patience.ts";

export const clamdBinary = "/usr/sbin/clamd";

/** The one signature the tests' ClamAV knows: the EICAR test file's own text, anywhere in a file (an .ndb body signature). */
const eicarSignature = `Eicar-Test-Signature:0:*:${Buffer.from("EICAR-STANDARD-ANTIVIRUS-TEST-FILE").toString("hex")}\n`;

/** Debian's clamav-daemon, installed when missing and the tests run as root (as Chromium and nginx are); otherwise what to install. */
export function ensureClamd(): void {
  if (existsSync(clamdBinary)) return;
  if (process.getuid?.() === 0) {
    const installed = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "clamav-daemon"], { stdio: "inherit" });
    if (installed.status === 0 && existsSync(clamdBinary)) return;
  }
  throw new Error(`ClamAV's daemon is not installed at ${clamdBinary}: install Debian's clamav-daemon (apt-get install clamav-daemon)`);
}

export interface RunningClamd {
  socket: string;
  scanner: Scanner;
  stop(): Promise<void>;
}

/**
 * ClamAV's daemon on a local socket in a temporary folder, with a one-line signature database that detects
 * EICAR (no freshclam, no network), ready once it answers PING with PONG.
 */
export async function startClamd(): Promise<RunningClamd> {
  ensureClamd();
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-clamd-"));
  const db = path.join(dir, "db");
  mkdirSync(db);
  writeFileSync(path.join(db, "eicar.ndb"), eicarSignature);
  const socket = path.join(dir, "clamd.sock");
  const config = path.join(dir, "clamd.conf");
  writeFileSync(
    config,
    [`Foreground yes`, `LocalSocket ${socket}`, `DatabaseDirectory ${db}`, `LogFile ${path.join(dir, "clamd.log")}`, "StreamMaxLength 300M", "MaxFileSize 300M", "MaxScanSize 300M", "SelfCheck 0", ""].join("\n"),
  );
  const child: ChildProcess = spawn(clamdBinary, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  const scanner = clamdScanner({ socket });
  await waitUntil("clamd to answer PING with PONG", async () => ((await scanner.ping()) ? true : undefined), {
    gone: () => exited !== null,
    diagnosis: () => `clamd exited (${exited}): ${stderr.slice(-500)}`,
  });
  return {
    socket,
    scanner,
    async stop() {
      if (exited === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
