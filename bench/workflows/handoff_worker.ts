/**
 * The worker side of bench/handoff.ts: receives a table as Arrow IPC bytes
 * (transferred), decodes it, and either acknowledges (one-way handoff) or
 * encodes it again and sends it back (round trip).
 *
 * @module
 */
import { decodeTable, encodeTable } from "../../lib/table/transfer.ts";

interface Message {
  mode: "ack" | "echo";
  bytes: Uint8Array;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const table = decodeTable(e.data.bytes);
  if (e.data.mode === "ack") {
    scope.postMessage({ rows: table.numRows() });
    return;
  }
  const bytes = encodeTable(table);
  scope.postMessage({ rows: table.numRows(), bytes }, [bytes.buffer as ArrayBuffer]);
};
