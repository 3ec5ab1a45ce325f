import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import { newApiKey } from "../../submit-service/delivery/api-keys.ts";
import type { Store } from "../../submit-service/store/store.ts";
import { happyPath, referencePattern, Visitor } from "../helpers/journey.ts";
import { serviceSite } from "../helpers/service.ts";
import { sampleVideo, uploadService } from "../helpers/uploads.ts";
import { waitUntil } from "../helpers/patience.ts";
import { startClamd, type RunningClamd } from "../setup/clamd.ts";
import { removeCrashLeftovers, removeOrphanPartials } from "../../submit-service/uploads/leftovers.ts";

/**
 * Evidence upload without JavaScript, over real HTTP, with ClamAV's daemon scanning (a one-line signature
 * database that knows EICAR): the dashcam footage service walked to a reference with a video and a photo, the
 * force pulling both and finding the SHA-256 it was given; and each file that must be refused refused with its
 * message, nothing of it kept.
 */
const start = "/kent/report/submit-driving-footage/";
const footage = `${start}footage/`;
const photo = readFileSync("tests/fixtures/uploads/photo.jpg");
const eicar = Buffer.from("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

const video = sampleVideo;

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let clamd: RunningClamd;
let store: Store;
let server: { url: string; close: () => Promise<void> };
let dir: string;
let tempDir: string;
let definition: ServiceDefinition;

beforeAll(async () => {
  clamd = await startClamd();
  dir = mkdtempSync(path.join(os.tmpdir(), "front-counter-upload-"));
  let site;
  ({ store, server, tempDir, site } = await uploadService(dir, clamd.scanner));
  definition = site.services.get("kent")!.get("submit-driving-footage")!;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await store?.close();
  await clamd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A visitor who has answered every page before the footage page. */
async function atFootage(base = start): Promise<Visitor> {
  const visitor = new Visitor(server.url);
  for (const { step, form } of happyPath(definition)) {
    if (step.id === "footage") return visitor;
    const response = await visitor.post(step === definition.steps[0] ? base : `${base}${step.id}/`, form);
    expect(response.status, step.id).toBe(303);
  }
  throw new Error("no footage page on the path");
}

async function upload(visitor: Visitor, name: string, bytes: Buffer, action = "upload:footage", url = footage, field = "footage"): Promise<Response> {
  const form = new FormData();
  form.append("website", "");
  form.append(field, new Blob([new Uint8Array(bytes)]), name);
  form.append("action", action);
  return visitor.postMultipart(url, form);
}

/** The page after a post: where it went, and what it says (error message, files listed). */
async function pageAfter(visitor: Visitor, response: Response) {
  expect(response.status).toBe(303);
  const location = response.headers.get("location")!;
  const html = parse(await (await visitor.get(location)).text());
  return {
    location,
    // The page's own messages (its <template>s hold empty copies for the browser's checks).
    error: html.querySelector(".govuk-error-message[id]")?.text.replace("Error:", "").trim(),
    summary: html.querySelectorAll(".govuk-error-summary__list").map((l) => l.text.trim()).find(Boolean),
    files: html.querySelectorAll("[data-fc-files] .govuk-summary-list__key").map((k) => k.text.trim()),
    html,
  };
}

const nothingLeftBehind = async (before: { files: number; chunks: number }) => {
  expect(await store.countFiles()).toEqual(before);
  expect(readdirSync(tempDir)).toEqual([]);
};

describe("resumable upload (tus), as the page's script sends a large video", () => {
  const tus = { "tus-resumable": "1.0.0" };
  const cookie = (visitor: Visitor, url: string) => (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(url);
  const endpoint = `${footage}uploads/footage/`;

  it("resumes an interrupted upload where it stopped, and the draft holds the whole file with its SHA-256", async () => {
    const visitor = await atFootage();
    const clip = video(4 * 1024 * 1024);
    const half = clip.length / 2;
    const headers = (more: Record<string, string>) => ({ ...tus, origin: server.url, cookie: cookie(visitor, endpoint), ...more });
    const created = await fetch(`${server.url}${endpoint}`, { method: "POST", headers: headers({ "upload-length": String(clip.length), "upload-metadata": `filename ${Buffer.from("rear camera.mp4").toString("base64")}` }) });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    expect(location.startsWith(endpoint)).toBe(true);
    const partial = path.join(tempDir, location.slice(endpoint.length));

    // The first half is sent, then the connection drops before the rest.
    const dropped = new AbortController();
    const body = new ReadableStream({ start: (controller) => controller.enqueue(new Uint8Array(clip.subarray(0, half))) });
    const cut = fetch(`${server.url}${location}`, { method: "PATCH", body, duplex: "half", signal: dropped.signal, headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": "0" }) } as RequestInit).catch((error: Error) => error);
    await waitUntil("the first half on the service's disk", async () => (statSync(partial, { throwIfNoEntry: false })?.size === half ? true : undefined));
    dropped.abort();
    expect(await cut).toBeInstanceOf(Error);

    const offset = await fetch(`${server.url}${location}`, { method: "HEAD", headers: headers({}) });
    expect(offset.headers.get("upload-offset")).toBe(String(half));
    // Another report's cookie cannot see it.
    expect((await fetch(`${server.url}${location}`, { method: "HEAD", headers: { ...tus, cookie: cookie(await atFootage(), endpoint) } })).status).toBe(404);

    const rest = await fetch(`${server.url}${location}`, { method: "PATCH", body: new Uint8Array(clip.subarray(half)), headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": String(half) }) });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { file: { sha256: string } }).file.sha256).toBe(sha(clip));
    const page = parse(await (await visitor.get(footage)).text());
    expect(page.querySelectorAll("[data-fc-files] .govuk-summary-list__key").map((k) => k.text.trim())).toEqual(["rear camera.mp4"]);
    expect(page.querySelector("[data-fc-files] input[name=footage]")!.getAttribute("value")).toContain(`|${sha(clip)}|${clip.length}|video|video/mp4|rear camera.mp4`);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it("refuses at once a declared length over the question's limit, and a file whose bytes are not a video or photo", async () => {
    const visitor = await atFootage();
    const headers = (more: Record<string, string>) => ({ ...tus, origin: server.url, cookie: cookie(visitor, endpoint), ...more });
    const tooBig = await fetch(`${server.url}${endpoint}`, { method: "POST", headers: headers({ "upload-length": String(251 * 1024 * 1024) }) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("The selected file must be smaller than 250 MB");
    const before = await store.countFiles();
    const program = readFileSync("/bin/true");
    const created = await fetch(`${server.url}${endpoint}`, { method: "POST", headers: headers({ "upload-length": String(program.length) }) });
    const sent = await fetch(`${server.url}${created.headers.get("location")}`, { method: "PATCH", body: new Uint8Array(program), headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": "0" }) });
    expect(sent.status).toBe(422);
    expect(await sent.text()).toContain("The selected file must be a video");
    expect(await store.countFiles()).toEqual(before);
    expect(readdirSync(tempDir)).toEqual([]);
    // No report in progress, no upload.
    expect((await fetch(`${server.url}${endpoint}`, { method: "POST", headers: { ...tus, "upload-length": "10" } })).status).toBe(403);
  });
});

describe("what an upload leaves behind", () => {
  const tus = { "tus-resumable": "1.0.0" };
  const cookie = (visitor: Visitor, url: string) => (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(url);
  const endpoint = `${footage}uploads/footage/`;

  /** A resumable upload begun by `visitor` and half sent: its partial bytes and their .json on the service's disk. */
  async function halfSent(visitor: Visitor): Promise<string> {
    const clip = video(64 * 1024);
    const headers = (more: Record<string, string>) => ({ ...tus, origin: server.url, cookie: cookie(visitor, endpoint), ...more });
    const created = await fetch(`${server.url}${endpoint}`, { method: "POST", headers: headers({ "upload-length": String(clip.length) }) });
    const location = created.headers.get("location")!;
    const sent = await fetch(`${server.url}${location}`, { method: "PATCH", body: new Uint8Array(clip.subarray(0, 1000)), headers: headers({ "content-type": "application/offset+octet-stream", "upload-offset": "0" }) });
    expect(sent.status).toBe(204);
    const id = location.slice(endpoint.length);
    expect(readdirSync(tempDir).sort()).toEqual(expect.arrayContaining([id, `${id}.json`]));
    return id;
  }

  it("removes a partial upload when its report is left with Exit this page", async () => {
    const visitor = await atFootage();
    const id = await halfSent(visitor);
    expect((await visitor.post(`${start}exit/`, {})).status).toBe(303);
    expect(readdirSync(tempDir).filter((f) => f.startsWith(id))).toEqual([]);
  });

  it("removes a partial upload once its draft has expired, and keeps one whose draft lives", async () => {
    const expiring = await halfSent(await atFootage());
    const living = await halfSent(await atFootage());
    const expiringDraft = JSON.parse(readFileSync(path.join(tempDir, `${expiring}.json`), "utf8")).metadata.draft as string;
    const draft = (await store.getDraft(expiringDraft))!;
    await store.saveDraft({ ...draft, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const now = new Date().toISOString();
    await store.purgeDrafts(now);
    expect(await removeOrphanPartials(tempDir, store, now)).toBe(1);
    expect(readdirSync(tempDir).sort()).toEqual([living, `${living}.json`].sort());
    await removeOrphanPartials(tempDir, store, new Date(Date.now() + 365 * 86_400_000).toISOString());
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it("removes at start what a crash left: a file posted half-way and a partial upload whose report is gone", async () => {
    const living = await halfSent(await atFootage());
    writeFileSync(path.join(tempDir, "upload-0123456789abcdef01234567"), "half a photo");
    writeFileSync(path.join(tempDir, "0123456789abcdef0123456789abcdef"), "half a video");
    writeFileSync(path.join(tempDir, "0123456789abcdef0123456789abcdef.json"), JSON.stringify({ id: "0123456789abcdef0123456789abcdef", metadata: { draft: "no-such-draft" } }));
    expect(await removeCrashLeftovers(tempDir, store, new Date().toISOString())).toBe(2);
    // An upload of a report still in progress can still resume after the restart.
    expect(readdirSync(tempDir).sort()).toEqual([living, `${living}.json`].sort());
    await removeOrphanPartials(tempDir, store, new Date(Date.now() + 365 * 86_400_000).toISOString());
  });
});

describe("evidence upload without JavaScript", () => {
  it("shows the footage page as a multipart form with a govuk-frontend file input", async () => {
    const visitor = await atFootage();
    const html = parse(await (await visitor.get(footage)).text());
    expect(html.querySelector("form")!.getAttribute("enctype")).toBe("multipart/form-data");
    const input = html.querySelector("input[type=file]#footage")!;
    expect(input.classList.contains("govuk-file-upload")).toBe(true);
    expect(input.getAttribute("accept")).toBe("video/*,image/*");
    expect(html.querySelector("label[for=footage]")!.text).toContain("Upload your footage");
    expect(html.querySelector("#footage-hint")!.text).toContain("Up to 5 files, each smaller than 250 MB.");
  });

  it("takes a video and a photo to a reference, lists each on check answers, and the force pulls both intact", async () => {
    const visitor = await atFootage();
    const clip = video(3 * 1024 * 1024);
    const first = await pageAfter(visitor, await upload(visitor, "front camera.mp4", clip));
    expect(first.location).toBe(footage);
    expect(first.error).toBeUndefined();
    expect(first.files).toEqual(["front camera.mp4"]);
    const second = await pageAfter(visitor, await upload(visitor, "IMG_4021.jpg", photo, "continue"));
    // Continue with a file chosen: it is kept, and the report goes on.
    expect(second.location).toBe(`${start}statement-and-court/`);
    for (const { step, form } of happyPath(definition).slice(happyPath(definition).findIndex((s) => s.step.id === "footage") + 1)) {
      expect((await visitor.post(`${start}${step.id}/`, form)).status).toBe(303);
    }
    const check = parse(await (await visitor.get(`${start}check-answers/`)).text());
    const row = check.querySelectorAll(".govuk-summary-list__row").find((r) => r.querySelector("dt")?.text.includes("Upload your footage"))!;
    expect(row.querySelector("dd")!.text).toContain("front camera.mp4 (a video, 3 MB)");
    expect(row.querySelector("dd")!.text).toContain("IMG_4021.jpg (a photo, 1 KB)");
    expect((await visitor.post(`${start}check-answers/`, {})).status).toBe(303);
    const reference = referencePattern.exec(await (await visitor.get(`${start}confirmation/`)).text())![1];

    const key = newApiKey("kent");
    await store.addApiKey({ id: key.id, forceId: "kent", keyHash: key.keyHash, createdAt: new Date().toISOString() });
    const auth = { authorization: `Bearer ${key.key}` };
    const report = (await (await fetch(`${server.url}/api/v1/forces/kent/reports/${reference}`, { headers: auth })).json()) as { payload: { data: { relationships: { files: { data: { id: string }[] } } }; included: { type: string; attributes: Record<string, unknown>; links?: { download: string } }[] } };
    const files = report.payload.included.filter((r) => r.type === "file");
    expect(report.payload.data.relationships.files.data).toHaveLength(2);
    expect(files.map((f) => [f.attributes.name, f.attributes.kind, f.attributes.mediaType, f.attributes.size])).toEqual([
      ["front camera.mp4", "video", "video/mp4", clip.length],
      ["IMG_4021.jpg", "photo", "image/jpeg", photo.length],
    ]);
    for (const [file, bytes] of [[files[0], clip], [files[1], photo]] as const) {
      expect(file.attributes.sha256).toBe(sha(bytes));
      const pulled = await fetch(`${server.url}${file.links!.download}`, { headers: auth });
      expect(pulled.status).toBe(200);
      expect(pulled.headers.get("content-type")).toBe(file.attributes.mediaType);
      expect(pulled.headers.get("content-disposition")).toContain("attachment");
      const received = Buffer.from(await pulled.arrayBuffer());
      expect(sha(received)).toBe(file.attributes.sha256);
      expect(received.equals(bytes)).toBe(true);
    }
    expect((await store.auditTrail(reference)).filter((e) => e.action === "file")).toHaveLength(2);
    // Another force's key never reaches them.
    const essex = newApiKey("essex");
    await store.addApiKey({ id: essex.id, forceId: "essex", keyHash: essex.keyHash, createdAt: new Date().toISOString() });
    expect((await fetch(`${server.url}${files[0].links!.download}`, { headers: { authorization: `Bearer ${essex.key}` } })).status).toBe(403);
    expect((await fetch(`${server.url}${files[0].links!.download.replace("/kent/", "/essex/")}`, { headers: { authorization: `Bearer ${essex.key}` } })).status).toBe(404);
  });

  it("asks for a file when Upload file is pressed without one", async () => {
    const visitor = await atFootage();
    const form = new FormData();
    form.append("footage", new Blob([]), "");
    form.append("action", "upload:footage");
    const page = await pageAfter(visitor, await visitor.postMultipart(footage, form));
    expect(page.location).toBe(footage);
    expect(page.error).toBe("Select a file to upload");
  });

  it("says in Welsh what a refused file broke", async () => {
    const visitor = await atFootage("/gwent/cy/report/submit-driving-footage/");
    const url = "/gwent/cy/report/submit-driving-footage/footage/";
    const page = await pageAfter(visitor, await upload(visitor, "clip.mp4", readFileSync("/bin/true"), "upload:footage", url));
    expect(page.location).toBe(url);
    expect(page.error).toBe("Rhaid i’r ffeil a ddewiswyd fod yn fideo (MP4, MOV, AVI, MKV, WEBM, 3GP neu TS) neu lun (JPG, PNG, HEIC, WEBP neu GIF)");
  });

  it("removes a file added, and keeps nothing of it", async () => {
    const visitor = await atFootage();
    const before = await store.countFiles();
    const added = await pageAfter(visitor, await upload(visitor, "wrong clip.mp4", video(200_000)));
    expect(added.files).toEqual(["wrong clip.mp4"]);
    const remove = added.html.querySelector("button[value^=remove-file]")!.getAttribute("value")!;
    const form = new FormData();
    form.append("action", remove);
    const removed = await pageAfter(visitor, await visitor.postMultipart(footage, form));
    expect(removed.files).toEqual([]);
    await nothingLeftBehind(before);
  });

  it("deletes the files of a report left with Exit this page", async () => {
    const visitor = await atFootage();
    const before = await store.countFiles();
    await pageAfter(visitor, await upload(visitor, "front camera.mp4", video(300_000)));
    expect((await store.countFiles()).files).toBe(before.files + 1);
    expect((await visitor.post(`${start}exit/`, {})).status).toBe(303);
    await nothingLeftBehind(before);
  });

  it("shows a name with folders in it as its last part only, and stores the file by its own id", async () => {
    const visitor = await atFootage();
    const page = await pageAfter(visitor, await upload(visitor, "../../../../tmp/evil\u202Egpj.mp4", video(10_000)));
    expect(page.error).toBeUndefined();
    expect(page.files).toEqual(["evilgpj.mp4"]);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  describe("refuses, with its message, and keeps nothing of", () => {
    const refusals: [string, () => [string, Buffer], string][] = [
      ["the EICAR test file inside a JPEG", () => ["holiday.jpg", Buffer.concat([photo, eicar])], "The selected file contains a virus. It has not been kept"],
      ["an executable renamed as a video", () => ["clip.mp4", readFileSync("/bin/true")], "The selected file must be a video (MP4, MOV, AVI, MKV, WEBM, 3GP or TS) or a photo (JPG, PNG, HEIC, WEBP or GIF)"],
      ["a zero-byte file", () => ["empty.mp4", Buffer.alloc(0)], "The selected file is empty"],
      ["a JPEG with a PHP script on its end", () => ["shell.jpg", Buffer.concat([photo, Buffer.from("<?php system($_GET['c']); ?>")])], "The selected file has something else hidden inside it, so it cannot be accepted"],
      ["a JPEG with a ZIP archive on its end", () => ["zipped.jpg", Buffer.concat([photo, Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)])], "The selected file has something else hidden inside it, so it cannot be accepted"],
      ["a photo larger than photos may be (20 MB), though smaller than a video may be", () => ["huge.jpg", Buffer.concat([photo, Buffer.alloc(21 * 1024 * 1024)])], "The selected file must be smaller than 20 MB"],
    ];
    it.each(refusals)("%s", async (_what, file, message) => {
      const visitor = await atFootage();
      const before = await store.countFiles();
      const [name, bytes] = file();
      const page = await pageAfter(visitor, await upload(visitor, name, bytes));
      expect(page.location).toBe(footage);
      expect(page.error).toContain(message);
      expect(page.summary).toContain(message);
      expect(page.files).toEqual([]);
      await nothingLeftBehind(before);
    });

    it("a sixth file where the question takes five", async () => {
      const visitor = await atFootage();
      for (let n = 1; n <= 5; n++) expect((await pageAfter(visitor, await upload(visitor, `photo ${n}.jpg`, photo))).error).toBeUndefined();
      const before = await store.countFiles();
      const page = await pageAfter(visitor, await upload(visitor, "photo 6.jpg", photo));
      expect(page.error).toBe("You can upload up to 5 files");
      expect(page.files).toHaveLength(5);
      await nothingLeftBehind(before);
    });

    it("a post larger than the page takes, by its Content-Length, before its body is read", async () => {
      const visitor = await atFootage();
      const before = await store.countFiles();
      const cookie = (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(footage);
      const url = new URL(footage, server.url);
      const answer = await new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
        const request = http.request(url, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(300 * 1024 * 1024), origin: server.url, cookie } }, (response) => {
          let body = "";
          response.on("data", (d) => (body += d));
          response.on("end", () => resolve({ status: response.statusCode!, body, connection: response.headers.connection }));
        });
        request.on("error", reject);
        request.flushHeaders(); // the headers alone: not one byte of the 300 MB is sent
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("must be smaller than 250 MB");
      expect(answer.connection).toBe("close");
      await nothingLeftBehind(before);
    });

    it("a photo streamed without a length past the most a photo page takes, cut off as it arrives", async () => {
      // Report a crime's page about the damage takes photos only, 20 MB each: the post is refused there, mid-stream.
      const crime = (await serviceSite()).services.get("kent")!.get("report-crime")!;
      const visitor = new Visitor(server.url);
      const damage = happyPath(crime);
      const url = "/kent/report/report-crime/what-was-damaged/";
      // Walk to the page about the damage, choosing criminal damage on the first page.
      for (const { step, form } of damage) {
        if (step.id === "what-happened") break;
        const sent = step.id === "about-the-crime" ? { ...form, "crime-type": "criminal-damage" } : form;
        const target = step === crime.steps[0] ? "/kent/report/report-crime/" : `/kent/report/report-crime/${step.id}/`;
        const response = await visitor.post(target, sent);
        if (step.id === "where-it-happened") expect(response.headers.get("location")).toBe("/kent/report/report-crime/what-was-damaged/");
      }
      const before = await store.countFiles();
      const big = Buffer.concat([photo, Buffer.alloc(30 * 1024 * 1024)]);
      const form = new FormData();
      form.append("damage-description", "The wing mirror was snapped off");
      form.append("damage-photos", new Blob([new Uint8Array(big)]), "mirror.jpg");
      form.append("action", "upload:damage-photos");
      const body = new Response(form);
      const chunked = body.body!; // a stream: fetch sends it without a Content-Length
      const response = await fetch(new URL(url, server.url), {
        method: "POST",
        body: chunked,
        duplex: "half",
        redirect: "manual",
        headers: { "content-type": body.headers.get("content-type")!, origin: server.url, cookie: (visitor as unknown as { cookieHeader(url: string): string }).cookieHeader(url) },
      } as RequestInit);
      const page = await pageAfter(visitor, response);
      expect(page.location).toBe(url);
      expect(page.error).toBe("The selected file must be smaller than 20 MB");
      await nothingLeftBehind(before);
    });

    it("any file while the virus scanner is stopped: 503 with Retry-After (fail closed)", async () => {
      const visitor = await atFootage();
      const before = await store.countFiles();
      await clamd.stop();
      const response = await upload(visitor, "front camera.mp4", video(10_000));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("60");
      expect(await response.text()).toContain("we cannot check files for viruses at the moment, so your file has not been kept");
      await nothingLeftBehind(before);
    });
  });
});
