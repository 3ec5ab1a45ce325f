import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdToRequestTimeout, serverOptions } from "../../submit-service/http/timeouts.ts";
import { pause } from "../helpers/patience.ts";

/**
 * REQUEST_TIMEOUT_SECONDS cuts off a request that dribbles in, but not an upload: a body sent slowly to a
 * resumable upload's endpoint, or a page posted with its file, has until UPLOAD_TIMEOUT_SECONDS.
 */
const timeouts = { headersSeconds: 1, requestSeconds: 1, uploadSeconds: 60, keepAliveSeconds: 5 };
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer(serverOptions(timeouts), (request, response) => {
    let bytes = 0;
    request.on("data", (chunk: Buffer) => (bytes += chunk.length));
    request.on("end", () => response.writeHead(200).end(`${bytes} bytes\n`));
  });
  holdToRequestTimeout(server, timeouts);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `pieces` bytes one every 700 ms (past the 1 s request limit by the end): the status, or "cut off". */
function dribble(path: string, contentType: string, pieces: number): Promise<number | "cut off"> {
  return new Promise((resolve) => {
    const request = http.request({ host: "127.0.0.1", port, path, method: path.includes("/uploads/") ? "PATCH" : "POST", headers: { "content-type": contentType, "content-length": pieces } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", () => resolve("cut off"));
    (async () => {
      for (let i = 0; i < pieces; i++) {
        if (request.destroyed) return;
        request.write("x");
        await pause(700);
      }
      request.end();
    })();
  });
}

describe("upload routes have their own request timeout", () => {
  it("answers 408 to an ordinary page post whose body takes longer than REQUEST_TIMEOUT_SECONDS", async () => {
    expect(await dribble("/kent/report/report-crime/what-happened/", "application/x-www-form-urlencoded", 4)).toBe(408);
  });

  it("lets a resumable upload's piece and a page posted with its file take longer", async () => {
    expect(await dribble("/kent/report/submit-driving-footage/footage/uploads/footage/0123456789abcdef0123456789abcdef", "application/offset+octet-stream", 4)).toBe(200);
    expect(await dribble("/kent/report/submit-driving-footage/footage/", "multipart/form-data; boundary=x", 4)).toBe(200);
  });
});
