/**
 * Moving tables between threads without copying them. A table becomes a
 * {@link TablePacket}: its Arrow types and, per column, its buffers
 * (values, offsets, validity, dictionary) as typed arrays on
 * SharedArrayBuffer. postMessage shares such memory instead of copying it,
 * so sending a packet costs microseconds whatever the table's size, and a
 * packet can go to several threads at once.
 *
 * Columns that pfw's readers and row-gathering operations made are in shared
 * memory already and travel as they are; any other buffer is copied into
 * shared memory once, when the packet is made. With `views`, a filtered
 * table travels as its columns plus the rows it shows, and is made a view
 * again on the other side (table_view.ts). Small dictionaries also carry
 * their strings, already decoded. Column types this module does
 * not describe itself (lists, structs, decimals, …) make the whole table
 * travel as Arrow IPC bytes in shared memory instead: slower, never wrong.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { type ArrowColumn, arrowTable, batchClass } from "./arrow_build.ts";
import { baseToArrow, tableToArrow } from "./arrow_export.ts";
import { toArquero, withSafeInt64 } from "./arrow_table.ts";
import { toShared } from "./shared_array.ts";
import { isUtf8Column, knowUtf8Values, utf8Values } from "./text_column.ts";
import { rowIndex, viewOfRows } from "./table_view.ts";

/** An Arrow data type as plain data (flechette's types hold constructors, which can't be posted). */
export interface WireType {
  typeId: number;
  bitWidth?: number;
  signed?: boolean;
  precision?: number;
  unit?: number;
  timezone?: string | null;
  /** Dictionary types: the type of the values and of the keys. */
  dictionary?: WireType;
  indices?: WireType;
  ordered?: boolean;
}

/** One record batch of a column; every buffer is in shared memory. */
export interface WireBatch {
  length: number;
  nullCount: number;
  validity?: Uint8Array;
  values?: ArrayBufferView;
  offsets?: Int32Array | BigInt64Array;
  /** The values of a dictionary batch (the same object for batches that share one). */
  dictionary?: WireColumn;
}

/** A column as plain data over shared buffers. */
export interface WireColumn {
  type: WireType;
  batches: WireBatch[];
  /** The strings of a small dictionary's values, already decoded: cloned with the message, not decoded again. */
  strings?: string[];
}

/** A table ready for postMessage (no transfer list needed: its memory is shared). */
export interface TablePacket {
  names: string[];
  rows: number;
  /** The columns, unless the table travels as {@link ipc}. */
  columns?: WireColumn[];
  /** Arrow IPC stream bytes (shared memory), for tables with column types not described by WireType. */
  ipc?: Uint8Array;
  /**
   * A view sent as one: the data rows it shows, in its order, over all the
   * rows of {@link columns} (see {@link EncodeOptions.views}).
   */
  view?: Uint32Array;
}

/** Options of {@link encodeTable}. */
export interface EncodeOptions {
  /**
   * Send a filtered table as its columns plus the list of rows it shows
   * instead of copying those rows out, when it shows at least a quarter of
   * its data rows (fewer: the copy is small, and the other thread would keep
   * every row alive). A sorted table is still copied out here: the copy reads
   * its rows at random (~0.3 s for 500k rows of text), better spent by the
   * thread that sorted than by a receiver that may be main. The engine's
   * transfers set this; a caller that wants a plain table back does not.
   */
  views?: boolean;
}

const EMPTY = new Uint8Array(0);
/** Dictionaries of at most this many strings send them decoded (cloning short strings beats decoding them again). */
const CLONED_STRINGS = 4096;
const T = flechette.Type;

/** The packet of a table; see the module doc for what is copied. */
export function encodeTable(table: Table, options: EncodeOptions = {}): TablePacket {
  if (options.views && table.isFiltered() && !table.isOrdered()) {
    const rows = rowIndex(table);
    if (rows.length * 4 >= table.totalRows()) {
      const base = encodeArrow(baseToArrow(table));
      if (!base.ipc) return { ...base, rows: rows.length, view: toShared(rows) };
    }
  }
  return encodeArrow(tableToArrow(table));
}

function encodeArrow(arrow: flechette.Table): TablePacket {
  const names = arrow.names as string[];
  const dictionaries = new Map<ArrowColumn, WireColumn>();
  const columns: WireColumn[] = [];
  for (const col of arrow.children as ArrowColumn[]) {
    const wire = columnToWire(col, dictionaries);
    if (!wire) return { names, rows: arrow.numRows, ipc: toShared(flechette.tableToIPC(arrow, { format: "stream" })!) };
    columns.push(wire);
  }
  return { names, rows: arrow.numRows, columns };
}

/** The table of a packet made by {@link encodeTable}, over the packet's memory (no copy). */
export function decodeTable(packet: TablePacket): Table {
  if (packet.ipc) return toArquero(withSafeInt64(flechette.tableFromIPC(packet.ipc, { useDate: true })));
  const dictionaries = new Map<WireColumn, ArrowColumn>();
  const columns = packet.columns!.map((c) => columnFromWire(c, dictionaries));
  const table = toArquero(withSafeInt64(arrowTable(packet.names, columns)));
  return packet.view ? viewOfRows(table, packet.view) : table;
}

