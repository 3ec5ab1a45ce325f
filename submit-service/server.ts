/**
 * The only file with side effects: reads and checks the environment once, opens the store, prepares the
 * sites, serves, purges expired drafts, and on SIGTERM finishes in-flight commits before it exits.
 */
import { existsSync, readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { PostcodeDirectory } from "../lib/geography/postcodes.ts";
import { createApp } from "./app.ts";
import { jsonLogger } from "./logger.ts";
import { validatePayload } from "../lib/delivery/validate-payload.ts";
import { deliveryWorker } from "./delivery/worker.ts";
import { payloadBuilder } from "./delivery/payloads.ts";
import { emailSender } from "./email/sender.ts";
import { emailWorker } from "./email/worker.ts";
import { remindSavedReports } from "./journey/save-return.ts";
import { holdToRequestTimeout, serverOptions } from "./http/timeouts.ts";
import { removeCrashLeftovers, removeOrphanPartials } from "./uploads/leftovers.ts";
import { siteFromBuild } from "./site.ts";
import { projectRoot, readSettings } from "./settings.ts";
import { openStore, storeLabel } from "./store/open.ts";
import { clamdScanner } from "./uploads/scanner.ts";

const { settings, problems } = readSettings(process.env);
if (problems.length) {
  for (const problem of problems) console.error(`Cannot start: ${problem}`);
  process.exit(1);
}

const logger = jsonLogger();
// The built site first: a start refused for want of it must not create a new store on the way.
let built;
try {
  built = await siteFromBuild(settings.siteDir, projectRoot);
} catch (error) {
  console.error(`Cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const { site, scriptHashes } = built;
let store;
try {
  store = await openStore(
    settings,
    (error) => logger.error("database connection failed", { error: error.message }),
    // Not acknowledging anything until the store can keep it again: said once when it starts and once when it ends.
    (problem) => (problem ? logger.error("store cannot keep writes: not acknowledging reports", { reason: problem }) : logger.info("store takes writes again")),
  );
} catch (error) {
  console.error(`Cannot start: the store at ${storeLabel(settings)} cannot be opened: ${(error as Error).message}`);
  process.exit(1);
}
const clock = () => new Date();
// Every upload is scanned by ClamAV's daemon before it is kept; while it does not answer, uploads get 503 (fail closed).
const scanner = clamdScanner(settings.uploads.scanner);
if (!(await scanner.ping())) logger.error("virus scanner not answering: uploads will be refused until it does", { clamd: settings.uploads.scanner });
const uploads = { scanner, tempDir: settings.uploads.tempDir };
const email = settings.email && { publicOrigin: settings.email.publicOrigin, inboxes: settings.inboxes };
// "Find your force" by postcode, once an operator has imported a postcode directory; until then a postcode leads to the council list.
const postcodes = existsSync(settings.postcodeDirectory) ? new PostcodeDirectory(readFileSync(settings.postcodeDirectory, "utf8")) : undefined;
if (postcodes) logger.info("postcode directory read", { postcodes: postcodes.size });
const payloads = payloadBuilder({ store, site, clock, logger });
const app = createApp({ siteDir: settings.siteDir, site, store, clock, logger, config: settings.app, scriptHashes, uploads, email, postcodes, payloads });
// What a crash left in DATA_DIR/uploading: files posted half-way, and partial uploads whose report is gone.
const leftovers = await removeCrashLeftovers(uploads.tempDir, store, clock().toISOString());
if (leftovers) logger.info("upload leftovers removed at start", { files: leftovers });

const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host, serverOptions: serverOptions(settings.timeouts) }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}`, store: storeLabel(settings), ...(settings.databaseUrl ? {} : { writes: settings.sqliteWrites }) });
});
holdToRequestTimeout(server as import("node:http").Server, settings.timeouts);

// Payloads a previous run stored no payload for (it stopped between a commit and the build) are built first.
await payloads.start();
const worker = deliveryWorker({ store, payloads, endpoints: settings.endpoints, clock, logger, validate: validatePayload, horizonMs: settings.deliveryHorizonHours * 3_600_000, timeoutMs: settings.deliveryTimeoutSeconds * 1000 });
worker.start();
// Receipts and force inboxes, sent from the outbox apart from any request.
const mailer = settings.email && emailWorker({ store, sender: emailSender(settings.email, site.locales), clock, logger, horizonMs: settings.deliveryHorizonHours * 3_600_000, timeoutMs: settings.email.provider === "notify" ? settings.email.notify.timeoutMs : settings.email.smtp.timeoutMs });
mailer?.start();
if (settings.email) logger.info("email", { provider: settings.email.provider, inboxes: [...settings.inboxes.keys()] });

// Retention: drafts after DRAFT_HOURS, acknowledged reports after REPORT_RETENTION_DAYS (each deletion audited).
const purge = setInterval(async () => {
  const now = clock();
  const drafts = await store.purgeDrafts(now.toISOString());
  await removeOrphanPartials(uploads.tempDir, store, now.toISOString());
  const reports = await store.purgeReports(new Date(now.getTime() - settings.reportRetentionDays * 86_400_000).toISOString(), now.toISOString());
  // Reports saved to come back to that will be deleted tomorrow: the person is reminded (only when email is sent).
  const reminded = settings.email ? await remindSavedReports({ store, site, clock }) : 0;
  if (drafts || reports || reminded) logger.info("retention purge", { drafts, reports, reminded });
}, 15 * 60_000);
purge.unref();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    clearInterval(purge);
    // Stop taking connections, let in-flight requests finish, then commit what is queued and close the store.
    server.close(async () => {
      await worker.stop();
      await payloads.stop();
      await mailer?.stop();
      await store.close();
      logger.info("stopped");
      process.exit(0);
    });
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
