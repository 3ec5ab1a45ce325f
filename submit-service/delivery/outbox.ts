import { randomUUID } from "node:crypto";
import { forceName } from "../../lib/forces/load.ts";
import { buildPayload, type PayloadInput } from "../../lib/delivery/payload.ts";
import type { ReportForDelivery } from "../../lib/delivery/report.ts";
import type { ServiceSite } from "../site.ts";
import type { DeliveryBuilder } from "../store/store.ts";

/**
 * What building a report's payload needs, looked up by what the stored report names (its force, service and
 * language): the one lookup, made at submission (so a report whose payload could not be built is refused, with
 * nothing stored) and again after the commit, when the payload is built from the stored report.
 */
export function payloadInput(site: Pick<ServiceSite, "forces" | "services" | "locales">, report: ReportForDelivery, deliveryId: string): PayloadInput {
  const force = site.forces.get(report.forceId);
  const definition = site.services.get(report.forceId)?.get(report.serviceId);
  const strings = site.locales[report.lang];
  if (!force || !definition || !strings) {
    const missing = !force ? `force "${report.forceId}"` : !definition ? `service "${report.serviceId}" for ${report.forceId}` : `strings in language "${report.lang}"`;
    throw new Error(`no payload can be built for this report: the site has no ${missing}`);
  }
  return { report, definition, force: { id: force.id, code: force.code, name: forceName(force, report.lang) }, deliveryId, strings };
}

/** A report's delivery payload, the Standard Data Model document as JSON (pure: the same report gives the same text). */
export const deliveryPayload = (input: PayloadInput): string => JSON.stringify(buildPayload(input));

/**
 * The delivery a report gets, written inside the transaction that stores it (so no report is ever stored without
 * its delivery): a delivery id the receiver de-duplicates on, and its payload marked "to build". Only the lookup
 * the payload needs is made here; the document itself is built after the acknowledgement (delivery/payloads.ts).
 * `made` is told the delivery's id, to have its payload built as soon as the report is committed.
 */
export function deliveryBuilder(site: ServiceSite, made: (id: string) => void = () => {}): DeliveryBuilder {
  return (report) => {
    const id = randomUUID();
    payloadInput(site, report, id);
    made(id);
    return { id };
  };
}
