import { describe, expect, it } from "vitest";
import { ensureChromium, installInstruction, type ChromiumMachine } from "../setup/chromium.ts";

/** A machine as the setup sees it, recording what it was asked to run. */
function machine(overrides: Partial<ChromiumMachine> & { installs?: boolean } = {}) {
  const ran: string[][] = [];
  const installed = { value: false };
  const m: ChromiumMachine = {
    path: "/usr/bin/chromium",
    exists: () => installed.value,
    isRoot: true,
    hasAptGet: () => true,
    aptGet: (args) => {
      ran.push(args);
      if (args[0] === "install" && overrides.installs !== false) installed.value = true;
      return 0;
    },
    log: () => {},
    ...overrides,
  };
  return { m, ran, installed };
}

describe("finding Chromium for the browser tests", () => {
  it("does nothing when Chromium is there", () => {
    const { m, ran } = machine({ exists: () => true });
    ensureChromium(m);
    expect(ran).toEqual([]);
  });

  it("installs Debian's chromium with apt-get when running as root", () => {
    const { m, ran, installed } = machine();
    ensureChromium(m);
    expect(ran).toEqual([["update"], ["install", "-y", "chromium"]]);
    expect(installed.value).toBe(true);
  });

  it("stops at once with the instruction when not root, or without apt-get", () => {
    for (const overrides of [{ isRoot: false }, { hasAptGet: () => false }]) {
      const { m, ran } = machine(overrides);
      expect(() => ensureChromium(m)).toThrow(installInstruction);
      expect(ran).toEqual([]);
    }
    expect(installInstruction).toBe("Install Debian's chromium: sudo apt-get install -y chromium");
  });

  it("stops with the instruction when apt-get fails, or installs it elsewhere", () => {
    const failing = machine({ aptGet: () => 100 });
    expect(() => ensureChromium(failing.m)).toThrow(/apt-get update failed \(exit 100\)\. Install Debian's chromium/);
    const elsewhere = machine({ installs: false });
    expect(() => ensureChromium(elsewhere.m)).toThrow(/not at \/usr\/bin\/chromium/);
  });
});
