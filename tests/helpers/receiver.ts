import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  deliveryId: string;
  body: string;
  timestamp: string;
  signature: string;
  answered: number;
  /** When it arrived (Date.now()). */
  at: number;
}

/** A force's back-office system on loopback: records every delivery and answers as the test tells it to. */
export class Receiver {
  received: Received[] = [];
  answers: (number | "hang")[] = [];
  private server!: Server;
  url = "";
  async start() {
    this.server = createServer(async (request: IncomingMessage, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      const answer = this.answers.shift() ?? 200;
      this.received.push({
        deliveryId: String(request.headers["frontcounter-delivery-id"]),
        body,
        timestamp: String(request.headers["frontcounter-timestamp"]),
        signature: String(request.headers["frontcounter-signature"]),
        answered: answer === "hang" ? 0 : answer,
        at: Date.now(),
      });
      if (answer === "hang") return; // never answers: the sender must time out
      response.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/deliveries`;
  }
  accepted = () => this.received.filter((r) => r.answered >= 200 && r.answered < 300);
  stop = () => new Promise<void>((resolve) => (this.server.closeAllConnections(), this.server.close(() => resolve())));
}
