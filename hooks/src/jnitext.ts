// A Java string's text, and a String member's, in one native call instead of four to six.
//
// readString (jvm.ts) took GetStringLength, GetStringChars and ReleaseStringChars, and a member
// read also its field read or getter call, the exception check and DeleteLocalRef: each one a
// NativeFunction call that lets the JS lock go and takes it again. A list result pays that per
// element and member (64 PackageInfo of getInstalledPackages: two members each). Here the calls
// run in C, one cooperative call for all of them (the JS lock is let go, as for every JNI call
// of the agent: a JNI call can wait for a safepoint, docs/agent.md).
//
// The text lands in a buffer taken from a pool for the call's duration: with the JS lock let
// go, another thread's hook can read a string at the same time. Writable static data in a
// CModule faults on this build of Frida (stackkey.ts), so the C side keeps no state.

export const BUFFER_CHARS = 4096; // the longest text read this way (UTF-16 units)

const SOURCE = `
/* no header (plain C types): compiled in 0.40 ms instead of 0.65 with glib.h */

typedef void * (* GetObjectField) (void * env, void * obj, void * id);
typedef void * (* CallObjectMethodA) (void * env, void * obj, void * id, void * args);
typedef int (* GetStringLength) (void * env, void * str);
typedef void (* GetStringRegion) (void * env, void * str, int start, int len, unsigned short * buf);
typedef void (* DeleteLocalRef) (void * env, void * ref);
typedef unsigned char (* ExceptionCheck) (void * env);
typedef void (* ExceptionClear) (void * env);

/* indexes in the JNIEnv function table (jni.h, 0-based with the four reserved slots) */
#define EXCEPTION_CLEAR 17
#define DELETE_LOCAL_REF 23
#define CALL_OBJECT_METHOD_A 36
#define GET_OBJECT_FIELD 95
#define GET_STRING_LENGTH 164
#define GET_STRING_REGION 220
#define EXCEPTION_CHECK 228

/* The string's length; its first min(length, max) units are in out. */
int string_text (void * env, void * str, unsigned short * out, int max)
{
  void ** fn = * (void ***) env;
  int length = ((GetStringLength) fn[GET_STRING_LENGTH]) (env, str);
  int n = length < max ? length : max;
  if (n > 0)
    ((GetStringRegion) fn[GET_STRING_REGION]) (env, str, 0, n, out);
  return length;
}

/* A String field (getter 0) or no-argument getter of obj: its length as string_text gives it,
   -1 for null, -2 when the getter threw (the exception is cleared). */
int member_text (void * env, void * obj, void * id, int getter, unsigned short * out, int max)
{
  void ** fn = * (void ***) env;
  void * ref;
  if (getter) {
    ref = ((CallObjectMethodA) fn[CALL_OBJECT_METHOD_A]) (env, obj, id, 0);
    if (((ExceptionCheck) fn[EXCEPTION_CHECK]) (env)) {
      ((ExceptionClear) fn[EXCEPTION_CLEAR]) (env);
      return -2;
    }
  } else {
    ref = ((GetObjectField) fn[GET_OBJECT_FIELD]) (env, obj, id);
  }
  if (ref == 0)
    return -1;
  int length = string_text (env, ref, out, max);
  ((DeleteLocalRef) fn[DELETE_LOCAL_REF]) (env, ref);
  return length;
}
`;

type Decode = (chars: NativePointer, n: number) => string;

/** The native side, or null where CModule is unavailable (the callers keep their JNI calls). */
export class JniText {
    private readonly module: CModule; // kept: its code must outlive every call
    private readonly stringText: NativeFunction<number, [NativePointerValue, NativePointerValue, NativePointerValue, number]>;
    private readonly memberText: NativeFunction<
        number, [NativePointerValue, NativePointerValue, NativePointerValue, number, NativePointerValue, number]
    >;
    private readonly free: NativePointer[] = []; // buffers no call is using

    private constructor(private readonly decode: Decode) {
        this.module = new CModule(SOURCE);
        const symbols = this.module as unknown as Record<"string_text" | "member_text", NativePointer>;
        const options: NativeFunctionOptions = { scheduling: "cooperative", exceptions: "propagate" };
        this.stringText = new NativeFunction(
            symbols.string_text, "int", ["pointer", "pointer", "pointer", "int"], options);
        this.memberText = new NativeFunction(
            symbols.member_text, "int", ["pointer", "pointer", "pointer", "int", "pointer", "int"], options);
    }

    static open(decode: Decode): JniText | null {
        try {
            return new JniText(decode);
        } catch {
            return null;
        }
    }

    /** At most `max` (<= BUFFER_CHARS) units of a java.lang.String, and its length. */
    string(env: NativePointer, str: NativePointer, max: number): { text: string; length: number } {
        const buffer = this.free.pop() ?? Memory.alloc(BUFFER_CHARS * 2);
        try {
            const length = this.stringText(env, str, buffer, max);
            const n = Math.min(length, max);
            return { text: n > 0 ? this.decode(buffer, n) : "", length };
        } finally {
            this.free.push(buffer);
        }
    }

    /** A String member's first `max` units (null for null), "threw" when its getter threw. */
    member(
        env: NativePointer, object: NativePointer, id: NativePointer, getter: boolean, max: number,
    ): { text: string | null } | "threw" {
        const buffer = this.free.pop() ?? Memory.alloc(BUFFER_CHARS * 2);
        try {
            const length = this.memberText(env, object, id, getter ? 1 : 0, buffer, max);
            if (length === -2) {
                return "threw";
            }
            if (length === -1) {
                return { text: null };
            }
            const n = Math.min(length, max);
            return { text: n > 0 ? this.decode(buffer, n) : "" };
        } finally {
            this.free.push(buffer);
        }
    }
}
