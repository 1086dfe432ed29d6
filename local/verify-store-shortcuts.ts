/**
 * KEPT_VERIFY_STORE_SHORTCUTS=1 (every test project sets it): each shortcut the in-process store
 * takes past dynalite's own work (the expression parse cache, the request type check, the table
 * description cache) also does that work the slow way and fails if the two differ. Read once: a
 * test switch, not a setting of Kept.
 */
export const VERIFY_STORE_SHORTCUTS = process.env.KEPT_VERIFY_STORE_SHORTCUTS === '1';
