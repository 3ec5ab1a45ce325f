import type { ServerOptions } from "node:http";
import type { Settings } from "../settings.ts";

/**
 * Node's HTTP server timeouts from the settings: a client that sends its headers too slowly (a slow-loris) is
 * answered 408 and dropped, so is one whose whole request takes too long, and an idle keep-alive connection is
 * closed. Node checks them on an interval (30 s by default): once a second here, so a limit is a limit.
 * The keep-alive timeout is longer than nginx's upstream keepalive_timeout (60 s, deploy/nginx-config.ts), so nginx,
 * not the service, closes an idle connection between them and never sends a request on one being closed.
 */
export function serverOptions(timeouts: Settings["timeouts"]): ServerOptions {
  return {
    headersTimeout: timeouts.headersSeconds * 1000,
    requestTimeout: timeouts.requestSeconds * 1000,
    keepAliveTimeout: timeouts.keepAliveSeconds * 1000,
    connectionsCheckingInterval: 1000,
  };
}
