/**
 * The worker side of bench/handoff.ts: receives a table as a packet over
 * shared memory, decodes it, and either acknowledges with the time the table
 * was usable (one-way handoff) or encodes it again and sends it back (round trip).
 *
 * @module
 */
import { decodeTable, encodeTable, type TablePacket } from "../../lib/table/transfer.ts";

interface Message {
  mode: "ack" | "echo";
  packet: TablePacket;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (e) => {
  const table = decodeTable(e.data.packet);
  if (e.data.mode === "ack") {
    // the decoded table is usable here now: an absolute time (both threads share the clock)
    scope.postMessage({ rows: table.numRows(), at: performance.timeOrigin + performance.now() });
    return;
  }
  scope.postMessage({ rows: table.numRows(), packet: encodeTable(table) });
};
