// Decides whether a call is recorded, and under which category (catalogue `when` tables).
import type { Category, CatalogEntry, When } from "./catalog.js";

export function categoryOf(
    entry: CatalogEntry, args: readonly unknown[], argText: (value: unknown) => string | null,
): Category | null {
    if (entry.when === null) {
        return entry.category;
    }
    const text = argText(args[entry.when.arg]);
    return text === null ? null : lookup(entry.when, text);
}

export function lookup(when: When, text: string): Category | null {
    switch (when.match) {
        case "equals":
            return when.table[text] ?? null;
        case "uri_authority": {
            const authority = uriAuthority(text);
            return authority === null ? null : (when.table[authority] ?? null);
        }
        case "path":
            for (const [pattern, category] of Object.entries(when.table)) {
                if (globMatch(pattern, text)) {
                    return category;
                }
            }
            return null;
    }
}

/** "content://10@com.android.contacts/data" -> "com.android.contacts" (user prefix dropped). */
export function uriAuthority(uri: string): string | null {
    const start = uri.indexOf("://");
    if (start < 0) {
        return null;
    }
    let rest = uri.slice(start + 3);
    const end = rest.search(/[/?#]/);
    if (end >= 0) {
        rest = rest.slice(0, end);
    }
    const at = rest.lastIndexOf("@");
    return at >= 0 ? rest.slice(at + 1) : rest;
}

const globCache = new Map<string, RegExp>();

/** `*` matches within one path segment; everything else is literal. */
export function globMatch(pattern: string, text: string): boolean {
    let re = globCache.get(pattern);
    if (re === undefined) {
        const body = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*");
        re = new RegExp(`^${body}$`);
        globCache.set(pattern, re);
    }
    return re.test(text);
}
