import { randomBytes } from "node:crypto";
import { forceName } from "../../lib/forces/load.ts";
import { translate } from "../../lib/i18n/locales.ts";
import { trackUrl } from "../../lib/site/plan.ts";
import type { AppDeps } from "../app.ts";
import type { NewEmail, StoredReport } from "../store/store.ts";

/**
 * The email to a person who asked to hear when their report's status changes (track my report): the reference,
 * the new status in the report's language and where to see it. Never the force's closing words, nor the answers:
 * those are on the track page, behind the reference and the address.
 */
export function statusEmail(deps: Pick<AppDeps, "site" | "email">, report: StoredReport, status: string, to: string): NewEmail {
  const force = deps.site.forces.get(report.forceId)!;
  const name = forceName(force, report.lang);
  const strings = deps.site.locales[report.lang];
  return {
    id: randomBytes(16).toString("hex"),
    message: {
      kind: "status-change",
      to,
      lang: report.lang,
      forceId: report.forceId,
      reference: report.reference,
      personalisation: {
        reference: report.reference,
        force: name,
        status: translate(strings, `track.status.${status}`, { force: name }),
        track_url: `${deps.email!.publicOrigin}${trackUrl(force, report.lang)}?reference=${report.reference}`,
      },
    },
  };
}
