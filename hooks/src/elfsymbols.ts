// Addresses of a few named symbols of a loaded ELF library, found in one pass over its symbol
// tables in C. Frida's Module.findSymbolByName first makes a table of every symbol of the file
// (libjvm: 57,917): 19 ms of each agent load at idle, 28-113 ms under load (docs/speed.md),
// for the ~45 names frida-java-bridge and the agent need. Here the file is mapped read-only,
// each .symtab and .dynsym entry's name is hashed and compared with the wanted ones only, and
// nothing is kept. A file the scan cannot read as a 64-bit little-endian ELF library gives null:
// the caller then looks the names up through Frida as before. The file is the JVM's own library
// (the runtime the harness chose), not one the app names.

const SOURCE = `
#include <glib.h>

extern int open (const char * path, int flags, ...);
extern int close (int fd);
extern void * mmap (void * addr, gsize length, int prot, int flags, int fd, glong offset);
extern int munmap (void * addr, gsize length);
extern glong lseek (int fd, glong offset, int whence);

typedef struct {
  guint8 ident[16]; guint16 type, machine; guint32 version;
  guint64 entry, phoff, shoff; guint32 flags;
  guint16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} Ehdr;
typedef struct { guint32 type, flags; guint64 offset, vaddr, paddr, filesz, memsz, align; } Phdr;
typedef struct {
  guint32 name, type; guint64 flags, addr, offset, size; guint32 link, info; guint64 addralign, entsize;
} Shdr;
typedef struct { guint32 name; guint8 info, other; guint16 shndx; guint64 value, size; } Sym;

#define SLOTS 256 /* a power of two, over twice the names asked for */

static guint32 fnv (const gchar * s, const gchar * end)
{
  guint32 h = 2166136261u;
  while (s < end && *s != 0)
    h = (h ^ (guint8) *s++) * 16777619u;
  return h;
}

/* names: count NUL-terminated names one after another; out: count offsets from the lowest
   loadable segment's address (0 where not found). Returns 0, or -1 where the file is not one
   this scan reads (the caller falls back). .symtab is read first and its value kept: the bridge
   lets symbols override exports of the same name. */
gint elf_find (const gchar * path, const gchar * names, gint count, guint64 * out)
{
  gint result = -1;
  if (count <= 0 || count > SLOTS / 2)
    return -1;
  int fd = open (path, 0 /* O_RDONLY */);
  if (fd < 0)
    return -1;
  glong size = lseek (fd, 0, 2 /* SEEK_END */);
  guint8 * file = (size > (glong) sizeof (Ehdr))
      ? mmap (NULL, size, 1 /* PROT_READ */, 2 /* MAP_PRIVATE */, fd, 0) : (void *) -1;
  close (fd);
  if (file == (void *) -1)
    return -1;
  const gchar * name_at[SLOTS / 2];
  guint32 hash_of[SLOTS / 2];
  gint slot_of[SLOTS];
  for (gint i = 0; i != SLOTS; i++)
    slot_of[i] = -1;
  const gchar * p = names;
  for (gint i = 0; i != count; i++) {
    name_at[i] = p;
    while (*p != 0) p++;
    hash_of[i] = fnv (name_at[i], p);
    p++;
    guint32 s = hash_of[i] & (SLOTS - 1);
    while (slot_of[s] >= 0) s = (s + 1) & (SLOTS - 1);
    slot_of[s] = i;
    out[i] = 0;
  }
  const Ehdr * eh = (const Ehdr *) file;
  if (eh->ident[0] != 0x7f || eh->ident[1] != 'E' || eh->ident[2] != 'L' || eh->ident[3] != 'F'
      || eh->ident[4] != 2 /* 64-bit */ || eh->ident[5] != 1 /* little-endian */
      || eh->shentsize != sizeof (Shdr) || eh->phentsize != sizeof (Phdr)
      || eh->shoff + (guint64) eh->shnum * sizeof (Shdr) > (guint64) size
      || eh->phoff + (guint64) eh->phnum * sizeof (Phdr) > (guint64) size)
    goto done;
  guint64 lowest = (~(guint64) 0);
  const Phdr * ph = (const Phdr *) (file + eh->phoff);
  for (gint i = 0; i != eh->phnum; i++)
    if (ph[i].type == 1 /* PT_LOAD */ && ph[i].vaddr < lowest)
      lowest = ph[i].vaddr;
  if (lowest == (~(guint64) 0))
    goto done;
  lowest &= ~(guint64) 0xfff;
  const Shdr * sh = (const Shdr *) (file + eh->shoff);
  for (gint pass = 0; pass != 2; pass++) {
    guint32 wanted = pass == 0 ? 2 /* SHT_SYMTAB */ : 11 /* SHT_DYNSYM */;
    for (gint i = 0; i != eh->shnum; i++) {
      if (sh[i].type != wanted || sh[i].entsize != sizeof (Sym) || sh[i].link >= eh->shnum)
        continue;
      const Shdr * str = &sh[sh[i].link];
      if (sh[i].offset + sh[i].size > (guint64) size || str->offset + str->size > (guint64) size)
        continue;
      const gchar * strings = (const gchar *) (file + str->offset);
      const gchar * strings_end = strings + str->size;
      const Sym * sym = (const Sym *) (file + sh[i].offset);
      guint64 n = sh[i].size / sizeof (Sym);
      for (guint64 k = 0; k != n; k++) {
        if (sym[k].shndx == 0 /* undefined */ || sym[k].name >= str->size)
          continue;
        const gchar * name = strings + sym[k].name;
        guint32 h = fnv (name, strings_end);
        for (guint32 s = h & (SLOTS - 1); slot_of[s] >= 0; s = (s + 1) & (SLOTS - 1)) {
          gint j = slot_of[s];
          if (hash_of[j] != h)
            continue;
          const gchar * a = name;
          const gchar * b = name_at[j];
          while (a < strings_end && *a != 0 && *a == *b) { a++; b++; }
          if (a < strings_end && *a == 0 && *b == 0 && out[j] == 0)
            out[j] = sym[k].value - lowest;
        }
      }
    }
  }
  result = 0;
done:
  munmap (file, size);
  return result;
}
`;

/** name -> address of the names found in `module`'s file; null where the scan cannot read it. */
export function findElfSymbols(module: Module, names: readonly string[]): Map<string, NativePointer> | null {
    try {
        const libc = (name: string): NativePointer => Module.getGlobalExportByName(name);
        const cm = new CModule(SOURCE, {
            open: libc("open"), close: libc("close"), mmap: libc("mmap"), munmap: libc("munmap"),
            lseek: libc("lseek"),
        });
        const find = new NativeFunction(
            (cm as unknown as { elf_find: NativePointer }).elf_find, "int",
            ["pointer", "pointer", "int", "pointer"],
        );
        // one after another, each NUL-terminated (allocUtf8String would stop at the first NUL)
        const blob = Memory.alloc(names.reduce((n, name) => n + name.length + 1, 0));
        let at = blob;
        for (const name of names) {
            at.writeUtf8String(name);
            at = at.add(name.length + 1); // the names are ASCII: one byte a character
        }
        const out = Memory.alloc(8 * names.length);
        if (find(Memory.allocUtf8String(module.path), blob, names.length, out) !== 0) {
            return null;
        }
        const found = new Map<string, NativePointer>();
        names.forEach((name, i) => {
            const offset = out.add(8 * i).readU64();
            if (!offset.equals(0)) {
                found.set(name, module.base.add(offset));
            }
        });
        return found;
    } catch {
        return null; // no CModule on this build, a libc name missing: Frida's look-ups instead
    }
}
