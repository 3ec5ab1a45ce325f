import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "../helpers/browser.ts";

export const installInstruction = "Install Debian's chromium: sudo apt-get install -y chromium";

export interface ChromiumMachine {
  path: string;
  exists(path: string): boolean;
  isRoot: boolean;
  hasAptGet(): boolean;
  /** Runs apt-get with these arguments, its output shown as it comes; returns its exit status. */
  aptGet(args: string[]): number | null;
  log(message: string): void;
}

/**
 * Makes sure Debian's Chromium is there for the browser tests: on a machine where the tests run as root with
 * apt-get (CI, a fresh container) it installs it; anywhere else it stops at once and says how to install it.
 */
export function ensureChromium(machine: ChromiumMachine): void {
  if (machine.exists(machine.path)) return;
  if (!machine.isRoot || !machine.hasAptGet()) throw new Error(`Chromium is not installed at ${machine.path}. ${installInstruction}`);
  machine.log(`Chromium is not installed at ${machine.path}: installing Debian's chromium with apt-get…`);
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const status = machine.aptGet(args);
    if (status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${status}). ${installInstruction}`);
  }
  if (!machine.exists(machine.path)) throw new Error(`apt-get installed chromium, but not at ${machine.path}. ${installInstruction}`);
}

/** Vitest globalSetup: runs before any test file, so a missing browser fails (or is installed) once, up front. */
export default function setup() {
  ensureChromium({
    path: chromiumPath,
    exists: existsSync,
    isRoot: process.getuid?.() === 0,
    hasAptGet: () => spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0,
    aptGet: (args) => spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status,
    log: (message) => console.log(message),
  });
}
