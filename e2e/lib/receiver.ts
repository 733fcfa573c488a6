/**
 * A local webhook receiver for the end-to-end suite: a Node HTTP server on
 * 127.0.0.1 that records every request (headers and raw body, which signature
 * verification needs byte for byte) and answers with `answer` (default 204).
 * The dev server may deliver to it only because WEBHOOKS_ALLOW_LOCAL_URLS is set
 * for local development; production refuses loopback receivers.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  hits: Hit[];
  /** The status the next requests get. */
  answer: number;
  close: () => Promise<void>;
}

/** Starts a receiver on a free port; `path` is appended to its URL. */
export async function startReceiver(path = "/hooks/jobboard"): Promise<Receiver> {
  const hits: Hit[] = [];
  const receiver: Receiver = { url: "", hits, answer: 204, close: async () => {} };
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      hits.push({ headers, body });
      res.writeHead(receiver.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
