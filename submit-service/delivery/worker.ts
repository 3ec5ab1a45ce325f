import type { Logger } from "../logger.ts";
import { StoreUnavailable, type Delivery, type Store } from "../store/store.ts";
import type { PayloadBuilder } from "./payloads.ts";
import type { DeliveryEndpoint } from "./endpoints.ts";
import { sign } from "./signature.ts";

export interface WorkerOptions {
  store: Store;
  endpoints: Map<string, DeliveryEndpoint>;
  clock: () => Date;
  logger: Logger;
  /** Builds a payload still to be built (from the stored report) before it is sent. */
  payloads: Pick<PayloadBuilder, "ensure">;
  /** Checks a payload against the published schema before it leaves; returns problems. */
  validate: (payload: unknown) => string[];
  /** After this long undelivered, a delivery is dead-lettered for force staff to replay. */
  horizonMs: number;
  timeoutMs?: number;
  /** The first retry waits about this long; each later one twice as long, up to an hour. */
  baseDelayMs?: number;
  batchSize?: number;
  random?: () => number;
}

/** Exponential backoff with jitter: between half and all of base × 2^(attempts − 1), at most an hour. */
export function retryDelay(attempts: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(3_600_000, baseMs * 2 ** (attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Sends due deliveries from the outbox to their own force's endpoint — looked up by the delivery's force,
 * never anything else — signed, until one answers 2xx. State lives in the store, so a restart loses nothing;
 * a delivery in flight when the process dies is sent again after its lease, with the same delivery id for the
 * receiver to de-duplicate on.
 */
export function deliveryWorker(options: WorkerOptions) {
  const { store, endpoints, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseDelayMs = options.baseDelayMs ?? 5_000;
  const random = options.random ?? Math.random;

  async function send(delivery: Delivery): Promise<void> {
    const endpoint = endpoints.get(delivery.forceId)!;
    const attempts = delivery.attempts + 1;
    const failed = async (error: string) => {
      const now = clock();
      const dead = now.getTime() - Date.parse(delivery.createdAt) >= options.horizonMs;
      await store.markFailed(delivery.id, { attempts, error, dead, nextAttemptAt: new Date(now.getTime() + retryDelay(attempts, baseDelayMs, random)).toISOString() });
      logger.error(dead ? "delivery dead-lettered" : "delivery failed, will retry", { delivery: delivery.id, force: delivery.forceId, attempts, error });
    };
    let payload: string;
    try {
      payload = await options.payloads.ensure(delivery);
    } catch (error) {
      if (error instanceof StoreUnavailable) return failed(`payload not stored yet: ${error.reason}`);
      // Not a fault of the receiver's: the report is kept (and in the pull API); staff replay it once it can be built.
      await store.markFailed(delivery.id, { attempts, error: `payload could not be built: ${(error as Error).message}`, dead: true, nextAttemptAt: clock().toISOString() });
      logger.error("delivery refused: payload could not be built", { delivery: delivery.id, force: delivery.forceId, error: (error as Error).message });
      return;
    }
    const problems = options.validate(JSON.parse(payload));
    if (problems.length) {
      await store.markFailed(delivery.id, { attempts, error: `payload fails its schema: ${problems.slice(0, 3).join("; ")}`, dead: true, nextAttemptAt: clock().toISOString() });
      logger.error("delivery refused: payload fails its schema", { delivery: delivery.id, force: delivery.forceId });
      return;
    }
    const timestamp = Math.floor(clock().getTime() / 1000);
    try {
      const response = await fetch(endpoint.url, {
        method: "POST",
        body: payload,
        headers: {
          "Content-Type": "application/json",
          "FrontCounter-Delivery-Id": delivery.id,
          "FrontCounter-Timestamp": String(timestamp),
          "FrontCounter-Signature": sign(endpoint.secret, timestamp, payload),
        },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
      await response.body?.cancel();
      if (response.ok) {
        await store.markDelivered(delivery.id, clock().toISOString());
        logger.info("delivered", { delivery: delivery.id, force: delivery.forceId, attempts });
      } else {
        await failed(`HTTP ${response.status}`);
      }
    } catch (error) {
      await failed((error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error as Error).message);
    }
  }

  /** One pass: claims what is due for forces with an endpoint and sends it; returns how many were tried. */
  async function runOnce(): Promise<number> {
    if (!endpoints.size) return 0;
    const now = clock();
    const due = await store.claimDeliveries(now.toISOString(), new Date(now.getTime() + timeoutMs * 2).toISOString(), options.batchSize ?? 20, [...endpoints.keys()]);
    await Promise.all(due.map(send));
    return due.length;
  }

  return { runOnce, ...repeatedly(runOnce, (error) => logger.error("delivery pass failed", { error: error.message })) };
}

/** Runs `pass` over and over, `intervalMs` after each one ends, until stopped; a pass that fails is told, not fatal. */
export function repeatedly(pass: () => Promise<unknown>, onFailure: (error: Error) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    start(intervalMs = 1_000) {
      const tick = () => {
        running = pass()
          .catch(onFailure)
          .finally(() => (timer = setTimeout(tick, intervalMs)));
      };
      tick();
    },
    /** Stops taking new work and waits for the pass in progress. */
    async stop() {
      clearTimeout(timer);
      await running;
      clearTimeout(timer);
    },
  };
}
