import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { templateScriptHashes } from "../../lib/render/csp.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { securityHeaderValues } from "../../submit-service/http/security-headers.ts";
import { answerEveryStep, completeReport, happyPath, Visitor } from "../helpers/journey.ts";
import { startNginx, type RunningNginx } from "../helpers/nginx.ts";
import { listen, testService, type TestService } from "../helpers/service.ts";
import { sampleVideo, uploadService } from "../helpers/uploads.ts";
import { startClamd, type RunningClamd } from "../setup/clamd.ts";

const siteDir = inject("siteDir");
const crime: ServiceDefinition = JSON.parse(readFileSync("content/services/report-crime/service.json", "utf8"));
const apiReport = JSON.parse(readFileSync("tests/fixtures/api/report-crime.json", "utf8"));
const start = "/kent/report/report-crime/";

let service: TestService;
let upstream: { url: string; close: () => Promise<void> };
let nginx: RunningNginx;
/** Every request that reached the service instance, as "METHOD /path". */
const hits: string[] = [];

beforeAll(async () => {
  // As in production behind a proxy: the client's address and scheme come from nginx's headers.
  service = await testService(siteDir, { trustProxy: true });
  const counted = new Hono();
  counted.all("*", (c) => {
    hits.push(`${c.req.method} ${c.req.path}`);
    return service.app.fetch(c.req.raw, c.env);
  });
  upstream = await listen(counted);
  nginx = await startNginx({ siteDir, upstreams: [new URL(upstream.url).host] });
});
afterAll(async () => {
  await nginx?.close();
  await upstream?.close();
  await service?.close();
});

