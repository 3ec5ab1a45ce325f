/**
 * npm run bench:submit [-- --connections N --duration S --store sqlite|postgres] — durable report submissions per
 * second, and a static step page's GETs per second, each with p50 and p99, against a bare Hono hello-world (POST
 * and GET) measured in the same run on the same machine. On a busy machine consecutive runs see different loads, so
 * each ratio is also measured interleaved (2-second slices of hello-world and target, alternately, five times) and
 * the aims are judged on the median of those rounds.
 *
 * The real service and the hello-world each run in their own child process; autocannon drives them from this one,
 * on loopback only. The service answers 201 only once the report is committed (SQLite with synchronous=FULL, or
 * PostgreSQL's commit), so after each run the rows stored are counted and compared with the 2xx answers seen.
 * SQLite is measured twice, committing on the service's event loop (the default) and on a writer thread of its own
 * (SQLITE_WRITES=thread), then the two head to head in alternating slices.
 * With `--store postgres` the SQLite run is followed by one and then two instances on one PostgreSQL database
 * (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, in a schema of its own that is dropped after),
 * autocannon spreading its connections over both instances' addresses.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { ended, freePort, startServer, type ServerProcess } from "../tests/helpers/server-process.ts";

/** The little of autocannon 9's API used here (@types/autocannon stops at 7.x). */
interface AutocannonRequest {
  onResponse?: (status: number, body: string | Buffer, context: unknown, headers: Record<string, unknown>) => void;
}
interface AutocannonOptions {
  url: string | string[];
  connections: number;
  duration: number;
  method: "POST" | "GET";
  headers: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
}
interface Histogram {
  mean: number;
  p50: number;
  p99: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  stop(): void;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const AIM_RATIO = 0.4;
const AIM_P99_MS = 50;
const AIM_CONNECTIONS = 50;
const AIM_PAGE_RATIO = 0.7;
/** A step page of the report journey as a browser first asks for it. */
const STEP_PAGE = "/kent/report/report-crime/what-happened/";

class SetupError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Arguments

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new SetupError(`--${name} must be a whole number from 1 to ${max} (it is "${raw}")`);
  return value;
}

