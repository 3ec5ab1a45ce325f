import { randomUUID } from "node:crypto";
import { forceName, type Force } from "../../lib/forces/load.ts";
import { buildPayload } from "../../lib/delivery/payload.ts";
import type { Locales } from "../../lib/i18n/locales.ts";
import type { ServiceDefinition } from "../../lib/services/types.ts";
import type { DeliveryBuilder } from "../store/store.ts";

/**
 * The delivery a report gets, built inside the transaction that stores it (so no report is ever stored
 * without its delivery): the Standard Data Model payload, with a delivery id the receiver de-duplicates on.
 */
export function deliveryBuilder(force: Force, definition: ServiceDefinition, locales: Locales): DeliveryBuilder {
  return (report) => {
    const id = randomUUID();
    const payload = buildPayload({ report, definition, force: { id: force.id, code: force.code, name: forceName(force, report.lang) }, deliveryId: id, strings: locales[report.lang] });
    return { id, payload: JSON.stringify(payload) };
  };
}
