// A fast check of achievements against the vocabulary's zod schema, compiled from it once: the answer path runs it
// for every item, and zod itself is called only to word the error of an input that fails.
import { Achievement } from '../domain/vocab';

type Check = (v: unknown) => boolean;

const CHECKS: Map<string, Check> = (() => {
  const out = new Map<string, Check>();
  for (const [k, schema] of Object.entries(Achievement.shape)) {
    const optional = 'unwrap' in schema;
    const inner = (optional ? (schema as { unwrap(): unknown }).unwrap() : schema) as {
      def: { type: string };
      options?: string[];
      minValue?: number | null;
      maxValue?: number | null;
      format?: string | null;
    };
    let check: Check;
    switch (inner.def.type) {
      case 'enum': {
        const set = new Set<unknown>(inner.options);
        check = (v) => set.has(v);
        break;
      }
      case 'number': {
        const min = inner.minValue ?? Number.NEGATIVE_INFINITY;
        const max = inner.maxValue ?? Number.POSITIVE_INFINITY;
        const int = inner.format === 'safeint';
        check = (v) =>
          typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!int || Number.isInteger(v));
        break;
      }
      case 'boolean':
        check = (v) => typeof v === 'boolean';
        break;
      default:
        // a slot type this compiler does not know: always defer to zod
        check = () => false;
    }
    out.set(k, optional ? (v) => v === undefined || check(v) : check);
  }
  return out;
})();

/** Is this a valid achievement? (Same answer as `Achievement.safeParse(x).success`, without its cost.) */
export function isAchievement(x: unknown): x is Achievement {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  if (!CHECKS.get('kind')!(o.kind)) return false;
  for (const k in o) {
    const check = CHECKS.get(k);
    if (!check?.(o[k])) return false;
  }
  return true;
}