let connections = AIM_CONNECTIONS;
let duration = 10;
let withPostgres = false;
try {
  const { values } = parseArgs({ options: { connections: { type: "string" }, duration: { type: "string" }, store: { type: "string" } }, strict: true });
  connections = positiveInt("connections", values.connections, AIM_CONNECTIONS, 10_000);
  duration = positiveInt("duration", values.duration, 10, 600);
  if (values.store !== undefined && values.store !== "sqlite" && values.store !== "postgres") throw new SetupError(`--store must be sqlite or postgres (it is "${values.store}")`);
  withPostgres = values.store === "postgres";
} catch (error) {
  console.error(`bench:submit: ${(error as Error).message}`);
  console.error("usage: npm run bench:submit -- [--connections N] [--duration S] [--store sqlite|postgres]");
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Children: the service through the tests' own server-process helpers; the hello-world beside it

let tmp: string | undefined;
const services: ServerProcess[] = [];
let hello: ChildProcess | undefined;

/** SIGTERM, then SIGKILL if it has not gone after `graceMs` (ended() kills it then). */
async function stop(server: ServerProcess, graceMs = 15_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGTERM");
  await ended(server, graceMs);
}

async function cleanUp(): Promise<void> {
  await Promise.all(services.map((server) => stop(server)));
  hello?.kill("SIGKILL");
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
}

/** A bare Hono app in its own process, listening on `port`: the ceiling the service is measured against. */
async function startHello(port: number): Promise<void> {
  const pageFile = path.join(root, "_site", ...STEP_PAGE.split("/").filter(Boolean), "index.html.br");
  hello = spawn(process.execPath, ["--input-type=module", "-e", helloWorld], { cwd: root, env: { ...process.env, PORT: String(port), HOST, PAGE_FILE: pageFile }, stdio: ["ignore", "ignore", "inherit"] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (hello.exitCode !== null) throw new SetupError("the hello-world exited before it was ready");
    if (Date.now() > deadline) throw new SetupError("the hello-world was not ready within 30 s");
    if (await fetch(`http://${HOST}:${port}/`, { method: "POST", signal: AbortSignal.timeout(1_000) }).then((r) => r.status === 201, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Load

interface Run {
  result: AutocannonResult;
  firstNon2xx?: { status: number; body: string };
}

/** A POST of `body` as JSON, or with `{ get: headers }` a GET sending those headers. */
function load(url: string | string[], body: string | { get: Record<string, string> }, seconds = duration): Promise<Run> {
  return new Promise((resolve, reject) => {
    let firstNon2xx: Run["firstNon2xx"];
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        ...(typeof body === "string" ? { method: "POST", headers: { "content-type": "application/json" }, body } : { method: "GET", headers: body.get }),
        requests: [
          {
            onResponse: (status, responseBody) => {
              if ((status < 200 || status > 299) && !firstNon2xx) firstNon2xx = { status, body: String(responseBody).slice(0, 2000) };
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) reject(new SetupError(`autocannon against ${url} failed: ${error.message}`));
        else resolve({ result, firstNon2xx });
      },
    );
    // autocannon stops itself after `duration`; this only guards against it never calling back.
    const guard = setTimeout(() => {
      instance.stop();
      reject(new SetupError(`autocannon against ${url} did not finish within ${seconds + 30} s`));
    }, (seconds + 30) * 1000);
  });
}

/** Rounds of the interleaved comparison: a hello-world slice, then the target's, this many times. */
const ROUNDS = 5;
const ROUND_SECONDS = 2;

/**
 * The target's requests/s over the hello-world's, measured in alternating 2-second slices (hello-world, target,
 * hello-world, target …) so that both see the same moments of a busy machine: the median of the rounds' ratios.
 */
async function interleavedRatio(
  helloUrl: string,
  helloBody: string | { get: Record<string, string> },
  url: string,
  body: string | { get: Record<string, string> },
): Promise<{ median: number; ratios: number[]; answered: number; baseAnswered: number }> {
  const ratios: number[] = [];
  let answered = 0;
  let baseAnswered = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const base = (await load(helloUrl, helloBody, ROUND_SECONDS)).result;
    baseAnswered += base["2xx"];
    const { result } = await load(url, body, ROUND_SECONDS);
    answered += result["2xx"];
    ratios.push(base.requests.mean > 0 ? result.requests.mean / base.requests.mean : 0);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], ratios, answered, baseAnswered };
}

const ms = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(2)} ms`;

function printRun(title: string, { result, firstNon2xx }: Run): void {
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(", ");
  console.log(title);
  console.log(`  requests/s (mean)   ${result.requests.mean.toFixed(1)}`);
  console.log(`  latency p50         ${ms(result.latency.p50)}`);
  console.log(`  latency p99         ${ms(result.latency.p99)}`);
  console.log(`  2xx answered        ${result["2xx"]} (status codes: ${codes || "none"})`);
  console.log(`  non-2xx             ${result.non2xx}`);
  console.log(`  errors / timeouts   ${result.errors} / ${result.timeouts}`);
  if (firstNon2xx) console.log(`  first non-2xx body  ${firstNon2xx.status} ${firstNon2xx.body}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The run

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)))]).finally(() => clearTimeout(timer));
}

async function buildSiteIfNeeded(): Promise<void> {
  if (existsSync(path.join(root, "_site", "index.html"))) return;
  console.error("bench:submit: _site/index.html is missing; building the site first");
  const build = spawn(process.execPath, ["--import", "tsx", "lib/cli/build.ts"], { cwd: root, stdio: "inherit" });
  const exited = new Promise<number | null>((resolve) => build.once("exit", (code) => resolve(code)));
  build.once("error", (error) => console.error(`bench:submit: could not start the build: ${error.message}`));
  const code = await withTimeout(exited, 10 * 60_000);
  if (code === "timeout") {
    build.kill("SIGKILL");
    throw new SetupError("the site build did not finish within 10 minutes");
  }
  if (code !== 0) throw new SetupError(`the site build failed (exit code ${code})`);
}

