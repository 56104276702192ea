import type * as grpc from "@grpc/grpc-js";
import type * as protoLoader from "@grpc/proto-loader";

/**
 * Strict request decoding. protobufjs (under @grpc/proto-loader) skips unknown fields, truncates an
 * out-of-range int32 to 32 bits and accepts malformed UTF-8; grpc-js answers any decode exception
 * with INTERNAL. This scanner walks the wire bytes against the message descriptor first, so every
 * malformed or unknown input becomes a DecodeFailure that the server answers INVALID_ARGUMENT,
 * naming the field.
 */

/** What a guarded deserializer returns instead of throwing; the server interceptor refuses it. */
export class DecodeFailure {
  constructor(readonly message: string) {}
}

class DecodeError extends Error {}

interface FieldDesc {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}
interface MessageDesc {
  field: FieldDesc[];
}

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

const WIRE: Record<string, number> = {
  TYPE_INT32: VARINT, TYPE_INT64: VARINT, TYPE_UINT32: VARINT, TYPE_UINT64: VARINT, TYPE_SINT32: VARINT,
  TYPE_SINT64: VARINT, TYPE_BOOL: VARINT, TYPE_ENUM: VARINT,
  TYPE_FIXED64: I64, TYPE_SFIXED64: I64, TYPE_DOUBLE: I64,
  TYPE_FIXED32: I32, TYPE_SFIXED32: I32, TYPE_FLOAT: I32,
  TYPE_STRING: LEN, TYPE_BYTES: LEN, TYPE_MESSAGE: LEN,
};

const TWO_31 = 1n << 31n;
const TWO_32 = 1n << 32n;
const TWO_64 = 1n << 64n;

/** Which decoded varint values a field type can hold (protobufjs would silently truncate the rest). */
function varintFits(type: string, v: bigint): boolean {
  switch (type) {
    case "TYPE_INT32":
    case "TYPE_ENUM":
      return v < TWO_31 || v >= TWO_64 - TWO_31; // negatives are sign-extended to 64 bits
    case "TYPE_UINT32":
      return v < TWO_32;
    case "TYPE_SINT32":
      return v < TWO_32;
    case "TYPE_BOOL":
      return v <= 1n;
    default:
      return true;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

class Scanner {
  pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly end: number,
    start: number,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(what: string): bigint {
    let v = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new DecodeError(`${what}: truncated varint`);
      const b = this.buf[this.pos++]!;
      v |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (v >= TWO_64) throw new DecodeError(`${what}: varint longer than 64 bits`);
        return v;
      }
    }
    throw new DecodeError(`${what}: varint longer than 10 bytes`);
  }

  skip(n: number, what: string): number {
    if (n > this.end - this.pos) throw new DecodeError(`${what}: length ${n} runs past the end of the message`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
}

export type DescriptorLookup = (typeName: string) => MessageDesc | undefined;

/** Checks one message's bytes against its descriptor, recursing into sub-messages. */
function scanMessage(buf: Uint8Array, start: number, end: number, desc: MessageDesc, lookup: DescriptorLookup, path: string): void {
  const s = new Scanner(buf, end, start);
  while (!s.done) {
    const tag = s.varint(path || "message");
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    const field = desc.field.find((f) => f.number === number);
    if (!field) throw new DecodeError(`${path ? `${path}: ` : ""}unknown field number ${number} (wire type ${wire}); this server's API has no such field`);
    const name = path ? `${path}.${field.name}` : field.name;
    const expected = WIRE[field.type];
    if (expected === undefined) throw new DecodeError(`${name}: unsupported field type ${field.type}`);
    const packed = wire === LEN && field.label === "LABEL_REPEATED" && expected !== LEN;
    if (wire !== expected && !packed) throw new DecodeError(`${name}: wire type ${wire} does not match the field's type ${field.type}`);
    if (packed) {
      const len = Number(s.varint(name));
      const at = s.skip(len, name);
      const inner = new Scanner(buf, at + len, at);
      while (!inner.done) scalar(inner, field, name);
      continue;
    }
    if (wire === LEN) {
      const len = s.varint(name);
      if (len > BigInt(end - s.pos)) throw new DecodeError(`${name}: length ${len} runs past the end of the message`);
      const at = s.skip(Number(len), name);
      if (field.type === "TYPE_STRING") {
        try {
          utf8.decode(buf.subarray(at, at + Number(len)));
        } catch {
          throw new DecodeError(`${name}: is not valid UTF-8`);
        }
      } else if (field.type === "TYPE_MESSAGE") {
        const sub = lookup(field.typeName);
        if (!sub) throw new DecodeError(`${name}: unknown message type ${field.typeName}`);
        scanMessage(buf, at, at + Number(len), sub, lookup, name);
      }
      continue;
    }
    scalar(s, field, name);
  }
}

function scalar(s: Scanner, field: FieldDesc, name: string): void {
  const wire = WIRE[field.type];
  if (wire === VARINT) {
    const v = s.varint(name);
    if (!varintFits(field.type, v)) throw new DecodeError(`${name}: value ${v} is out of range for ${field.type.slice(5).toLowerCase()}`);
  } else if (wire === I64) s.skip(8, name);
  else if (wire === I32) s.skip(4, name);
  else throw new DecodeError(`${name}: a ${field.type} cannot be packed`);
}

/** Resolves the (package-relative or absolute) type names proto-loader's descriptors use. */
export function descriptorLookup(def: protoLoader.PackageDefinition, pkg: string): DescriptorLookup {
  return (typeName) => {
    const name = typeName.replace(/^\./, "");
    const entry = (def[name] ?? def[`${pkg}.${name}`]) as { type?: MessageDesc } | undefined;
    return entry?.type;
  };
}

/**
 * A copy of a service definition whose request deserializers never throw: a malformed request
 * decodes to a DecodeFailure. `onDecode` is told of every decode attempted (tests count them).
 */
export function guardService(service: grpc.ServiceDefinition, lookup: DescriptorLookup, onDecode?: () => void): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [method, def] of Object.entries(service)) {
    const reqType = (def as { requestType?: { type?: MessageDesc } }).requestType?.type;
    if (!reqType) throw new Error(`${def.path}: no request descriptor to validate against`);
    const decode = def.requestDeserialize;
    out[method] = {
      ...def,
      requestDeserialize: (buf: Buffer) => {
        onDecode?.();
        try {
          scanMessage(buf, 0, buf.length, reqType, lookup, "");
          return decode(buf);
        } catch (e) {
          if (e instanceof DecodeError) return new DecodeFailure(e.message);
          return new DecodeFailure(`request message could not be decoded: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    };
  }
  return out;
}
