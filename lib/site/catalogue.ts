import type { ServiceDefinition } from "../services/types.ts";
import type { Site } from "./load.ts";

/** Every service definition any force offers, once each (a national one is the same object for every force). */
export function everyService(site: Site): ServiceDefinition[] {
  return [...new Set([...site.servicesByForce.values()].flat())];
}
