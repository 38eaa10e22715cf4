/**
 * A transaction's outcome as bytes in the shared arena, so that the main thread can build receipts from the
 * final incarnations whichever worker ran them: kind (valid, invalid, crashed), then for a valid one status,
 * gas used and logs.
 */
import type { ValidTxOutcome } from "../block/outcome.js";
import { addLogsToBloom, encodeLogs, type Receipt } from "../block/receipt.js";
import type { Log } from "../evm/log.js";
import { Fork } from "../forks.js";
import { readWord, writeWord } from "./codec.js";
import type { SharedTable } from "./shared-table.js";

export enum OutcomeKind {
  Valid = 1,
  Invalid = 2,
  /** The incarnation threw (possible on an inconsistent view; resolved by validation or by falling back). */
  Crashed = 3,
}

// A valid outcome's layout: kind, status, gas used (32), bloom (256), encoded logs' length (4), encoded logs,
// then the log record (count, then per log: address, topic count, topics, data length, data).
const O_STATUS = 1;
const O_GAS = 2;
const O_BLOOM = 34;
const O_LOGS_LENGTH = O_BLOOM + 256;
const O_LOGS = O_LOGS_LENGTH + 4;

function logsSize(logs: Log[]): number {
  let n = 4;
  for (const l of logs) n += 32 + 1 + 32 * l.topics.length + 4 + l.data.length;
  return n;
}

/**
 * Stores a valid outcome with its receipt's bloom and encoded logs, computed here on the worker so that the
 * main thread only concatenates them in order.
 */
export function storeValidOutcome(table: SharedTable, outcome: ValidTxOutcome): number {
  const encodedLogs = encodeLogs(outcome.logs);
  const at = table.allocate(O_LOGS + encodedLogs.length + logsSize(outcome.logs));
  const view = table.arenaView;
  const bytes = table.arena;
  bytes[at] = OutcomeKind.Valid;
  bytes[at + O_STATUS] = outcome.status;
  writeWord(view, at + O_GAS, outcome.gasUsed);
  // The arena is reused from block to block: the bloom's bytes are cleared before its bits are set.
  const bloom = bytes.subarray(at + O_BLOOM, at + O_LOGS_LENGTH);
  bloom.fill(0);
  addLogsToBloom(bloom, outcome.logs);
  view.setUint32(at + O_LOGS_LENGTH, encodedLogs.length);
  bytes.set(encodedLogs, at + O_LOGS);
  let p = at + O_LOGS + encodedLogs.length;
  view.setUint32(p, outcome.logs.length);
  p += 4;
  for (const l of outcome.logs) {
    writeWord(view, p, l.address);
    p += 32;
    bytes[p++] = l.topics.length;
    for (const t of l.topics) {
      writeWord(view, p, t);
      p += 32;
    }
    view.setUint32(p, l.data.length);
    p += 4;
    bytes.set(l.data, p);
    p += l.data.length;
  }
  return at;
}

/**
 * Stores an invalid or crashed outcome: only its kind, since such a block is handed to the sequential
 * executor, whose error is the one reported.
 */
export function storeFailedOutcome(table: SharedTable, kind: OutcomeKind.Invalid | OutcomeKind.Crashed): number {
  const at = table.allocate(1);
  table.arena[at] = kind;
  return at;
}

/** A stored outcome's receipt fields, bytes as views into the arena (nothing copied); gas 0 unless valid. */
export interface ReceiptFields {
  valid: boolean;
  status: 0 | 1;
  gasUsed: bigint;
  bloom: Uint8Array;
  encodedLogs: Uint8Array;
}

export function receiptFieldsAt(table: SharedTable, at: number): ReceiptFields {
  const bytes = table.arena;
  if (outcomeKindAt(table, at) !== OutcomeKind.Valid) {
    return { valid: false, status: 0, gasUsed: 0n, bloom: bytes.subarray(0, 0), encodedLogs: bytes.subarray(0, 0) };
  }
  const logsLength = table.arenaView.getUint32(at + O_LOGS_LENGTH);
  return {
    valid: true,
    status: bytes[at + O_STATUS] as 0 | 1,
    gasUsed: gasUsedAt(table, at),
    bloom: bytes.subarray(at + O_BLOOM, at + O_LOGS_LENGTH),
    encodedLogs: bytes.subarray(at + O_LOGS, at + O_LOGS + logsLength),
  };
}

