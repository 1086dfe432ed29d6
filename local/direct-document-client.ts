import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { InProcessDynalite } from './in-process-dynalite.ts';

/**
 * Which members of a document command hold native values (lib-dynamodb's own description of
 * each command: `{ Item: {} }` = every attribute of Item, `{ Items: { '*': {} } }` = every
 * attribute of each element, `[]` = every member of a list).
 */
type KeyNodes = Record<string, unknown> | unknown[] | null;

interface AnyCommand {
  input: Record<string, unknown>;
  inputKeyNodes?: KeyNodes;
  outputKeyNodes?: KeyNodes;
  clientCommand?: { constructor: { name: string } };
  constructor: { name: string };
}

type Handler = (command: AnyCommand) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName: string }) => Handler;

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false, convertTopLevelContainer: true };
const UNMARSHALL = { convertWithoutMapWrapper: true };

/** Applies `convert` to the members `nodes` names, as lib-dynamodb's (un)marshalling middleware does. */
function convertNodes(value: unknown, nodes: KeyNodes | undefined, convert: (v: unknown) => unknown): unknown {
  if (value === undefined || value === null) return value;
  if (nodes === null || nodes === undefined) return convert(value);
  if (Array.isArray(nodes)) return (value as unknown[]).map((member) => convert(member));
  const keys = Object.keys(nodes);
  if (keys.length === 0) {
    // Every attribute of a map of native values.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = convert(v);
    return out;
  }
  if (keys.length === 1 && keys[0] === '*') {
    const child = (nodes as Record<string, KeyNodes>)['*'];
    if (Array.isArray(value)) return value.map((member) => convertNodes(member, child, convert));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = convertNodes(v, child, convert);
    return out;
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) {
    const converted = convertNodes(out[key], (nodes as Record<string, KeyNodes>)[key], convert);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

const toAttribute = (native: unknown) => marshall(native as Record<string, unknown>, MARSHALL);
const toNative = (attribute: unknown) => unmarshall(attribute as never, UNMARSHALL);

/** A store error as the SDK raises it: the DynamoDB error name (`ConditionalCheckFailedException`) and message. */
export class DirectStoreError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  /** A cancelled transaction's reason per member, as the SDK gives them. */
  declare readonly CancellationReasons?: Array<{ Code?: string; Message?: string }>;
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.message ?? body.Message ?? ''));
    this.name = String(body.__type ?? 'UnknownError')
      .split('#')
      .pop()!;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
    if (Array.isArray(body.CancellationReasons))
      this.CancellationReasons = body.CancellationReasons as Array<{ Code?: string; Message?: string }>;
  }
}

/**
 * A document client for the store in this process. The same commands (lib-dynamodb's
 * GetCommand, PutCommand, ...) and the same native values in and out, marshalled by the
 * same library with the same options; each request goes to dynalite's validation and
 * actions as the DynamoDB JSON it would have sent, without the SDK's middleware chain (endpoint
 * resolution, schema serde, signing), which cost more than dynalite itself.
 */
export function directDocumentClient(dynalite: InProcessDynalite): DynamoDBDocumentClient {
  const middlewares: Array<{ name: string; middleware: Middleware }> = [];
  const dispatch: Handler = async (command) => {
    const name = (command.clientCommand ?? command).constructor.name.replace(/Command$/, '');
    const input = command.inputKeyNodes
      ? convertNodes(command.input, command.inputKeyNodes, toAttribute)
      : command.input;
    const answer = await dynalite.dispatchObject(name, JSON.parse(JSON.stringify(input)) as Record<string, unknown>);
    if (answer.status !== 200) throw new DirectStoreError(answer.status, answer.body as Record<string, unknown>);
    const output = { ...(answer.body as Record<string, unknown>), $metadata: { httpStatusCode: 200 } };
    return command.outputKeyNodes ? convertNodes(output, command.outputKeyNodes, toNative) : output;
  };
  const client = {
    middlewareStack: {
      add(middleware: Middleware, options: { name: string }) {
        middlewares.push({ name: options.name, middleware });
      },
      remove(name: string) {
        const index = middlewares.findIndex((entry) => entry.name === name);
        if (index >= 0) middlewares.splice(index, 1);
        return index >= 0;
      },
      identify: () => middlewares.map((entry) => entry.name),
    },
    send(command: AnyCommand) {
      const context = { commandName: (command.clientCommand ?? command).constructor.name };
      const handler = middlewares.reduceRight<Handler>((next, entry) => entry.middleware(next, context), dispatch);
      return handler(command);
    },
    destroy() {},
  };
  return client as unknown as DynamoDBDocumentClient;
}
