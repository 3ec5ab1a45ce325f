import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { stuckAfterMs, waitUntil } from "./patience.ts";
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

/** The line server.ts logs once it is serving, as every structured log line: JSON with a `message`. */
export function saysListening(line: string): boolean {
  try {
    return (JSON.parse(line) as { message?: unknown }).message === "listening";
  } catch {
    return false;
  }
}

/** Calls `onLine` for each whole line a stream writes. */
function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void) {
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
}

/**
 * Starts the server on `port` with `env` over the test settings, and waits until it is ready: /readyz answers
 * 200 (its store answers too). However busy the machine, it waits, and fails only if the server exits first
 * (with what it wrote) or is stuck (see patience.ts).
 */
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
  let listening = false;
  eachLine(child.stdout!, (line) => (listening ||= saysListening(line)));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  try {
    // Nothing to ask until it says it is listening; then /readyz, which waits for the store as well.
    await waitUntil(
      `the server on port ${port}`,
      async () => {
        if (!listening) return undefined;
        const ready = await fetch(`${url}/readyz`).catch(() => undefined);
        await ready?.body?.cancel();
        return ready?.status === 200 ? true : undefined;
      },
      { gone: () => gone, diagnosis: () => log },
    );
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
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

/**
 * Runs the server expecting it to refuse to start, and returns what it wrote to stderr when it exited; or
 * "started" if it did not refuse (it said it was listening, and is stopped at once).
 */
export async function refusalToStart(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "submit-service/server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let started = false;
  eachLine(child.stdout!, (line) => {
    if (!started && saysListening(line)) {
      started = true;
      child.kill("SIGKILL");
    }
  });
  // Stuck (neither refusing nor listening) is the last resort, and is not a refusal either.
  const stuck = setTimeout(() => child.kill("SIGKILL"), stuckAfterMs);
  const code = await new Promise<number | null>((resolve) => child.once("close", (exitCode) => resolve(exitCode)));
  clearTimeout(stuck);
  running.delete(child);
  if (started) return "started";
  return code === 0 || code === null ? `not refused (exit ${code}):\n${stderr}` : stderr;
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
