import type { Address } from "../primitives/address.js";

export interface Log {
  address: Address;
  topics: bigint[];
  data: Uint8Array;
}
