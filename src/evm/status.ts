/** How a call frame ended. Halts are integer codes, never exceptions. */
export enum Status {
  Running = 0,
  Stop = 1,
  Return = 2,
  Revert = 3,
  OutOfGas = 4,
  StackUnderflow = 5,
  StackOverflow = 6,
  InvalidJump = 7,
  InvalidOpcode = 8,
  StaticViolation = 9,
  ReturnDataOutOfBounds = 10,
  CodeSizeExceeded = 11,
  InvalidCodePrefix = 12,
  CreateCollision = 13,
  PrecompileFailure = 14,
}

export function isSuccess(status: Status): boolean {
  return status === Status.Stop || status === Status.Return;
}

export const STATUS_NAMES = [
  "running",
  "stop",
  "return",
  "revert",
  "out of gas",
  "stack underflow",
  "stack overflow",
  "invalid jump",
  "invalid opcode",
  "state change in static call",
  "return data out of bounds",
  "code size exceeded",
  "code starts with 0xEF",
  "create address collision",
  "precompile failure",
];
