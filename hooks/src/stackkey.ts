// The stack key on HotSpot without a Java object: JVMTI GetStackTrace of the current thread
// (a jmethodID and a bytecode index per frame) interned in C by exact comparison of the frame
// array, so that a hooked call pays one native call for its key instead of four JNI calls that
// allocate a Throwable, a StackTraceElement per frame and a string of the whole trace.
//
// Exactness: identical frame arrays get the same id, different arrays different ids (a hash hit
// is confirmed frame by frame). An id says more than the old key (two bytecode indexes on one
// source line, or frames Throwable hides, give two ids): jvm.ts folds ids whose old key is the
// same into one stack, so stack ids and frames stay what the Throwable path gave.
//
// jmethodIDs of an unloaded class: HotSpot may hand a freed id slot to a method of a class loaded
// later, so an interned array could then stand for a different stack. Apps' classes stay loaded
// while their loader lives (the simulated device's app loader lives as long as the process), so
// this does not arise there; an app that drops a class loader and loads another could see one
// stale stack for a call site of the new code.
//
// Writable static data in a CModule faults on this build of Frida: all state is in a block that
// stackkey_new allocates, and the table is guarded by a mutex of its own, taken after JVMTI's
// GetStackTrace returns. The key function is called without the JS lock held ("cooperative"):
// GetStackTrace can wait for a safepoint, and at a safepoint the VM thread may call a function
// the agent hooks natively (HotSpot's cgroup reads during a GC open files: libc.open's hook);
// with the JS lock held across GetStackTrace that was a deadlock (a 100,000-call flood hung in CI).

export const MAX_DEPTH = 256; // deeper stacks take the Throwable path (their key is not cut)
export const MAX_STACKS = 16384; // interned arrays; beyond, the Throwable path

const SOURCE = `
#include <glib.h>

typedef struct { void * method; gint64 location; } Frame; /* jvmtiFrameInfo */
typedef gint (* GetStackTrace) (gpointer env, gpointer thread, gint start, gint max, Frame * out, gint * count);

#define MAX_DEPTH ${MAX_DEPTH}
#define MAX_STACKS ${MAX_STACKS}
#define SLOTS (MAX_STACKS * 2) /* a power of two, half full at most */

typedef struct { guint64 hash; Frame * frames; gint count; gint id; } Slot;

typedef struct {
  gpointer env;
  GetStackTrace get_stack_trace;
  gint stacks;
  Slot * slots;
  GMutex lock; /* the table's: callers do not hold the JS lock */
} State;

gpointer stackkey_new (gpointer jvmti)
{
  State * s = g_new0 (State, 1);
  s->env = jvmti;
  /* GetStackTrace is function 104 of jvmtiInterface_1 (1-based) */
  s->get_stack_trace = (GetStackTrace) (* (gpointer **) jvmti)[103];
  s->slots = g_new0 (Slot, SLOTS);
  g_mutex_init (&s->lock);
  return s;
}

/* > 0: the id of a known array; < 0: -id of an array seen for the first time; 0: no key
   (JVMTI error, MAX_DEPTH frames or more, or the table is full). */
gint stackkey_id (State * s)
{
  Frame frames[MAX_DEPTH];
  gint count = 0;
  if (s->get_stack_trace (s->env, NULL, 0, MAX_DEPTH, frames, &count) != 0 || count <= 0 || count >= MAX_DEPTH)
    return 0;
  guint64 h = 14695981039346656037ULL;
  for (gint i = 0; i < count; i++) {
    h = (h ^ (guint64) (gsize) frames[i].method) * 1099511628211ULL;
    h = (h ^ (guint64) frames[i].location) * 1099511628211ULL;
  }
  guint mask = SLOTS - 1;
  guint i = (guint) (h ^ (h >> 29)) & mask;
  gint id = 0;
  g_mutex_lock (&s->lock);
  for (;; i = (i + 1) & mask) {
    Slot * slot = &s->slots[i];
    if (slot->frames == NULL)
      break;
    if (slot->hash != h || slot->count != count)
      continue;
    gint same = 1;
    for (gint k = 0; k < count && same; k++)
      same = slot->frames[k].method == frames[k].method && slot->frames[k].location == frames[k].location;
    if (same) {
      id = slot->id;
      goto done;
    }
  }
  if (s->stacks < MAX_STACKS) {
    Slot * slot = &s->slots[i];
    Frame * copy = g_new (Frame, count);
    for (gint k = 0; k < count; k++)
      copy[k] = frames[k];
    slot->hash = h;
    slot->count = count;
    slot->id = ++s->stacks;
    slot->frames = copy;
    id = -slot->id;
  }
done:
  g_mutex_unlock (&s->lock);
  return id;
}
`;

/** JVMTI 1.2 (jvmti.h JVMTI_VERSION_1_2). */
const JVMTI_VERSION_1_2 = 0x30010200;

interface VmInternals {
    tryGetEnvHandle(version: number): NativePointer | null;
}

/** Interned raw stacks of the calling thread: `id()` as stackkey_id above. */
export class StackKeys {
    private readonly module: CModule; // kept: its code must outlive every call
    private readonly state: NativePointer;
    private readonly key: NativeFunction<number, [NativePointerValue]>;

    private constructor(jvmti: NativePointer) {
        this.module = new CModule(SOURCE);
        const symbols = this.module as unknown as Record<"stackkey_new" | "stackkey_id", NativePointer>;
        const create = new NativeFunction(symbols.stackkey_new, "pointer", ["pointer"]);
        this.state = create(jvmti);
        // cooperative: the JS lock is let go during the call (see the top of this file)
        this.key = new NativeFunction(symbols.stackkey_id, "int", ["pointer"], {
            scheduling: "cooperative", exceptions: "propagate",
        });
    }

    /** Null where JVMTI or CModule is unavailable: the caller keeps the Throwable path. */
    static open(vm: unknown): StackKeys | null {
        try {
            const jvmti = (vm as VmInternals).tryGetEnvHandle(JVMTI_VERSION_1_2);
            return jvmti === null ? null : new StackKeys(jvmti);
        } catch {
            return null;
        }
    }

    id(): number {
        return this.key(this.state);
    }
}
