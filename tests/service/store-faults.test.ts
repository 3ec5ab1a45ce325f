import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { aesGcmCipher } from "../../submit-service/store/cipher.ts";
import { openSqliteStore } from "../../submit-service/store/sqlite.ts";
import { ended, freePort, killAllServers, refusalToStart, serverTestEnv, startServer, type ServerProcess } from "../helpers/server-process.ts";
import { testAnswersKey } from "../helpers/service.ts";

/**
 * The store never acknowledges what it cannot keep: the real server, as a child process, with its SQLite file
 * on a real filesystem that fails under it — the file deleted or replaced, a size-limited tmpfs that fills, an
 * ext4 image that turns read-only — and the files and timeouts an operator relies on.
 */

const siteDir = inject("siteDir");
const payload = readFileSync("tests/fixtures/api/report-crime.json", "utf8");
const isRoot = process.getuid?.() === 0;
const needsRoot = "needs root, to mount a size-limited tmpfs or an ext4 image: run the tests as root (CI does)";

const folders: string[] = [];
const mounts: string[] = [];
const servers: ServerProcess[] = [];
const folder = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-faults-"));
  folders.push(dir);
  return dir;
};
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.child.kill("SIGKILL");
    await ended(server, 10_000);
  }
  // Lazily: a server that died at start may still hold a file there for a moment.
  for (const mount of mounts.splice(0)) execFileSync("umount", ["--lazy", mount]);
});
afterAll(() => {
  killAllServers();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function serve(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServer(await freePort(), { SITE_DIR: siteDir, ...env });
  servers.push(server);
  return server;
}
const post = (server: ServerProcess) =>
  fetch(`${server.url}/api/v1/forces/kent/reports`, { method: "POST", headers: { "content-type": "application/json" }, body: payload, signal: AbortSignal.timeout(20_000) });
const readiness = async (server: ServerProcess) => {
  const response = await fetch(`${server.url}/readyz`);
  return { code: response.status, ...((await response.json()) as { status: string; reason?: string }) };
};
/** A 503 the way a client must see it: a problem, when to come back, and nothing stored. */
async function expectRefusal(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await response.json()).toMatchObject({ status: 503, title: "The service cannot store reports at the moment" });
}
/** The references a store holds, read after the server has gone. */
async function stored(file: string, references: string[]): Promise<string[]> {
  const store = openSqliteStore(file, aesGcmCipher(testAnswersKey));
  try {
    const found = [];
    for (const reference of references) if (await store.getReport(reference)) found.push(reference);
    return found;
  } finally {
    await store.close();
  }
}
/** Posts until one is refused (at most `limit`), returning the references acknowledged before it and the refusal. */
async function postUntilRefused(server: ServerProcess, limit: number) {
  const acknowledged: string[] = [];
  for (let i = 0; i < limit; i++) {
    const response = await post(server);
    if (response.status !== 201) return { acknowledged, refusal: response };
    acknowledged.push(((await response.json()) as { reference: string }).reference);
  }
  return { acknowledged, refusal: undefined };
}
/** Waits for /readyz to say `status` (the server re-checks its store on each call); gives up after `tries`. */
async function readyzSays(server: ServerProcess, status: number, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if ((await readiness(server)).code === status) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

// Each fault with SQLite committing on the event loop (the default) and on its writer thread (SQLITE_WRITES=thread).
describe.each(["event-loop", "thread"])("SQLite writes on the %s", (writes) => {
  const serveWith = (env: Record<string, string>) => serve({ SQLITE_WRITES: writes, ...env });

  describe("a store file deleted or replaced while the service runs", () => {
    it("stops acknowledging, says why on /readyz and in its log, and will not start an empty store in its place unless told", async () => {
      const dir = folder();
      const env = { DATA_DIR: dir };
      const server = await serveWith(env);
      const before = await post(server);
      expect(before.status).toBe(201);
      const file = path.join(dir, "front-counter.sqlite");
      unlinkSync(file);

      await expectRefusal(await post(server));
      const ready = await readiness(server);
      expect(ready).toMatchObject({ code: 503, status: "not ready", reason: expect.stringContaining(`the database file ${file} was deleted while the service ran`) });
      expect(server.output()).toMatch(/"level":"error","message":"store cannot keep writes: not acknowledging reports","reason":"the database file .* was deleted/);

      server.child.kill("SIGTERM");
      await ended(server, 15_000);
      const base = { ...process.env, ...serverTestEnv, PORT: String(await freePort()), SITE_DIR: siteDir, DATA_DIR: dir };
      const refusal = await refusalToStart(base);
      expect(refusal).toContain(`Cannot start: the store ${file} is missing, but ${path.join(dir, "front-counter-store")} shows that one was kept here`);
      expect(refusal).toContain("set ALLOW_NEW_STORE=true");
      const fresh = await serveWith({ ...env, ALLOW_NEW_STORE: "true" });
      expect((await post(fresh)).status).toBe(201);
    });

    it("refuses to start without the store when its answers key is still beside the data", async () => {
      const dir = folder();
      const env = { ...process.env, ...serverTestEnv, ANSWERS_KEY: "", PORT: String(await freePort()), SITE_DIR: siteDir, DATA_DIR: dir };
      const server = await serveWith({ DATA_DIR: dir, ANSWERS_KEY: "" });
      expect((await post(server)).status).toBe(201);
      server.child.kill("SIGTERM");
      await ended(server, 15_000);
      unlinkSync(path.join(dir, "front-counter-store"));
      rmSync(path.join(dir, "front-counter.sqlite"));
      expect(await refusalToStart(env)).toContain(`but ${path.join(dir, "answers-key")} shows that one was kept here`);
    });

    it("notices a file put in its place (another database moved over it) and acknowledges nothing more", async () => {
      const dir = folder();
      const server = await serveWith({ DATA_DIR: dir });
      expect((await post(server)).status).toBe(201);
      const file = path.join(dir, "front-counter.sqlite");
      const other = path.join(dir, "restored-by-mistake.sqlite");
      copyFileSync(file, other);
      renameSync(other, file);
      await expectRefusal(await post(server));
      expect((await readiness(server)).reason).toContain(`the database file ${file} was replaced while the service ran`);
    });
  });

  describe.runIf(isRoot)("a full disk", () => {
    it("answers 503 problem+json with Retry-After, says not ready with the reason, keeps every acknowledged report, and resumes when space returns", async () => {
      const dir = folder();
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", dir]);
      mounts.push(dir);
      const server = await serveWith({ DATA_DIR: dir });
      const first = await postUntilRefused(server, 3);
      expect(first.acknowledged).toHaveLength(3);

      // Fill the disk: whatever space is left goes to one file.
      const filler = path.join(dir, "filler");
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (let i = 0; i < 1000; i++) writeFileSync(filler, chunk, { flag: "a" });
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
      }
      const full = await postUntilRefused(server, 2000);
      expect(full.refusal, "a report was refused once the disk was full").toBeDefined();
      await expectRefusal(full.refusal!);
      expect(await readiness(server)).toMatchObject({ status: "not ready", reason: expect.stringContaining("is full: free some space") });

      rmSync(filler);
      expect(await readyzSays(server, 200), "ready again once space returned").toBe(true);
      const after = await postUntilRefused(server, 3);
      expect(after.acknowledged).toHaveLength(3);
      expect(server.output()).toContain('"message":"store takes writes again"');

      server.child.kill("SIGTERM");
      expect(await ended(server, 15_000)).toBe(0);
      const acknowledged = [...first.acknowledged, ...full.acknowledged, ...after.acknowledged];
      expect(await stored(path.join(dir, "front-counter.sqlite"), acknowledged)).toEqual(acknowledged);
    });
  });

  describe.runIf(isRoot)("a disk that turns read-only", () => {
    it("answers 503 problem+json with Retry-After and says not ready because the disk is read-only", async () => {
      const dir = folder();
      const image = path.join(folder(), "disk.ext4");
      writeFileSync(image, "");
      execFileSync("truncate", ["-s", "16M", image]);
      execFileSync("mkfs.ext4", ["-q", "-F", image]);
      const mountPoint = path.join(dir, "data");
      mkdirSync(mountPoint);
      execFileSync("mount", ["-o", "loop,errors=remount-ro", image, mountPoint]);
      mounts.push(mountPoint);
      const server = await serveWith({ DATA_DIR: mountPoint });
      expect((await post(server)).status).toBe(201);

      // What ext4 does on a disk error with errors=remount-ro: the whole filesystem becomes read-only at once.
      const device = path.basename(execFileSync("findmnt", ["-n", "-o", "SOURCE", mountPoint], { encoding: "utf8" }).trim());
      writeFileSync(`/sys/fs/ext4/${device}/trigger_fs_error`, "front-counter test: disk error");
      const refused = await postUntilRefused(server, 50);
      expect(refused.refusal).toBeDefined();
      await expectRefusal(refused.refusal!);
      expect((await readiness(server)).reason).toContain("is read-only");
      // A read-only ext4 is not writable again without a check (fsck), so the test stops here; resuming is the full-disk test's.
    });
  });
});

describe.skipIf(isRoot)("full and read-only disks", () => {
  it.skip(`are tested on a tmpfs and an ext4 image: ${needsRoot}`, () => {});
});

describe("the data folder and its files", () => {
  it("makes the folder 0700 and every file in it 0600 (a folder in it 0700), the database's own journal files too", async () => {
    const dir = path.join(folder(), "data");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const server = await serve({ DATA_DIR: dir, ANSWERS_KEY: "", COOKIE_SECRET: "" });
    expect((await post(server)).status).toBe(201);
    const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
    expect(mode(dir)).toBe("700");
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(["front-counter.sqlite", "front-counter.sqlite-wal", "front-counter.sqlite-shm", "answers-key", "cookie-secret", "front-counter-store"]));
    for (const file of files) expect([file, mode(path.join(dir, file))]).toEqual([file, statSync(path.join(dir, file)).isDirectory() ? "700" : "600"]);
  });
});

describe("server timeouts", () => {
  /** A raw connection that sends `text` and collects what comes back until the server closes it. */
  const rawExchange = (url: string, text: string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const socket = net.connect(Number(port), hostname, () => socket.write(text));
      let received = "";
      socket.on("data", (chunk) => (received += chunk));
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });

  it("answers 408 and drops a client that never finishes its headers, and says how long an idle connection is kept", async () => {
    const server = await serve({ DATA_DIR: folder(), HEADERS_TIMEOUT_SECONDS: "1", REQUEST_TIMEOUT_SECONDS: "2", KEEP_ALIVE_TIMEOUT_SECONDS: "7" });
    // A slow-loris: the request line and one header, then nothing. Only the server can end this exchange.
    const answer = await rawExchange(server.url, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.headers.get("keep-alive")).toBe("timeout=7");
  });

  it("keeps idle connections 75 s by default, longer than nginx's 60 s, and refuses a headers timeout longer than the request's", async () => {
    const server = await serve({ DATA_DIR: folder() });
    expect((await fetch(`${server.url}/healthz`)).headers.get("keep-alive")).toBe("timeout=75");
    const env = { ...process.env, ...serverTestEnv, PORT: String(await freePort()), SITE_DIR: siteDir, DATA_DIR: folder(), HEADERS_TIMEOUT_SECONDS: "40", REQUEST_TIMEOUT_SECONDS: "30" };
    expect(await refusalToStart(env)).toContain("HEADERS_TIMEOUT_SECONDS must not be more than REQUEST_TIMEOUT_SECONDS");
  });
});