/** A GET whose body is left as sent (fetch would decode it), to compare with the files on disk. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

const sent = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: "manual", headers });

describe("nginx in front of the service", () => {
  it("serves a force's home page itself, brotli or gzip as asked, the same page as the one the build wrote", async () => {
    const page = readFileSync(path.join(siteDir, "kent", "index.html"));
    const before = hits.length;
    for (const [encoding, suffix, decode] of [
      ["br", ".br", brotliDecompressSync],
      ["gzip", ".gz", gunzipSync],
      ["", "", (body: Buffer) => body],
    ] as const) {
      const response = await rawGet(`${nginx.url}/kent/`, encoding ? { "accept-encoding": encoding } : {});
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(response.headers["content-encoding"]).toBe(encoding || undefined);
      expect(response.headers.vary).toBe("Accept-Encoding");
      expect(response.body.equals(readFileSync(path.join(siteDir, "kent", `index.html${suffix}`)))).toBe(true);
      expect(decode(response.body).equals(page)).toBe(true);
    }
    expect(hits.length, "the service was not asked").toBe(before);
  });

  it("caches fingerprinted assets and theme files for a year and revalidates pages, as the service does", async () => {
    const stylesheet = readdirSync(path.join(siteDir, "assets")).find((f) => f.endsWith(".css"))!;
    const theme = readdirSync(path.join(siteDir, "themes", "kent")).find((f) => f.endsWith(".css"))!;
    const expected: [string, string][] = [
      [`/assets/${stylesheet}`, "public, max-age=31536000, immutable"],
      [`/themes/kent/${theme}`, "public, max-age=31536000, immutable"],
      ["/kent/", "public, max-age=0, must-revalidate"],
      ["/kent/report/", "public, max-age=0, must-revalidate"],
    ];
    for (const [url, cacheControl] of expected) {
      const [viaNginx, fromService] = await Promise.all([sent(`${nginx.url}${url}`), sent(`${upstream.url}${url}`)]);
      expect([url, viaNginx.status, viaNginx.headers.get("cache-control")]).toEqual([url, 200, cacheControl]);
      expect(fromService.headers.get("cache-control")).toBe(cacheControl);
    }
  });

  it("sends every security header the service sends, each once, on its own pages, its 404 and what it proxies", async () => {
    const names = Object.keys(await securityHeaderValues(templateScriptHashes(process.cwd())));
    expect(names).toContain("content-security-policy");
    for (const url of ["/kent/", "/kent/no-such-page/", "/healthz", `${start}check-answers/`]) {
      const [viaNginx, fromService] = await Promise.all([sent(`${nginx.url}${url}`), sent(`${upstream.url}${url}`)]);
      expect([url, viaNginx.status]).toEqual([url, fromService.status]);
      // A header sent twice would read "a, a" here.
      for (const name of names) expect([url, name, viaNginx.headers.get(name)]).toEqual([url, name, fromService.headers.get(name)]);
    }
    const missing = await sent(`${nginx.url}/kent/no-such-page/`);
    expect(await missing.text()).toContain("Page not found");
  });

  it("takes a whole report without JavaScript through nginx, and the confirmation shows its reference", async () => {
    const reference = await completeReport(new Visitor(nginx.url), "kent", crime);
    expect(reference).toMatch(/^KNT-/);
    expect(await service.store.getReport(reference!)).toMatchObject({ forceId: "kent", serviceId: "report-crime" });
  });

  it("sends a step page and check-answers of a report in progress to the service, which shows what was typed", async () => {
    const visitor = new Visitor(nginx.url);
    const typed = await answerEveryStep(visitor, start, crime);

    const before = hits.length;
    const firstStep = await visitor.get(start);
    expect(firstStep.status).toBe(200);
    expect(await firstStep.text()).toMatch(/value="theft"[^>]*checked/);
    const check = await visitor.get(`${start}check-answers/`);
    expect(check.status).toBe(200);
    expect(await check.text()).toContain(typed);
    expect(hits.slice(before)).toEqual([`GET ${start}`, `GET ${start}check-answers/`]);

    // Someone else, with no report in progress, gets the static page from nginx.
    const stranger = await new Visitor(nginx.url).get(start);
    expect(await stranger.text()).not.toMatch(/value="theft"[^>]*checked/);
    expect(hits.length).toBe(before + 2);
  });

  it("sends the track page to the service, which fills in the receipt link's reference, and a lookup with it", async () => {
    const { reference } = await (await fetch(`${nginx.url}/api/v1/forces/kent/reports`, { method: "POST", body: JSON.stringify(apiReport), headers: { "content-type": "application/json" } })).json();
    const before = hits.length;
    const page = await sent(`${nginx.url}/kent/track/?reference=${reference}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${reference}"`);
    const found = await fetch(`${nginx.url}/gwent/cy/dilyn/`);
    expect(found.status).toBe(200);
    const lookUp = await fetch(`${nginx.url}/kent/track/`, {
      method: "POST",
      body: new URLSearchParams({ reference, email: apiReport.answers.email }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: nginx.url },
    });
    expect(lookUp.status).toBe(200);
    expect(await lookUp.text()).toContain("Received");
    expect(hits.slice(before)).toEqual([`GET /kent/track/`, `GET /gwent/cy/dilyn/`, `POST /kent/track/`]);
  });

  it("takes a report from the JSON API through nginx with 201 and its reference", async () => {
    const response = await fetch(`${nginx.url}/api/v1/forces/kent/reports`, { method: "POST", body: JSON.stringify(apiReport), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { reference } = await response.json();
    expect(await service.store.getReport(reference)).toMatchObject({ forceId: "kent", serviceId: "report-crime" });
  });

  it("lets the service refuse a form too large for it, and refuses one far too large itself, in the same words", async () => {
    const post = (bytes: number) =>
      fetch(`${nginx.url}${start}`, { method: "POST", body: `what-happened=${"a".repeat(bytes)}`, headers: { "content-type": "application/x-www-form-urlencoded", origin: nginx.url } });
    const before = hits.length;
    const overService = await post(100 * 1024);
    expect([overService.status, await overService.text()]).toEqual([413, "What you sent is too large."]);
    expect(hits.length).toBe(before + 1);
    const overNginx = await post(200 * 1024);
    expect([overNginx.status, await overNginx.text()]).toEqual([413, "What you sent is too large."]);
    expect(overNginx.headers.get("content-security-policy")).toBe(overService.headers.get("content-security-policy"));
    expect(hits.length).toBe(before + 1);
  });
});

describe("nginx in front of a page that takes files", () => {
  const footage = "/kent/report/submit-driving-footage/footage/";
  const snap: ServiceDefinition = JSON.parse(readFileSync("content/services/submit-driving-footage/service.json", "utf8"));
  async function atFootage() {
    const visitor = new Visitor(nginx.url);
    for (const { step, form } of happyPath(snap)) {
      if (step.id === "footage") break;
      expect((await visitor.post(step === snap.steps[0] ? "/kent/report/submit-driving-footage/" : `/kent/report/submit-driving-footage/${step.id}/`, form)).status).toBe(303);
    }
    return visitor;
  }

  it("serves the page itself to a visitor without a report, and passes a post far larger than a form to the service", async () => {
    const page = await new Visitor(nginx.url).get(footage);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('enctype="multipart/form-data"');
    const visitor = await atFootage();
    const before = hits.length;
    const form = new FormData();
    // An MP4 by its first bytes (an ftyp box), 2 MB in all.
    const clip = new Uint8Array(2 * 1024 * 1024);
    clip.set([0, 0, 0, 0x18, ...Buffer.from("ftypmp42"), 0, 0, 0, 0, ...Buffer.from("mp42isom")]);
    form.append("footage", new Blob([clip]), "clip.mp4");
    form.append("action", "upload:footage");
    const response = await visitor.postMultipart(footage, form);
    // This service instance has no virus scanner: that it says so shows the 2 MB post reached it.
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("we cannot check files for viruses at the moment");
    expect(hits.slice(before)).toEqual([`POST ${footage}`]);
  });

  it("refuses a post larger than any page takes from its Content-Length, before the service sees it", async () => {
    const visitor = await atFootage();
    const before = hits.length;
    const cookie = (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(footage);
    const status = await new Promise<number>((resolve, reject) => {
      const sending = request(`${nginx.url}${footage}`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(300 * 1024 * 1024), origin: nginx.url, cookie } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      sending.on("error", reject);
      sending.flushHeaders();
    });
    expect(status).toBe(413);
    expect(hits.length).toBe(before);
  });
});

describe("nginx in front of a resumable upload (tus), with ClamAV scanning", () => {
  const start = "/kent/report/submit-driving-footage/";
  const endpoint = `${start}footage/uploads/footage/`;
  const snap: ServiceDefinition = JSON.parse(readFileSync("content/services/submit-driving-footage/service.json", "utf8"));
  let clamd: RunningClamd;
  let dir: string;
  let taking: Awaited<ReturnType<typeof uploadService>>;
  let proxy: RunningNginx;
  beforeAll(async () => {
    clamd = await startClamd();
    dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-nginx-upload-"));
    taking = await uploadService(dir, clamd.scanner);
    proxy = await startNginx({ siteDir, upstreams: [new URL(taking.server.url).host] });
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await taking?.server.close();
    await taking?.store.close();
    await clamd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes a video larger than any form, sent in two pieces with HEAD between, and the service keeps it whole", async () => {
    const visitor = new Visitor(proxy.url);
    for (const { step, form } of happyPath(snap)) {
      if (step.id === "footage") break;
      expect((await visitor.post(step === snap.steps[0] ? start : `${start}${step.id}/`, form)).status).toBe(303);
    }
    const clip = sampleVideo(3 * 1024 * 1024);
    const headers = (more: Record<string, string>) => ({ "tus-resumable": "1.0.0", origin: proxy.url, cookie: (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(endpoint), ...more });
    const created = await fetch(`${proxy.url}${endpoint}`, { method: "POST", headers: headers({ "upload-length": String(clip.length), "upload-metadata": `filename ${Buffer.from("dashcam.mp4").toString("base64")}` }) });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    const half = 2 * 1024 * 1024;
    const first = await fetch(`${proxy.url}${location}`, { method: "PATCH", body: new Uint8Array(clip.subarray(0, half)), headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": "0" }) });
    expect(first.status).toBe(204);
    const asked = await fetch(`${proxy.url}${location}`, { method: "HEAD", headers: headers({}) });
    expect(asked.headers.get("upload-offset")).toBe(String(half));
    const rest = await fetch(`${proxy.url}${location}`, { method: "PATCH", body: new Uint8Array(clip.subarray(half)), headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": String(half) }) });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { file: { sha256: string } }).file.sha256).toBe(createHash("sha256").update(clip).digest("hex"));
    expect(await taking.store.countFiles()).toMatchObject({ files: 1 });
    expect(readdirSync(taking.tempDir)).toEqual([]);
    // Only the tus methods reach the service there.
    expect((await fetch(`${proxy.url}${location}`, { method: "DELETE", headers: headers({}) })).status).toBe(403);
  });
});

describe("nginx's own errors on the API", () => {
  it("refuses a report far too large for the service itself, as the API's problem+json", async () => {
    const before = hits.length;
    const response = await fetch(`${nginx.url}/api/v1/forces/kent/reports`, { method: "POST", body: JSON.stringify({ ...apiReport, padding: "a".repeat(200 * 1024) }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({ type: "about:blank", title: "The report is too large", status: 413, detail: expect.any(String) });
    expect(hits.length, "the service was not asked").toBe(before);
  });
});

describe("nginx with no service instance answering", () => {
  let orphan: RunningNginx;
  beforeAll(async () => {
    // A loopback port nothing listens on: the instance is down.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    orphan = await startNginx({ siteDir, upstreams: [`127.0.0.1:${port}`] });
  });
  afterAll(() => orphan?.close());

  it("answers a post at once with 503 and when to try again, and still serves every static page", async () => {
    const visitor = new Visitor(orphan.url);
    const response = await visitor.post(start, { "in-danger": "no", "crime-type": "theft" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.text()).toMatch(/^The service is unavailable\. Please try again in a moment\./);
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'self'/);
    expect((await sent(`${orphan.url}/healthz`)).status).toBe(503);

    const home = await visitor.get("/kent/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("<html");
  });

  it("answers the API with a 503 problem+json and Retry-After, as the service's own errors are", async () => {
    const response = await fetch(`${orphan.url}/api/v1/forces/kent/reports`, { method: "POST", body: JSON.stringify(apiReport), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toMatchObject({ type: "about:blank", title: "The service is unavailable", status: 503 });
  });
});

describe("the committed example configuration", () => {
  it("is what npm run deploy:nginx prints today, with the command that made it", () => {
    const example = readFileSync("deploy/nginx.example.conf", "utf8");
    const command = /^# Generated by: npm run deploy:nginx -- (.+)$/m.exec(example)?.[1];
    expect(command).toContain("--upstream 10.0.0.13:8080");
    const printed = spawnSync(process.execPath, ["--import", "tsx", "deploy/nginx.ts", ...command!.split(" ")], { encoding: "utf8" });
    expect(printed.stderr).toBe("");
    expect(printed.stdout).toBe(example);
  });
});
