/**
 * npm run keys -- create <force-id>
 * Makes a new API key for one force's back office and prints it once; only its hash is stored.
 */
import { loadForces } from "../../lib/forces/load.ts";
import { newApiKey } from "../delivery/api-keys.ts";
import { projectRoot, readSettings } from "../settings.ts";
import { openStore } from "../store/open.ts";

const [command, forceId] = process.argv.slice(2);
const { forces } = loadForces(projectRoot);
if (command !== "create" || !forceId) {
  console.error("Usage: npm run keys -- create <force-id>   (e.g. npm run keys -- create kent)");
  process.exit(1);
}
if (!forces.some((f) => f.id === forceId)) {
  console.error(`There is no force "${forceId}". Force ids: ${forces.map((f) => f.id).join(", ")}`);
  process.exit(1);
}
const { settings, problems } = readSettings(process.env, { needsSite: false });
if (problems.length) {
  for (const problem of problems) console.error(`Cannot make a key: ${problem}`);
  process.exit(1);
}
const store = await openStore(settings, (error) => console.error(`Database connection failed: ${error.message}`));
const { id, key, keyHash } = newApiKey(forceId);
await store.addApiKey({ id, forceId, keyHash, createdAt: new Date().toISOString() });
await store.close();
console.log(`New API key for ${forceId} (id ${id}). It is shown only this once; keep it in your secret store:\n\n${key}\n`);
