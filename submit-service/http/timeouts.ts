import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import type { Settings } from "../settings.ts";

/**
 * Node's HTTP server timeouts from the settings: a client that sends its headers too slowly (a slow-loris) is
 * answered 408 and dropped, so is one whose whole request takes too long, and an idle keep-alive connection is
 * closed. Node checks them on an interval (30 s by default): once a second here, so a limit is a limit.
 * The keep-alive timeout is longer than nginx's upstream keepalive_timeout (60 s, deploy/nginx-config.ts), so nginx,
 * not the service, closes an idle connection between them and never sends a request on one being closed.
 * Node's own whole-request limit is the uploads' (UPLOAD_TIMEOUT_SECONDS, an hour): a 250 MB video from a phone
 * may take that long. Every other request is held to REQUEST_TIMEOUT_SECONDS by `holdToRequestTimeout`.
 */
export function serverOptions(timeouts: Settings["timeouts"]): ServerOptions {
  return {
    headersTimeout: timeouts.headersSeconds * 1000,
    requestTimeout: timeouts.uploadSeconds * 1000,
    keepAliveTimeout: timeouts.keepAliveSeconds * 1000,
    connectionsCheckingInterval: 1000,
  };
}

/** The routes that take files: a resumable upload's endpoint (`…/uploads/<question>/…`), or a page posted with its files. */
export function isUploadRequest(request: Pick<IncomingMessage, "url" | "headers">): boolean {
  const pathname = (request.url ?? "").split("?")[0];
  if (/\/uploads\/[a-z0-9-]+\/(?:[0-9a-f]{32})?$/.test(pathname)) return true;
  return (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase() === "multipart/form-data";
}

/**
 * Any request that is not an upload and has not arrived whole within REQUEST_TIMEOUT_SECONDS is answered 408
 * and its connection closed, as Node's own limit would; an upload has until UPLOAD_TIMEOUT_SECONDS.
 */
export function holdToRequestTimeout(server: Pick<Server, "on">, timeouts: Settings["timeouts"]) {
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (isUploadRequest(request) || request.complete) return;
    const timer = setTimeout(() => {
      if (request.complete) return;
      if (!response.headersSent) response.writeHead(408, { connection: "close", "content-type": "text/plain; charset=utf-8" }).end("The request took too long to arrive.\n");
      request.socket.destroy();
    }, timeouts.requestSeconds * 1000);
    timer.unref();
    const done = () => clearTimeout(timer);
    request.once("end", done);
    request.once("close", done);
  });
}
