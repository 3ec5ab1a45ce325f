import { createReadStream } from "node:fs";
import net from "node:net";

/** Where ClamAV's daemon listens: its local socket, or a TCP address. */
export type ScannerAddress = { socket: string } | { host: string; port: number };

/** The scanner could not say whether a file is clean (not running, not answering, or an error): nothing is kept. */
export class ScannerUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ScannerUnavailable";
  }
}

export type ScanResult = { clean: true } | { clean: false; signature: string };

const connectOptions = (address: ScannerAddress) => ("socket" in address ? { path: address.socket } : { host: address.host, port: address.port });

/** One command to clamd (null-terminated, `z` prefix), its one reply, within `timeoutMs`. */
function talk(address: ScannerAddress, timeoutMs: number, send: (socket: net.Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(connectOptions(address));
    const parts: Buffer[] = [];
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new ScannerUnavailable(reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`clamd did not answer within ${timeoutMs / 1000} s`));
    socket.on("error", (error) => fail(`clamd cannot be reached: ${error.message}`));
    socket.on("data", (data) => parts.push(data));
    socket.on("end", () => {
      if (settled) return;
      settled = true;
      socket.end();
      resolve(Buffer.concat(parts).toString("utf8").replace(/\0$/, "").trim());
    });
    socket.once("connect", () => send(socket).catch((error: Error) => fail(`could not send the file to clamd: ${error.message}`)));
  });
}

const write = (socket: net.Socket, data: Buffer) => new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));

/** A small client for clamd's INSTREAM: the file's bytes in length-prefixed chunks, then a zero length, then the verdict. */
export function clamdScanner(address: ScannerAddress, timeoutMs = 60_000) {
  return {
    /** PING → PONG: clamd is up with its signatures loaded. */
    async ping(): Promise<boolean> {
      try {
        return (await talk(address, 2_000, (s) => write(s, Buffer.from("zPING\0")))) === "PONG";
      } catch {
        return false;
      }
    },
    /** Scans a file by streaming it to clamd (never by path: clamd need not see this service's files). */
    async scan(file: string): Promise<ScanResult> {
      const reply = await talk(address, timeoutMs, async (socket) => {
        await write(socket, Buffer.from("zINSTREAM\0"));
        for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          await write(socket, Buffer.concat([length, chunk]));
        }
        await write(socket, Buffer.alloc(4));
      });
      // "stream: OK", "stream: Eicar-Test-Signature FOUND", or "INSTREAM size limit exceeded. ERROR" and the like.
      if (reply === "stream: OK") return { clean: true };
      const found = /^stream: (.+) FOUND$/.exec(reply);
      if (found) return { clean: false, signature: found[1] };
      throw new ScannerUnavailable(`clamd could not scan the file: ${reply.slice(0, 200)}`);
    },
  };
}

export type Scanner = ReturnType<typeof clamdScanner>;
