import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { debianBrotliModule, nginxConfig } from "../../deploy/nginx-config.ts";
import { uploadSteps } from "../../deploy/upload-steps.ts";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { securityHeaderValues } from "../../submit-service/http/security-headers.ts";
import { waitUntil } from "./patience.ts";
import { freePort } from "./server-process.ts";

export const nginxPath = "/usr/sbin/nginx";
export const nginxInstallCommand = "apt-get update -qq && apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static";

/**
 * Debian's nginx and its brotli module, for the deploy tests: installed when the tests run as root with apt-get
 * (CI, a fresh container), as the browser tests install Chromium; anywhere else the test stops and says how.
 */
function ensureNginx() {
  if (existsSync(nginxPath) && existsSync(debianBrotliModule)) return;
  const isRoot = process.getuid?.() === 0;
  const hasAptGet = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasAptGet) throw new Error(`nginx (with its brotli module) is not installed. Install it: sudo sh -c "${nginxInstallCommand}"`);
  console.log("nginx is not installed: installing Debian's nginx-light and libnginx-mod-http-brotli-static with apt-get…");
  const status = spawnSync("sh", ["-c", nginxInstallCommand], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status;
  if (status !== 0 || !existsSync(nginxPath) || !existsSync(debianBrotliModule)) {
    throw new Error(`Installing nginx failed (exit ${status}). Install it: sudo sh -c "${nginxInstallCommand}"`);
  }
}

export interface RunningNginx {
  url: string;
  close(): Promise<void>;
}

/**
 * Real nginx on a free loopback port, configured by deploy/nginx-config.ts exactly as production is (only its
 * pid, logs and temporary files live in a folder of its own), in front of the given service instances.
 */
export async function startNginx(options: { siteDir: string; upstreams: string[]; postsPerSecond?: number }): Promise<RunningNginx> {
  ensureNginx();
  const prefix = mkdtempSync(path.join(os.tmpdir(), "front-counter-nginx-"));
  mkdirSync(path.join(prefix, "tmp"));
  const port = await freePort();
  const config = nginxConfig({
    listen: `127.0.0.1:${port}`,
    serverName: "localhost",
    siteDir: options.siteDir,
    upstreams: options.upstreams,
    headers: await securityHeaderValues(templateScriptHashes(process.cwd())),
    prefix,
    // The built site sits in a mkdtemp folder (mode 0700, root's when the tests run as root), which nginx's
    // default worker user (nobody) cannot enter; as root, the test's workers run as root rather than the test
    // loosening permissions on a folder other tests share. Not as root, nginx runs as whoever runs the tests.
    user: process.getuid?.() === 0 ? "root" : undefined,
    workerProcesses: 1,
    postsPerSecond: options.postsPerSecond,
    uploadSteps: uploadSteps(process.cwd()),
  });
  const configFile = path.join(prefix, "nginx.conf");
  writeFileSync(configFile, config);

  const nginx = spawn(nginxPath, ["-p", prefix, "-c", configFile, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  nginx.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => nginx.once("exit", () => resolve()));
  let running = true;
  // nginx outlives a test process that dies without closing it (daemon off, but its own process): kill it then.
  const killOnExit = () => nginx.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => {
    running = false;
    process.off("exit", killOnExit);
  });
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => (existsSync(path.join(prefix, "error.log")) ? readFileSync(path.join(prefix, "error.log"), "utf8") : "");

  // nginx writes its pid file once it has bound its port (connections queue from then on), or exits on a bad
  // configuration; then the national home page, a static file needing no service instance, must answer.
  const pidFile = path.join(prefix, "nginx.pid");
  try {
    await waitUntil(`nginx on ${url}`, async () => (existsSync(pidFile) ? true : undefined), { gone: () => !running, diagnosis: () => stderr + errorLog() });
    const home = await fetch(`${url}/`, { method: "HEAD" });
    if (home.status !== 200) throw new Error(`nginx on ${url} answered ${home.status} for the national home page:\n${errorLog()}`);
  } catch (error) {
    nginx.kill("SIGKILL");
    throw error;
  }

  return {
    url,
    async close() {
      // SIGTERM: nginx's fast shutdown (SIGQUIT would wait for idle keep-alive connections).
      if (running) nginx.kill("SIGTERM");
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
