/**
 * Checks a folder before LMDB sees it. lmdb-js (3.5) crashes the whole process with a segmentation fault when
 * data.mdb is not an LMDB file, instead of returning LMDB's MDB_INVALID, so we read the first meta page
 * ourselves and refuse anything that is not one, with an error that says what to do.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseError } from "./errors.js";

/** LMDB's own files in a database folder. */
export const DATA_FILE = "data.mdb";
const LOCK_FILE = "lock.mdb";

/**
 * The first meta page as this LMDB build writes it: a page header of 8-byte page number, 8-byte txn id,
 * 2-byte pad and 2-byte flags (P_META = 0x08), padded to 24 bytes; then the meta record, which starts with
 * the magic number and the data-format version, native-endian.
 */
const FLAGS_OFFSET = 18;
const P_META = 0x08;
const MAGIC_OFFSET = 24;
const MDB_MAGIC = 0xbeefc0de;
const VERSION_OFFSET = 28;
const MDB_DATA_VERSION = 2;
const HEADER_BYTES = 32;

/** Refuses paths LMDB would misuse: a file, a read-only open of nothing, a folder of other files, a bad data.mdb. */
export function checkFolder(folder: string, readOnly: boolean): void {
  if (!existsSync(folder)) {
    if (readOnly) throw new DatabaseError(folder, "does not exist; open it without readOnly first to create it");
    return;
  }
  if (!statSync(folder).isDirectory()) {
    throw new DatabaseError(folder, "is a file, not a folder; pass the folder that holds (or is to hold) the database");
  }
  const names = readdirSync(folder);
  if (names.includes(DATA_FILE)) {
    checkDataFile(folder, readOnly);
    return;
  }
  if (readOnly) throw new DatabaseError(folder, "holds no database; open it without readOnly first to create it");
  if (names.some((name) => name !== LOCK_FILE)) {
    throw new DatabaseError(folder, "holds other files but no database; pass an empty or new folder");
  }
}

/**
 * An empty data.mdb is one LMDB has yet to initialise (only a writer can); anything else must start with an
 * LMDB meta page.
 */
function checkDataFile(folder: string, readOnly: boolean): void {
  const file = join(folder, DATA_FILE);
  const header = new Uint8Array(HEADER_BYTES);
  let read: number;
  const fd = openSync(file, "r");
  try {
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 0) {
    if (readOnly)
      throw new DatabaseError(folder, "holds an empty database; open it without readOnly first to create it");
    return;
  }
  const view = new DataView(header.buffer);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const valid =
    read === HEADER_BYTES &&
    (view.getUint16(FLAGS_OFFSET, littleEndian) & P_META) !== 0 &&
    view.getUint32(MAGIC_OFFSET, littleEndian) === MDB_MAGIC &&
    (view.getUint32(VERSION_OFFSET, littleEndian) & 0xffff) === MDB_DATA_VERSION;
  if (!valid) {
    throw new DatabaseError(
      folder,
      `${DATA_FILE} is not an LMDB data file this version can read (damaged, or written by another LMDB version); ` +
        "restore the folder from a backup or pass another folder",
    );
  }
}
