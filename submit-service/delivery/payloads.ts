import type { Logger } from "../logger.ts";
import type { ServiceSite } from "../site.ts";
import type { Delivery, Store } from "../store/store.ts";
import { deliveryPayload, payloadInput } from "./outbox.ts";
import { repeatedly } from "./worker.ts";

export interface PayloadBuilderOptions {
  store: Store;
  site: Pick<ServiceSite, "forces" | "services" | "locales">;
  clock: () => Date;
  logger: Logger;
  /** A delivery still without its payload this long after it was stored is built by the sweep (left by a restart, or by an instance that stopped). */
  sweepAfterMs?: number;
}

export type PayloadBuilder = ReturnType<typeof payloadBuilder>;

/**
 * Builds delivery payloads after the acknowledgement: each from its stored report, once, kept in the same store
 * (Store.setDeliveryPayload, which never replaces one). A report this process stored is built on the next turn
 * of the event loop (`soon`); the delivery worker and the pull API build any they find missing (`ensure`); a
 * sweep builds what a restart or a stopped instance left. Two builders racing on one delivery build the same
 * document (the payload is pure), and only the first is kept.
 */
export function payloadBuilder(options: PayloadBuilderOptions) {
  const { store, site, logger } = options;
  const sweepAfterMs = options.sweepAfterMs ?? 10_000;
  /** Builds in progress here, by delivery id: asked twice, built once. */
  const building = new Map<string, Promise<string>>();
  let queued: { id: string; reference: string; forceId: string }[] = [];

  async function build(delivery: Pick<Delivery, "id" | "reference" | "forceId">): Promise<string> {
    const report = await store.getReport(delivery.reference);
    if (!report || report.forceId !== delivery.forceId) throw new Error(`delivery ${delivery.id}: its report ${delivery.reference} is not in the store`);
    const payload = deliveryPayload(payloadInput(site, report, delivery.id));
    if (await store.setDeliveryPayload(delivery.id, payload)) return payload;
    // Built meanwhile elsewhere: the stored one is the one sent.
    const stored = await store.getDeliveryFor(delivery.forceId, delivery.reference);
    if (!stored?.payload) throw new Error(`delivery ${delivery.id} is no longer in the store`);
    return stored.payload;
  }

  /** The delivery's payload: stored already, or built from its report now and stored. */
  function ensure(delivery: Pick<Delivery, "id" | "reference" | "forceId" | "payload">): Promise<string> {
    if (delivery.payload) return Promise.resolve(delivery.payload);
    let pending = building.get(delivery.id);
    if (!pending) {
      pending = build(delivery).finally(() => building.delete(delivery.id));
      building.set(delivery.id, pending);
    }
    return pending;
  }

  const failed = (delivery: Pick<Delivery, "id" | "reference" | "forceId">) => (error: Error) =>
    logger.error("delivery payload not built", { delivery: delivery.id, force: delivery.forceId, reference: delivery.reference, error: error.message });

  /** Builds, after the commit, the payload of a delivery this process just stored (its report acknowledged already). */
  function soon(delivery: { id: string; reference: string; forceId: string }) {
    queued.push(delivery);
    if (queued.length === 1) setImmediate(drain);
  }
  function drain() {
    const batch = queued;
    queued = [];
    for (const d of batch) ensure({ ...d, payload: "" }).catch(failed(d));
  }

  /** Resolves once every payload asked for here so far is built (or has failed, which is logged). */
  async function settled(): Promise<void> {
    while (queued.length || building.size) {
      if (queued.length) await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled(building.values());
    }
  }

  /** One sweep: builds the payloads still missing `olderThanMs` after their delivery was stored; returns how many it tried. */
  async function sweep(olderThanMs = sweepAfterMs, limit = 200): Promise<number> {
    const before = new Date(options.clock().getTime() - olderThanMs).toISOString();
    const missing = await store.unbuiltDeliveries(before, limit);
    await Promise.all(missing.map((d) => ensure(d).catch(failed(d))));
    return missing.length;
  }

  const sweeping = repeatedly(() => sweep(), (error) => logger.error("payload sweep failed", { error: error.message }));
  return {
    ensure,
    soon,
    settled,
    sweep,
    /** Sweeps now (what an earlier run left, whatever its age), then every `intervalMs` (what is older than sweepAfterMs). */
    async start(intervalMs = 5_000) {
      await sweep(0, 10_000).catch((error: Error) => logger.error("payload sweep failed", { error: error.message }));
      sweeping.start(intervalMs);
    },
    stop: async () => {
      await sweeping.stop();
      await settled();
    },
  };
}
