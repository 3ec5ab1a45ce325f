import { createHash } from "node:crypto";
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

const compressible = /\.(html|css|js|svg|json)$/;

/** A file of the built site, by its path below the site folder ("kent/index.html", "assets/govuk.ab12.js"). */
export interface SiteFile {
  path: string;
  content: string;
}

export function contentHash(content: string): string {
  return createHash("sha1").update(content).digest("base64url");
}

export function pageFile(url: string): string {
  return url.endsWith("/") ? `${url.replace(/^\//, "")}index.html` : url.replace(/^\//, "");
}

export function assetFile(url: string): string {
  return url.replace(/^\//, "");
}

/** What changed on disk. */
export interface WriteReport {
  written: string[];
  removed: string[];
  unchanged: number;
  /** The content hash of every file now in the site, for the next build to compare with. */
  hashes: Record<string, string>;
}

/**
 * Writes the files whose content differs from the last build's (by hash), with a .br and a .gz beside each
 * text file, and removes the files the last build wrote that are no longer part of the site, with theirs.
 * Fingerprinted assets, fetched by every visitor and cached for a year, get brotli's best; pages, of which
 * there are thousands, a quick setting. Files are handed over as they are rendered and compressed in worker
 * threads (one per core) while the build goes on rendering; into a fresh folder they are written at once, into
 * the live site only by `finish`, so a build that fails half-way changes nothing.
 */
export class SiteWriter {
  private readonly hashes: Record<string, string> = {};
  private readonly changed: string[] = [];
  private readonly workers: Worker[] = [];
  private sent = 0;
  private done = 0;
  private committed = 0;
  private onDone: () => void = () => {};
  private failure: Error | undefined;

  constructor(
    private readonly siteDir: string,
    private readonly previous: Record<string, string> = {},
    /** The folder is new (nothing in it is live): files are written as soon as they are compressed. */
    private readonly fresh = false,
  ) {}

  /** Files the build knows are as the last build wrote them (made from the same inputs): they keep their hash. */
  keep(files: string[]): void {
    for (const file of files) this.hashes[file] = this.previous[file];
  }

  add(file: SiteFile): void {
    const hash = contentHash(file.content);
    this.hashes[file.path] = hash;
    if (this.previous[file.path] === hash && existsSync(path.join(this.siteDir, file.path))) return;
    this.changed.push(file.path);
    const compress = compressible.test(file.path);
    const quality = /\.(css|js|svg)$/.test(file.path) ? 11 : 5;
    this.worker(this.sent++).postMessage({ type: "file", full: path.join(this.siteDir, file.path), content: file.content, quality: compress ? quality : undefined, gzipLevel: 6 });
  }

  private worker(index: number): Worker {
    if (!this.workers.length) {
      for (let i = 0; i < Math.max(1, os.availableParallelism()); i++) {
        const worker = new Worker(new URL("./compress-worker.mjs", import.meta.url), { workerData: { writeNow: this.fresh }, execArgv: [] });
        worker.on("message", (message: { type: string }) => {
          if (message.type === "done") this.done++;
          else if (message.type === "committed") this.committed++;
          this.onDone();
        });
        worker.on("error", (error) => {
          this.failure = error;
          this.onDone();
        });
        this.workers.push(worker);
      }
    }
    return this.workers[index % this.workers.length];
  }

  /** Waits for every file to be compressed (and written), then removes what is gone. */
  async finish(progress: (done: number, total: number) => void = () => {}): Promise<WriteReport> {
    let shown = 0;
    await this.until(() => {
      if (this.done - shown >= 250) progress((shown = this.done), this.changed.length);
      return this.done === this.sent;
    });
    if (!this.fresh && this.workers.length) {
      for (const worker of this.workers) worker.postMessage({ type: "commit" });
      await this.until(() => this.committed === this.workers.length);
    }
    await this.close();
    progress(this.done, this.changed.length);
    const removed = Object.keys(this.previous).filter((file) => !(file in this.hashes));
    for (const file of removed) {
      for (const suffix of ["", ".br", ".gz"]) rmSync(path.join(this.siteDir, file + suffix), { force: true });
      removeEmptyParents(this.siteDir, path.dirname(path.join(this.siteDir, file)));
    }
    return { written: this.changed, removed, unchanged: Object.keys(this.hashes).length - this.changed.length, hashes: this.hashes };
  }

  /** Stops the workers, writing nothing more (after a failed build, or once finished). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }

  private until(ready: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) reject(this.failure);
        else if (ready()) resolve();
      };
      this.onDone = check;
      check();
    });
  }
}

/** A page taken away leaves no empty folder behind (a folder with an index.html is a URL that answers). */
function removeEmptyParents(siteDir: string, directory: string) {
  let current = directory;
  while (current.startsWith(siteDir + path.sep) && existsSync(current) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = path.dirname(current);
  }
}