const helloWorld = `
import { Hono } from "hono";
import { serve } from "@hono/node-server";
const app = new Hono();
app.post("/", (c) => c.json({ reference: "X" }, 201));
app.get("/", (c) => c.text("Hello, world"));
// The same bytes the service sends for the step page (its .br), from a constant: what answering with a page costs
// the sockets and autocannon, whoever answers.
const { readFileSync } = await import("node:fs");
const page = readFileSync(process.env.PAGE_FILE);
app.get("/page", (c) => c.body(page, 200, { "content-type": "text/html; charset=utf-8", "content-encoding": "br" }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST }, () => console.log("listening"));
process.on("SIGTERM", () => process.exit(0));
`;

/** The submission service as an operator starts it (tests/helpers/server-process.ts), on a free port, ready to take reports. */
async function startService(name: string, env: Record<string, string>): Promise<{ child: ServerProcess; url: string }> {
  try {
    const child = await startServer(await freePort(), { DATA_DIR: tmp!, COOKIE_SECRET: benchSecret, ANSWERS_KEY: benchKey, RATE_LIMIT_PER_MINUTE: "1000000", MAX_PENDING_WRITES: "1000000", ...env });
    services.push(child);
    return { child, url: child.url };
  } catch (error) {
    throw new SetupError(`${name} did not start: ${(error as Error).message}`);
  }
}

const benchSecret = randomBytes(36).toString("base64url"); // 48 characters
const benchKey = randomBytes(32).toString("base64");

interface Row {
  store: string;
  instances: number;
  run: Run;
  stored: number;
}

/** Compares rows kept with 2xx answers: fewer means acknowledged reports were lost. */
function checkStored(title: string, stored: number, answered: number, runs = 1): void {
  console.log(`reports stored: ${stored} (2xx answered: ${answered})`);
  if (stored < answered) {
    console.log(`WARNING (${title}): ${answered - stored} report(s) were answered 2xx but are not in the store: acknowledged reports were lost`);
  } else if (stored > answered) {
    const note =
      stored - answered <= connections * runs
        ? `at most one per connection per run (${runs} run${runs > 1 ? "s" : ""}), so most likely requests still in flight when autocannon closed its ${connections} connections at the end of each (committed, answer never read)`
        : `more than the ${connections * runs} that could have been in flight when autocannon stopped its ${runs} run${runs > 1 ? "s" : ""}`;
    console.log(`WARNING (${title}): ${stored - answered} more report(s) stored than answered 2xx: ${note}`);
  }
}

