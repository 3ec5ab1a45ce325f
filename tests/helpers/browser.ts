import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import { createApp } from "../../submit-service/app.ts";

export const chromiumPath = "/usr/bin/chromium";

/** Debian's Chromium, started the way this machine needs (no sandbox as root, no network chatter). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath}: run apt-get install -y chromium (CI's .ci/run does).`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The real app serving a built site on a free loopback port. */
export async function serveSite(siteDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp({ siteDir, logger: { info() {}, error() {} }, scriptHashes: templateScriptHashes(process.cwd()) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
