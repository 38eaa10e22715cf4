/** The one error type of tx/: a transaction that cannot be decoded, rebuilt or verified. */

/**
 * A transaction is malformed or its signature is invalid. `field` names the transaction field at fault
 * ("nonce", "to", "accessList", "signature", "hash", "from", …); `problem` says what is wrong with it;
 * `where` (optional) says which transaction this is, e.g. "block 19932703 tx 5".
 */
export class TxDecodeError extends Error {
  override name = "TxDecodeError";
  readonly field: string;
  readonly problem: string;
  readonly where: string | undefined;

  constructor(field: string, problem: string, where?: string) {
    super(`${where === undefined ? "" : `${where}: `}transaction field "${field}": ${problem}`);
    this.field = field;
    this.problem = problem;
    this.where = where;
  }
}