/** Loads `instances` service processes on one PostgreSQL schema, then stops them and counts what they kept. */
async function postgresRun(admin: pg.Client, url: string, instances: number, report: string): Promise<Row> {
  const schema = `bench_submit_${instances}_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const databaseUrl = new URL(url);
    databaseUrl.searchParams.set("options", `-c search_path=${schema}`);
    // One at a time: the first makes the tables, the rest find them.
    const started = [];
    for (let i = 1; i <= instances; i++) started.push(await startService(`PostgreSQL instance ${i} of ${instances}`, { DATABASE_URL: databaseUrl.toString() }));
    const title = `durable reports, PostgreSQL, ${instances} instance${instances > 1 ? "s" : ""} (POST /api/v1/forces/kent/reports${instances > 1 ? ", connections spread over both" : ""})`;
    const run = await load(
      started.map((service) => `${service.url}/api/v1/forces/kent/reports`),
      report,
    );
    printRun(title, run);
    for (const service of started) await stop(service.child);
    const stored = Number((await admin.query(`SELECT COUNT(*) AS n FROM ${schema}.reports`)).rows[0].n);
    checkStored(title, stored, run.result["2xx"]);
    console.log("");
    return { store: "PostgreSQL", instances, run, stored };
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}

/** One SQLite service and what was measured of it. */
interface SqliteService {
  writes: "event-loop" | "thread";
  file: string;
  service: { child: ServerProcess; url: string };
  /** Its report endpoint. */
  url: string;
  run?: Run;
  interleaved?: { median: number; ratios: number[] };
  /** Reports answered 2xx over every load, and how many loads. */
  answered: number;
  runs: number;
  stored: number;
}

async function startSqlite(writes: SqliteService["writes"]): Promise<SqliteService> {
  // A data folder each: a store's folder holds the sign that its store exists (see settings.ts).
  const dataDir = path.join(tmp!, `sqlite-${writes}`);
  const file = path.join(dataDir, "bench.sqlite");
  const service = await startService(`the submission service (SQLite, writes on the ${writes})`, { DATA_DIR: dataDir, SQLITE_PATH: file, SQLITE_WRITES: writes });
  return { writes, file, service, url: `${service.url}/api/v1/forces/kent/reports`, answered: 0, runs: 0, stored: 0 };
}

/** The report load on one SQLite service, its own 10 s and then interleaved with the hello-world POST. */
async function loadSqlite(one: SqliteService, report: string, helloUrl: string): Promise<void> {
  one.run = await load(one.url, report);
  printRun(`durable reports, SQLite, writes on the ${one.writes} (POST /api/v1/forces/kent/reports, commit with synchronous=FULL before 201)`, one.run);
  const interleaved = await interleavedRatio(helloUrl, "{}", one.url, report);
  one.interleaved = interleaved;
  one.answered += one.run.result["2xx"] + interleaved.answered;
  one.runs += 1 + ROUNDS;
  // Each report's delivery payload is built after its 201, in the same process: the figures include that work only
  // if the builds kept up, so what was still to build the moment the load stopped is counted (a few per connection
  // is keeping up; a backlog growing with the run would mean the figure flatters).
  const atEnd = new Database(one.file, { readonly: true, fileMustExist: true });
  const whenStopped = payloads(atEnd);
  atEnd.close();
  console.log(`delivery payloads still to build when the load stopped: ${whenStopped.unbuilt ?? 0} of ${whenStopped.n}`);
  console.log("");
}

const payloads = (db: Database.Database) => db.prepare("SELECT COUNT(*) AS n, SUM(payload = '') AS unbuilt FROM deliveries").get() as { n: number; unbuilt: number | null };

/** Stops the service first, so every queued commit is finished and the store closed, then counts what it kept. */
async function stopSqlite(one: SqliteService): Promise<void> {
  await stop(one.service.child);
  const db = new Database(one.file, { readonly: true, fileMustExist: true });
  one.stored = (db.prepare("SELECT COUNT(*) AS n FROM reports").get() as { n: number }).n;
  const afterStop = payloads(db);
  db.close();
  const title = `SQLite, writes on the ${one.writes}`;
  if (afterStop.n !== one.stored || afterStop.unbuilt) console.log(`WARNING (${title}): ${one.stored} reports, ${afterStop.n} deliveries, ${afterStop.unbuilt ?? 0} payloads never built`);
  // The interleaved rounds posted reports too: every one answered 2xx must be in the store as well.
  checkStored(title, one.stored, one.answered, one.runs);
}

async function main(): Promise<void> {
  await buildSiteIfNeeded();
  tmp = mkdtempSync(path.join(os.tmpdir(), "front-counter-bench-submit-"));
  const report = readFileSync(path.join(root, "tests/fixtures/api/report-crime.json"), "utf8");
  const postgresUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  let admin: pg.Client | undefined;
  if (withPostgres) {
    admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect().catch((error: Error) => {
      throw new SetupError(`PostgreSQL is not answering at ${postgresUrl}: ${error.message}`);
    });
  }

  const helloPort = await freePort();
  await startHello(helloPort);
  const helloUrl = `http://${HOST}:${helloPort}/`;
  const loop = await startSqlite("event-loop");

  const cpus = os.cpus();
  console.log(`node               ${process.version}`);
  console.log(`cpu                ${cpus[0]?.model ?? "unknown"} × ${cpus.length} (available parallelism ${os.availableParallelism()})`);
  console.log(`load               ${connections} connections for ${duration} s per target, POST with JSON body, loopback; service(s), hello-world and autocannon in their own processes`);
  console.log("");

  const helloRun = await load(helloUrl, "{}");
  printRun(`hello-world (bare Hono + @hono/node-server, POST /)`, helloRun);
  console.log("");
  const helloGetRun = await load(helloUrl, { get: {} });
  printRun(`hello-world (bare Hono + @hono/node-server, GET /)`, helloGetRun);
  console.log("");
  // A browser's first GET of a step page: the built page, brotli, from the service's memory (no draft cookie).
  const pageUrl = `${loop.service.url}${STEP_PAGE}`;
  const probe = await fetch(pageUrl, { headers: { "accept-encoding": "br" } });
  await probe.arrayBuffer();
  if (probe.status !== 200) throw new SetupError(`GET ${STEP_PAGE} answered ${probe.status}, not 200: is the site built?`);
  const browserGet = { get: { "accept-encoding": "gzip, deflate, br" } };
  const pageRun = await load(pageUrl, browserGet);
  printRun(`static step page (GET ${STEP_PAGE}, Accept-Encoding: gzip, deflate, br)`, pageRun);
  console.log("");
  const pageInterleaved = await interleavedRatio(helloUrl, { get: {} }, pageUrl, browserGet);
  // The same page's bytes from the hello-world: how much of the gap is the size of the answer, not the service.
  const sameBytesInterleaved = await interleavedRatio(`${helloUrl}page`, browserGet, pageUrl, browserGet);
  await loadSqlite(loop, report, helloUrl);
  // The same with the store's commits on a writer thread (SQLITE_WRITES=thread), then the two head to head:
  // alternating slices of each, so that both see the same moments of a busy machine.
  const thread = await startSqlite("thread");
  await loadSqlite(thread, report, helloUrl);
  const headToHead = await interleavedRatio(loop.url, report, thread.url, report);
  loop.answered += headToHead.baseAnswered;
  loop.runs += ROUNDS;
  thread.answered += headToHead.answered;
  thread.runs += ROUNDS;
  hello?.kill("SIGTERM");
  for (const one of [loop, thread]) await stopSqlite(one);
  console.log("");

  const rows: Row[] = [loop, thread].map((one) => ({ store: one.writes === "thread" ? "SQLite (writes on a thread)" : "SQLite", instances: 1, run: one.run!, stored: one.stored }));
  if (admin) {
    try {
      rows.push(await postgresRun(admin, postgresUrl, 1, report));
      rows.push(await postgresRun(admin, postgresUrl, 2, report));
    } finally {
      await admin.end();
    }
  }

  const hellos = helloRun.result.requests.mean;
  console.log(`${"store".padEnd(29)}instances  reports/s  p50        p99        ratio to hello-world`);
  for (const row of rows) {
    const { mean } = row.run.result.requests;
    console.log(
      `${row.store.padEnd(29)}${String(row.instances).padEnd(11)}${mean.toFixed(1).padEnd(11)}${ms(row.run.result.latency.p50).padEnd(11)}${ms(row.run.result.latency.p99).padEnd(11)}${(hellos > 0 ? mean / hellos : 0).toFixed(2)}`,
    );
  }
  console.log(`hello-world ${hellos.toFixed(1)} requests/s (POST)`);
  const helloGets = helloGetRun.result.requests.mean;
  const pageRatio = helloGets > 0 ? pageRun.result.requests.mean / helloGets : 0;
  console.log("");
  console.log("static page  requests/s  p50        p99        ratio to hello-world GET");
  console.log(`${"step page".padEnd(13)}${pageRun.result.requests.mean.toFixed(1).padEnd(12)}${ms(pageRun.result.latency.p50).padEnd(11)}${ms(pageRun.result.latency.p99).padEnd(11)}${pageRatio.toFixed(2)}`);
  console.log(`hello-world  ${helloGets.toFixed(1)} requests/s (GET)`);
  console.log("");
  const rounds = (r: { median: number; ratios: number[] }) => `${r.median.toFixed(2)} (rounds: ${r.ratios.map((x) => x.toFixed(2)).join(", ")})`;
  console.log(`interleaved, ${ROUNDS} rounds of ${ROUND_SECONDS} s each, median ratio to hello-world (the figure to compare on a busy machine):`);
  console.log(`  durable reports (SQLite) / hello-world POST   ${rounds(loop.interleaved!)}`);
  console.log(`  the same, writes on a thread                  ${rounds(thread.interleaved!)}`);
  console.log(`  writes on a thread / on the event loop        ${rounds(headToHead)}`);
  console.log(`  static step page / hello-world GET            ${rounds(pageInterleaved)}`);
  console.log(`  static step page / hello-world, same bytes    ${rounds(sameBytesInterleaved)}`);
  console.log("");

  // The aims are judged on the interleaved ratios: consecutive 10-second runs on a busy machine do not see the same load.
  const scope = connections === AIM_CONNECTIONS ? "" : ` (this run used ${connections} connections, so it does not test the aim as stated)`;
  for (const one of [loop, thread]) {
    const ratio = one.interleaved!.median;
    const p99 = one.run!.result.latency.p99;
    const misses = [
      ...(ratio >= AIM_RATIO ? [] : [`interleaved ratio ${ratio.toFixed(2)} < ${AIM_RATIO}`]),
      ...(p99 <= AIM_P99_MS ? [] : [`p99 ${ms(p99)} > ${AIM_P99_MS} ms`]),
      ...(one.run!.result["2xx"] > 0 ? [] : ["no report was accepted"]),
    ];
    console.log(`aim (SQLite, writes on the ${one.writes}, one machine): ratio >= ${AIM_RATIO} and p99 <= ${AIM_P99_MS} ms at ${AIM_CONNECTIONS} connections: ${misses.length ? `MISSED (${misses.join("; ")})` : "holds"}${scope}`);
  }
  const pageMisses = [...(pageInterleaved.median >= AIM_PAGE_RATIO ? [] : [`interleaved ratio ${pageInterleaved.median.toFixed(2)} < ${AIM_PAGE_RATIO}`]), ...(pageRun.result.non2xx === 0 && pageRun.result["2xx"] > 0 ? [] : [`${pageRun.result.non2xx} non-2xx answers`])];
  console.log(`aim (static step page): ratio to hello-world GET >= ${AIM_PAGE_RATIO}: ${pageMisses.length ? `MISSED (${pageMisses.join("; ")})` : "holds"}${scope}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Always terminate: a hard deadline, Ctrl-C handling, and clean-up on every path.

// A build, then per run a start-up (at most 90 s each) and a load (duration + 30 s at most).
const runs = withPostgres ? 7 : 5;
const deadlineMs = 10 * 60_000 + runs * (90_000 + (duration + 30) * 1000) + 60_000 + 8 * ROUNDS * (ROUND_SECONDS + 30) * 1000;
const deadline = setTimeout(() => {
  console.error(`bench:submit: gave up after ${Math.round(deadlineMs / 1000)} s`);
  for (const server of services) server.child.kill("SIGKILL");
  hello?.kill("SIGKILL");
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}, deadlineMs);
deadline.unref();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`bench:submit: ${signal}; stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error(`bench:submit: setup failed: ${error instanceof SetupError ? error.message : (error as Error).stack ?? error}`);
}
await cleanUp();
clearTimeout(deadline);
process.exit(exitCode);