/** The kind of the outcome stored at `at`. */
export function outcomeKindAt(table: SharedTable, at: number): OutcomeKind {
  return table.arena[at] as OutcomeKind;
}

/** Gas used by the valid outcome stored at `at`. */
export function gasUsedAt(table: SharedTable, at: number): bigint {
  return readWord(table.arenaView, at + O_GAS);
}

/**
 * Copies byte ranges out of the arena into large private chunks and hands out views of them: one allocation
 * for many receipts instead of three per receipt.
 */
export class ByteCopier {
  private chunk = new Uint8Array(0);
  private used = 0;

  copy(from: Uint8Array, start: number, end: number): Uint8Array {
    const n = end - start;
    if (this.used + n > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(1 << 16, n));
      this.used = 0;
    }
    const at = this.used;
    this.chunk.set(from.subarray(start, end), at);
    this.used += n;
    return this.chunk.subarray(at, at + n);
  }
}

/**
 * The receipt of the valid outcome stored at `at`, its bytes copied out of the arena (which the next block
 * reuses); its logs are decoded on first read (see withLazyLogs).
 */
export function receiptAt(
  table: SharedTable,
  at: number,
  type: number,
  gasUsed: bigint,
  cumulativeGasUsed: bigint,
  fork: Fork,
  copier: ByteCopier,
): Receipt {
  const view = table.arenaView;
  const bytes = table.arena;
  const logsLength = view.getUint32(at + O_LOGS_LENGTH);
  const recordAt = at + O_LOGS + logsLength;
  const count = view.getUint32(recordAt);
  let end = recordAt + 4;
  for (let i = 0; i < count; i++) {
    end += 32;
    end += 1 + 32 * bytes[end] + 4;
    end += view.getUint32(end - 4);
  }
  // Bloom, logs length, encoded logs and the log record, in one copy.
  const own = copier.copy(bytes, at + O_BLOOM, end);
  const logsAt = O_LOGS - O_BLOOM;
  const receipt: Receipt = {
    encodedLogs: own.subarray(logsAt, logsAt + logsLength),
    type,
    status: fork >= Fork.Byzantium ? (bytes[at + O_STATUS] as 0 | 1) : undefined,
    root: undefined,
    cumulativeGasUsed,
    gasUsed,
    logs: [],
    bloom: own.subarray(0, O_LOGS_LENGTH - O_BLOOM),
  };
  if (count > 0) withLazyLogs(receipt, own.subarray(logsAt + logsLength));
  return receipt;
}

/**
 * Gives `target` (a receipt) a `logs` property decoded from `record` on first read, then kept as a plain value:
 * the receipts root and the bloom need only the bytes, so a caller that never looks at the log objects never
 * pays for building them on the main thread.
 */
function withLazyLogs(target: { logs: Log[] }, record: Uint8Array): void {
  if (record.length <= 4) {
    target.logs = [];
    return;
  }
  Object.defineProperty(target, "logs", {
    configurable: true,
    enumerable: true,
    get(): Log[] {
      const logs = decodeLogRecord(record);
      Object.defineProperty(target, "logs", { value: logs, writable: true, enumerable: true, configurable: true });
      return logs;
    },
    set(value: Log[]) {
      Object.defineProperty(target, "logs", { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

function decodeLogRecord(bytes: Uint8Array): Log[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0);
  let p = 4;
  const logs: Log[] = [];
  for (let i = 0; i < count; i++) {
    const address = readWord(view, p);
    p += 32;
    const n = bytes[p++];
    const topics: bigint[] = [];
    for (let j = 0; j < n; j++, p += 32) topics.push(readWord(view, p));
    const len = view.getUint32(p);
    p += 4;
    logs.push({ address, topics, data: bytes.slice(p, p + len) });
    p += len;
  }
  return logs;
}
