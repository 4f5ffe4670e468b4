/**
 * Which document fields (root types) an update would change, decided against the room's document BEFORE the
 * update is applied, so an edit to a field the host locked can be refused whole (Yjs cannot take an update back).
 *
 * An item names its root only when it has no neighbour (`parent` is the root's name); otherwise it hangs off its
 * left or right origin, which lives either earlier in the same update or in the document. Deletions name ids,
 * which are looked up the same way; deleting what the room already deleted counts as no change. An id found in neither (the update depends on something the room has not
 * received) cannot be placed: the answer is `undefined`, and a caller enforcing a lock treats it as touching
 * every field. The cost is linear in the update plus a binary search per origin and deleted range.
 */
import { CONTROLS_MAP_NAME, LOCKED_FIELDS_KEY, LOCKED_ROOTS, VIEWER_ONLY_KEY, isLockableField, type LockableField } from '@promptjam/protocol';
import * as Y from 'yjs';

type DecodedStruct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type StructId = { client: number; clock: number };

/** The fields the room's host has locked, as the controls map records them. */
export function lockedFields(doc: Y.Doc): ReadonlySet<LockableField> {
  if (!doc.share.has(CONTROLS_MAP_NAME)) return new Set();
  const value = doc.getMap(CONTROLS_MAP_NAME).get(LOCKED_FIELDS_KEY);
  return new Set(Array.isArray(value) ? value.filter(isLockableField) : []);
}

/** Whether the room's host made it view-only. */
export function isViewerOnly(doc: Y.Doc): boolean {
  return doc.share.has(CONTROLS_MAP_NAME) && doc.getMap(CONTROLS_MAP_NAME).get(VIEWER_ONLY_KEY) === true;
}

/** The root names `update` writes or deletes in, or `undefined` when some part of it cannot be placed. */
export function rootsTouched(doc: Y.Doc, update: Uint8Array): Set<string> | undefined {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, DecodedStruct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  const memo = new Map<DecodedStruct, string | undefined>();
  const resolving = new Set<DecodedStruct>();

  const rootOfStruct = (struct: DecodedStruct): string | undefined => {
    if (memo.has(struct)) return memo.get(struct);
    if (!(struct instanceof Y.Item) || resolving.has(struct)) return undefined;
    resolving.add(struct);
    const parent = struct.parent as unknown;
    let root: string | undefined;
    if (typeof parent === 'string') root = parent;
    else if (parent === null) {
      const neighbour = struct.origin ?? struct.rightOrigin;
      root = neighbour ? rootOfId(neighbour) : undefined;
    } else if (parent instanceof Y.ID) {
      // The first item of a nested type (a sketch stroke's points) names the item holding that type.
      root = rootOfId(parent);
    }
    resolving.delete(struct);
    memo.set(struct, root);
    return root;
  };

  const rootOfId = (id: StructId): string | undefined => {
    const inUpdate = findStruct(byClient.get(id.client), id.clock);
    if (inUpdate) return rootOfStruct(inUpdate);
    return rootInDoc(doc, id);
  };

  const roots = new Set<string>();
  for (const struct of structs) {
    // GC structs (already-deleted content) and skips change nothing a reader sees.
    if (!(struct instanceof Y.Item)) continue;
    const root = rootOfStruct(struct);
    if (root === undefined) return undefined;
    roots.add(root);
  }
  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) {
      const found = rootsOfRange(doc, byClient.get(client), client, clock, len, rootOfStruct);
      if (found === undefined) return undefined;
      for (const root of found) roots.add(root);
    }
  }
  return roots;
}

/** The struct of a (clock-ordered) list that contains `clock`. */
function findStruct<S extends { id: StructId; length: number }>(list: readonly S[] | undefined, clock: number): S | undefined {
  if (!list) return undefined;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const struct = list[mid]!;
    if (clock < struct.id.clock) high = mid - 1;
    else if (clock >= struct.id.clock + struct.length) low = mid + 1;
    else return struct;
  }
  return undefined;
}

/** The root of the document's item with `id`, or undefined when the document lacks it. */
function rootInDoc(doc: Y.Doc, id: StructId): string | undefined {
  const item = findStruct(doc.store.clients.get(id.client), id.clock);
  return item instanceof Y.Item ? rootKeyOf(item) : undefined;
}

function rootKeyOf(item: Y.Item): string | undefined {
  let type = item.parent;
  // Nested types (a sketch stroke and its points) belong to the root their outermost type hangs off.
  while (type instanceof Y.AbstractType && type._item !== null) type = type._item.parent;
  if (!(type instanceof Y.AbstractType)) return undefined;
  try {
    return Y.findRootTypeKey(type);
  } catch {
    return undefined;
  }
}

/** The roots of every struct in a deleted range, from the update itself or the document. */
function rootsOfRange(
  doc: Y.Doc,
  inUpdate: DecodedStruct[] | undefined,
  client: number,
  clock: number,
  len: number,
  rootOfStruct: (struct: DecodedStruct) => string | undefined,
): Set<string> | undefined {
  const roots = new Set<string>();
  const docStructs = doc.store.clients.get(client);
  for (let at = clock; at < clock + len; ) {
    const fromUpdate = findStruct(inUpdate, at);
    const fromDoc = fromUpdate ? undefined : findStruct(docStructs, at);
    const struct = fromUpdate ?? fromDoc;
    if (!struct) return undefined;
    // Deleting what the room already deleted changes nothing: a reconnecting client's sync step 2 carries the
    // document's whole delete set, locked fields included.
    if (struct instanceof Y.Item && !(fromDoc && struct.deleted)) {
      const root = fromUpdate ? rootOfStruct(fromUpdate) : rootKeyOf(struct as Y.Item);
      if (root === undefined) return undefined;
      roots.add(root);
    }
    at = struct.id.clock + struct.length;
  }
  return roots;
}

/**
 * The locked field `update` would change, if any: undefined when nothing is locked or the update stays clear of
 * every lock. An update that cannot be placed counts as touching the first locked field.
 */
export function lockedFieldTouched(doc: Y.Doc, update: Uint8Array): LockableField | undefined {
  const locked = lockedFields(doc);
  if (locked.size === 0) return undefined;
  const roots = rootsTouched(doc, update);
  for (const field of locked) {
    if (roots === undefined || LOCKED_ROOTS[field].some((root) => roots.has(root))) return field;
  }
  return undefined;
}