/** Bytes of memory a packet refers to (for statistics). */
export function packetBytes(packet: TablePacket): number {
  if (packet.ipc) return packet.ipc.byteLength;
  let total = packet.view?.byteLength ?? 0;
  const seen = new Set<WireColumn>();
  const add = (c: WireColumn) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const b of c.batches) {
      total += (b.values?.byteLength ?? 0) + (b.offsets?.byteLength ?? 0) + (b.validity?.byteLength ?? 0);
      if (b.dictionary) add(b.dictionary);
    }
  };
  for (const c of packet.columns!) add(c);
  return total;
}

function columnToWire(col: ArrowColumn, dictionaries: Map<ArrowColumn, WireColumn>): WireColumn | undefined {
  const type = typeToWire(col.type);
  if (!type) return undefined;
  const batches: WireBatch[] = [];
  // deno-lint-ignore no-explicit-any
  for (const b of col.data as any[]) {
    if (b.children?.length || b.sizes) return undefined;
    const batch: WireBatch = { length: b.length, nullCount: b.nullCount };
    if (b.nullCount && b.validity?.length) batch.validity = toShared(b.validity as Uint8Array);
    if (b.values) batch.values = toShared(b.values as ArrayBufferView);
    if (b.offsets) batch.offsets = toShared(b.offsets as Int32Array);
    if (type.typeId === T.Dictionary) {
      const dict = b.dictionary as ArrowColumn | undefined;
      if (!dict) return undefined;
      let wire = dictionaries.get(dict);
      if (!wire) {
        wire = columnToWire(dict, dictionaries);
        if (!wire) return undefined;
        if (isUtf8Column(dict) && dict.length <= CLONED_STRINGS && !dict.nullCount) wire.strings = utf8Values(dict) as string[];
        dictionaries.set(dict, wire);
      }
      batch.dictionary = wire;
    }
    batches.push(batch);
  }
  return { type, batches };
}

function columnFromWire(wire: WireColumn, dictionaries: Map<WireColumn, ArrowColumn>): ArrowColumn {
  const dictionaryOf = (w: WireColumn): ArrowColumn => {
    let dict = dictionaries.get(w);
    if (!dict) {
      dictionaries.set(w, dict = columnFromWire(w, dictionaries));
      // before setDictionary asks flechette to decode them one by one: the strings sent, or decoded in bulk
      if (w.strings) knowUtf8Values(dict, w.strings);
      else if (isUtf8Column(dict)) utf8Values(dict);
    }
    return dict;
  };
  // A dictionary type must hold its values column's own type object: IPC writers match them by identity.
  const first = wire.batches[0]?.dictionary;
  const type = wire.type.typeId === T.Dictionary && first
    ? flechette.dictionary(dictionaryOf(first).type, typeFromWire(wire.type.indices!) as flechette.IntType, wire.type.ordered)
    : typeFromWire(wire.type);
  const Batch = batchClass(type, { useDate: true });
  const batches = wire.batches.map((b) => {
    const batch = new Batch({
      length: b.length,
      nullCount: b.nullCount,
      type,
      validity: b.validity ?? EMPTY,
      values: b.values as flechette.TypedArray,
      offsets: b.offsets,
    });
    if (b.dictionary) (batch as unknown as { setDictionary(c: ArrowColumn): void }).setDictionary(dictionaryOf(b.dictionary));
    return batch;
  });
  return new flechette.Column(batches, type);
}

/** Plain data for the types pfw makes; undefined for any other (the table then travels as IPC). */
function typeToWire(type: flechette.DataType): WireType | undefined {
  const t = type as WireType & { dictionary?: flechette.DataType; indices?: flechette.DataType };
  switch (t.typeId) {
    case T.Null:
    case T.Bool:
    case T.Utf8:
    case T.LargeUtf8:
    case T.Binary:
      return { typeId: t.typeId };
    case T.Int:
      return { typeId: t.typeId, bitWidth: t.bitWidth, signed: t.signed };
    case T.Float:
      return t.precision ? { typeId: t.typeId, precision: t.precision } : undefined; // float16 reads differently
    case T.Date:
      return { typeId: t.typeId, unit: t.unit };
    case T.Timestamp:
      return { typeId: t.typeId, unit: t.unit, timezone: t.timezone ?? null };
    case T.Dictionary: {
      const dictionary = typeToWire(t.dictionary!);
      const indices = typeToWire(t.indices!);
      return dictionary && indices ? { typeId: t.typeId, dictionary, indices, ordered: Boolean(t.ordered) } : undefined;
    }
  }
  return undefined;
}

function typeFromWire(w: WireType): flechette.DataType {
  switch (w.typeId) {
    case T.Null:
      return flechette.nullType();
    case T.Bool:
      return flechette.bool();
    case T.Utf8:
      return flechette.utf8();
    case T.LargeUtf8:
      return flechette.largeUtf8();
    case T.Binary:
      return flechette.binary();
    case T.Int:
      return flechette.int(w.bitWidth as flechette.IntBitWidth, w.signed);
    case T.Float:
      return flechette.float(w.precision as flechette.Precision_);
    case T.Date:
      return flechette.date(w.unit as flechette.DateUnit_);
    case T.Timestamp:
      return flechette.timestamp(w.unit as flechette.TimeUnit_, w.timezone);
    case T.Dictionary:
      return flechette.dictionary(typeFromWire(w.dictionary!), typeFromWire(w.indices!) as flechette.IntType, w.ordered);
  }
  throw new TypeError(`a table packet has a column of Arrow type ${w.typeId}, which pfw does not send as buffers`);
}
