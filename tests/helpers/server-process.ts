import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { promisify } from "node:util";
import { testAnswersKey } from "./service.ts";

/**
 * submit-service/server.ts run as an operator runs it: a child process with its own environment, which a test
 * can kill outright (SIGKILL) or stop properly (SIGTERM).
 */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The last of what it wrote, for a diagnosis. */
  output: () => string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** A loopback port nothing is listening on. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Settings every test server shares: fixed secrets, and no rate limit or load shedding to get in a test's way. */
export const serverTestEnv = {
  HOST: "127.0.0.1",
  COOKIE_SECRET: "a server-process test secret that is long enough to sign cookies",
  ANSWERS_KEY: testAnswersKey,
  RATE_LIMIT_PER_MINUTE: "1000000",
  MAX_PENDING_WRITES: "100000",
};

/** Starts the server on `port` with `env` over the test settings, and waits until /readyz answers 200. */
export async function startServer(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "submit-service/server.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...serverTestEnv, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone) throw new Error(`the server exited before it was ready:\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server was not ready within 30 s:\n${log}`);
    }
    try {
      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (ready.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, output: () => log, exited };
}

/** Waits for a server to end, killing it outright if it outstays the time given. */
export async function ended(server: ServerProcess, ms: number): Promise<number | null> {
  const timer = setTimeout(() => server.child.kill("SIGKILL"), ms);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Kills whatever a test file left running. */
export function killAllServers(): void {
  for (const child of running) child.kill("SIGKILL");
}

/** Runs the server expecting it to refuse to start, and returns what it wrote to stderr ("started" if it did not refuse). */
export async function refusalToStart(env: NodeJS.ProcessEnv): Promise<string> {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "submit-service/server.ts"], { env, timeout: 30_000 }).then(
    () => "started",
    (error: { stderr: string }) => error.stderr,
  );
}

/**
 * Clients posting the same JSON report as fast as they are answered, until stopped: what a 201 acknowledged,
 * what was refused (by status), and what was cut off with no answer at all.
 */
export function reportLoad(url: string, body: string, clients: number) {
  const seen = { acknowledged: [] as string[], refused: [] as number[], cutOff: 0, inFlight: 0 };
  let stopping = false;
  const client = async () => {
    while (!stopping) {
      seen.inFlight++;
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(10_000) });
        if (response.status === 201) seen.acknowledged.push(((await response.json()) as { reference: string }).reference);
        else {
          seen.refused.push(response.status);
          await response.body?.cancel();
        }
      } catch {
        seen.cutOff++; // the connection died with the server: never acknowledged
      } finally {
        seen.inFlight--;
      }
    }
  };
  const running = Array.from({ length: clients }, client);
  return Object.assign(seen, {
    /** Stops sending and waits for the answers still due. */
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  });
}
