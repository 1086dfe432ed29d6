import type { z } from 'zod';

/**
 * The read boundary for stored items: an item becomes a domain object only through its
 * entity's schema, so a malformed item fails here, naming the entity and its key,
 * instead of travelling on as a cast.
 */
export function parseItem<T extends z.ZodTypeAny>(
  entity: string,
  schema: T,
  item: Record<string, unknown>,
): z.infer<T> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
  throw new Error(`Malformed ${entity} item ${String(item.PK)} / ${String(item.SK)}: ${where}`);
}
