/* Differential cases for argument parsing (Python/getargs.c) and value
 * building (Python/modsupport.c).
 *
 * This one source is compiled twice: against CPython 3.11 (linked with
 * libpython3.11) and against pybuffer (linked with libpybuffer). Each build
 * runs every case below and prints one line per case,
 *
 *     <case number> TAB <what was called> TAB <what happened>
 *
 * where "what happened" is the outputs a successful call wrote (every C
 * variable the format filled, printed by its C type), or the exception type
 * and message, followed by whether every argument object is back at its
 * reference count and every buffer the call took has been released.
 * scripts/c-tests.sh runs both builds and compares them line for line: any
 * difference from CPython -- a value, an exception type, a letter of a
 * message, a leaked reference -- is a failed case.
 *
 * The table covers every format unit of 3.11's getargs.c (numbers at and
 * past their limits; O O! O& p; s s# s* z z# z* y y# y* w* S Y U es et es#
 * et#; | $ : ; and nested parentheses), PyArg_ParseTupleAndKeywords with
 * required, optional, keyword-only and positional-only parameters and every
 * keyword error, PyArg_Parse, PyArg_VaParse*, PyArg_UnpackTuple, the
 * Argument Clinic helpers (_PyArg_CheckPositional, _PyArg_BadArgument,
 * _PyArg_UnpackKeywords, _PyArg_NoKeywords, _PyArg_NoPositional) and
 * _PyArg_ParseTupleAndKeywordsFast, the formats compiled without
 * PY_SSIZE_T_CLEAN, and every Py_BuildValue unit (N steals; () [] {};
 * y# s# z with NULL; errors).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <float.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/*                        Describing values                           */
/* ------------------------------------------------------------------ */

typedef struct {
    char text[8192];
    size_t len;
} Out;

static Out out;

static void put(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    if (out.len < sizeof out.text)
        out.len += (size_t)vsnprintf(out.text + out.len, sizeof out.text - out.len, fmt, va);
    va_end(va);
    if (out.len > sizeof out.text)
        out.len = sizeof out.text;
}

static void put_bytes(const char *p, Py_ssize_t n)
{
    put("'");
    for (Py_ssize_t i = 0; i < n && i < 200; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
            put("%c", c);
        else
            put("\\x%02x", c);
    }
    if (n > 200)
        put("...");
    put("'");
}

static void describe(PyObject *o);

/* A pending exception as "Type: message"; clears it. */
static void put_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    put("%s: ", type ? ((PyTypeObject *)type)->tp_name : "(no exception set)");
    if (value != NULL) {
        PyObject *s = PyObject_Str(value);
        const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
        /* PyErr_BadInternalCall names the C file and line that raised it:
           compare only what follows. */
        const char *internal = m ? strstr(m, ": bad argument to internal function") : NULL;
        put("%s", internal ? internal + 2 : m ? m : "(unprintable)");
        Py_XDECREF(s);
    }
    PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static void describe(PyObject *o)
{
    if (o == NULL) {
        put("NULL");
    } else if (o == Py_None) {
        put("None");
    } else if (o == Py_True || o == Py_False) {
        put(o == Py_True ? "True" : "False");
    } else if (PyLong_CheckExact(o)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow == 0) {
            put("%lld", v);
        } else {
            unsigned long long u = PyLong_AsUnsignedLongLong(o);
            if (overflow > 0 && !PyErr_Occurred()) {
                put("%llu", u);
            } else {
                PyErr_Clear();
                put("int(%s)", overflow > 0 ? "> 2**64" : "< -2**63");
            }
        }
    } else if (PyFloat_CheckExact(o)) {
        put("%.17g", PyFloat_AsDouble(o));
    } else if (PyComplex_CheckExact(o)) {
        put("(%.17g%+.17gj)", PyComplex_RealAsDouble(o), PyComplex_ImagAsDouble(o));
    } else if (PyBytes_CheckExact(o)) {
        put("b");
        put_bytes(PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o));
    } else if (PyByteArray_CheckExact(o)) {
        put("bytearray(b");
        put_bytes(PyByteArray_AS_STRING(o), PyByteArray_GET_SIZE(o));
        put(")");
    } else if (PyUnicode_CheckExact(o)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(o, &n);
        if (s == NULL) {
            PyErr_Clear();
            put("str(unencodable, %zd chars)", PyUnicode_GET_LENGTH(o));
        } else {
            put("u");
            put_bytes(s, n);
        }
    } else if (PyTuple_CheckExact(o) || PyList_CheckExact(o)) {
        int tuple = PyTuple_CheckExact(o);
        Py_ssize_t n = tuple ? PyTuple_GET_SIZE(o) : PyList_GET_SIZE(o);
        put(tuple ? "(" : "[");
        for (Py_ssize_t i = 0; i < n; i++) {
            if (i)
                put(", ");
            describe(tuple ? PyTuple_GET_ITEM(o, i) : PyList_GET_ITEM(o, i));
        }
        put(tuple && n == 1 ? ",)" : tuple ? ")" : "]");
    } else if (PyDict_CheckExact(o)) {
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        int first = 1;
        put("{");
        while (PyDict_Next(o, &pos, &k, &v)) {
            put(first ? "" : ", ");
            first = 0;
            describe(k);
            put(": ");
            describe(v);
        }
        put("}");
    } else {
        put("<%s>", Py_TYPE(o)->tp_name);
    }
}

/* ------------------------------------------------------------------ */
/*                 Argument objects and their baselines               */
/* ------------------------------------------------------------------ */

#define MAX_TRACKED 16
static struct {
    PyObject *obj;
    Py_ssize_t refcnt;
} tracked[MAX_TRACKED];
static int n_tracked;

static void track(PyObject *o)
{
    if (o == NULL || n_tracked == MAX_TRACKED)
        return;
    for (int i = 0; i < n_tracked; i++)
        if (tracked[i].obj == o)
            return;
    Py_INCREF(o);
    tracked[n_tracked].obj = o;
    tracked[n_tracked].refcnt = Py_REFCNT(o);
    n_tracked++;
}

static void track_args(PyObject *args, PyObject *kwargs)
{
    n_tracked = 0;
    if (args != NULL && PyTuple_Check(args)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
            PyObject *item = PyTuple_GET_ITEM(args, i);
            track(item);
            if (PyTuple_Check(item) || PyList_Check(item))
                for (Py_ssize_t j = 0; j < Py_SIZE(item); j++)
                    track(PyTuple_Check(item) ? PyTuple_GET_ITEM(item, j) : PyList_GET_ITEM(item, j));
        }
    } else {
        track(args);
    }
    if (kwargs != NULL) {
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        while (PyDict_Next(kwargs, &pos, &k, &v))
            track(v);
    }
}

/* Appends whether the tracked objects are back at their counts, and
   whether bytearrays among them still have exports (a buffer not
   released). */
static void settle_args(void)
{
    int ok = 1;
    for (int i = 0; i < n_tracked; i++) {
        PyObject *o = tracked[i].obj;
        if (Py_REFCNT(o) != tracked[i].refcnt) {
            put(" | refcount of %s argument %d: %+zd", Py_TYPE(o)->tp_name, i, Py_REFCNT(o) - tracked[i].refcnt);
            ok = 0;
        }
        if (PyByteArray_CheckExact(o)) {
            Py_ssize_t n = PyByteArray_GET_SIZE(o);
            if (PyByteArray_Resize(o, n + 1) < 0) {
                PyErr_Clear();
                put(" | a bytearray argument is still exported");
                ok = 0;
            } else {
                PyByteArray_Resize(o, n);
            }
        }
    }
    if (ok)
        put(" | refs ok");
    for (int i = 0; i < n_tracked; i++)
        Py_DECREF(tracked[i].obj);
    n_tracked = 0;
}

/* ------------------------------------------------------------------ */
/*                   Output slots driven by the format                */
/* ------------------------------------------------------------------ */

typedef enum {
    S_UCHAR, S_SHORT, S_USHORT, S_INT, S_UINT, S_LONG, S_ULONG, S_LLONG, S_ULLONG, S_SSIZE,
    S_FLOAT, S_DOUBLE, S_COMPLEX, S_CHAR, S_UCS4, S_BOOL,
    S_OBJECT, S_CONVERTED, S_CSTR, S_CSTR_LEN, S_BUFFER, S_ENCODED, S_ENCODED_LEN,
    S_INPUT /* a pointer the caller passes in: type, converter, encoding */
} SlotKind;

typedef struct {
    SlotKind kind;
    union {
        unsigned char uc;
        short s;
        unsigned short us;
        int i;
        unsigned int ui;
        long l;
        unsigned long ul;
        long long ll;
        unsigned long long ull;
        Py_ssize_t n;
        float f;
        double d;
        Py_complex c;
        char ch;
        PyObject *o;
        const char *str;
        char *owned;
        Py_buffer buf;
        struct {
            long value;
            int cleaned;
        } conv;
    } v;
    Py_ssize_t len; /* the # length */
    void *input;
} Slot;

#define MAX_SLOTS 24
static Slot slots[MAX_SLOTS];
static int n_slots;
static char prealloc[16];
static Py_ssize_t prealloc_len; /* es#/et# with a caller buffer of this size */

static Slot *add_slot(SlotKind kind)
{
    if (n_slots == MAX_SLOTS) {
        fprintf(stderr, "too many slots\n");
        exit(2);
    }
    Slot *s = &slots[n_slots++];
    memset(s, 0xA5, sizeof *s);
    s->kind = kind;
    return s;
}

/* Converters for O&: the value of an int; Py_CLEANUP_SUPPORTED so that a
   later failure calls them back with NULL (which the output records). */
static int conv_cleanup(PyObject *o, void *addr)
{
    Slot *s = (Slot *)((char *)addr - offsetof(Slot, v));
    if (o == NULL) {
        s->v.conv.cleaned = 1;
        return 1;
    }
    if (!PyLong_Check(o)) {
        PyErr_Format(PyExc_TypeError, "conv: %.50s is not an int", Py_TYPE(o)->tp_name);
        return 0;
    }
    s->v.conv.value = PyLong_AsLong(o);
    s->v.conv.cleaned = 0;
    return Py_CLEANUP_SUPPORTED;
}

static int conv_plain(PyObject *o, void *addr)
{
    Slot *s = (Slot *)((char *)addr - offsetof(Slot, v));
    s->v.conv.cleaned = 0;
    s->v.conv.value = PyObject_IsTrue(o);
    return s->v.conv.value >= 0;
}

/* Fails without setting an exception: CPython reports "(unspecified)". */
static int conv_silent_failure(PyObject *o, void *addr)
{
    (void)o;
    (void)addr;
    return 0;
}

/* Builds the slots for `format` and the pointer list to pass after it;
   `inputs` supplies, in order, what O!, O& and e take before their output
   (defaults: int type, conv_cleanup, "utf-8"). */
static int plan(const char *format, void **ptrs, void *const *inputs, int n_inputs)
{
    int n = 0, next_input = 0;
    n_slots = 0;
    for (const char *f = format; *f && *f != ':' && *f != ';'; f++) {
        char c = *f;
        Slot *s;
        switch (c) {
        case 'b': case 'B': s = add_slot(S_UCHAR); ptrs[n++] = &s->v; break;
        case 'h': s = add_slot(S_SHORT); ptrs[n++] = &s->v; break;
        case 'H': s = add_slot(S_USHORT); ptrs[n++] = &s->v; break;
        case 'i': s = add_slot(S_INT); ptrs[n++] = &s->v; break;
        case 'I': s = add_slot(S_UINT); ptrs[n++] = &s->v; break;
        case 'l': s = add_slot(S_LONG); ptrs[n++] = &s->v; break;
        case 'k': s = add_slot(S_ULONG); ptrs[n++] = &s->v; break;
        case 'L': s = add_slot(S_LLONG); ptrs[n++] = &s->v; break;
        case 'K': s = add_slot(S_ULLONG); ptrs[n++] = &s->v; break;
        case 'n': s = add_slot(S_SSIZE); ptrs[n++] = &s->v; break;
        case 'f': s = add_slot(S_FLOAT); ptrs[n++] = &s->v; break;
        case 'd': s = add_slot(S_DOUBLE); ptrs[n++] = &s->v; break;
        case 'D': s = add_slot(S_COMPLEX); ptrs[n++] = &s->v; break;
        case 'c': s = add_slot(S_CHAR); ptrs[n++] = &s->v; break;
        case 'C': s = add_slot(S_UCS4); ptrs[n++] = &s->v; break;
        case 'p': s = add_slot(S_BOOL); ptrs[n++] = &s->v; break;
        case 'S': case 'Y': case 'U': s = add_slot(S_OBJECT); ptrs[n++] = &s->v; break;
        case 'O':
            if (f[1] == '!') {
                f++;
                s = add_slot(S_INPUT);
                s->input = next_input < n_inputs ? inputs[next_input++] : (void *)&PyLong_Type;
                ptrs[n++] = s->input;
                s = add_slot(S_OBJECT);
                ptrs[n++] = &s->v;
            } else if (f[1] == '&') {
                f++;
                s = add_slot(S_INPUT);
                s->input = next_input < n_inputs ? inputs[next_input++] : (void *)conv_cleanup;
                ptrs[n++] = s->input;
                s = add_slot(S_CONVERTED);
                s->v.conv.cleaned = 0;
                s->v.conv.value = -999;
                ptrs[n++] = &s->v;
            } else {
                s = add_slot(S_OBJECT);
                ptrs[n++] = &s->v;
            }
            break;
        case 's': case 'z': case 'y': case 'w':
            if (f[1] == '*') {
                f++;
                s = add_slot(S_BUFFER);
                memset(&s->v.buf, 0, sizeof s->v.buf);
                ptrs[n++] = &s->v;
            } else if (f[1] == '#') {
                f++;
                s = add_slot(S_CSTR_LEN);
                ptrs[n++] = &s->v;
                ptrs[n++] = &s->len;
            } else {
                s = add_slot(S_CSTR);
                ptrs[n++] = &s->v;
            }
            break;
        case 'e':
            s = add_slot(S_INPUT);
            s->input = next_input < n_inputs ? inputs[next_input++] : (void *)"utf-8";
            ptrs[n++] = s->input;
            if (f[1] == 's' || f[1] == 't')
                f++;
            if (f[1] == '#') {
                f++;
                s = add_slot(S_ENCODED_LEN);
                if (prealloc_len > 0) {
                    s->v.owned = prealloc;
                    s->len = prealloc_len;
                } else {
                    s->v.owned = NULL;
                }
                ptrs[n++] = &s->v;
                ptrs[n++] = &s->len;
            } else {
                s = add_slot(S_ENCODED);
                s->v.owned = NULL;
                ptrs[n++] = &s->v;
            }
            break;
        default:
            break; /* ( ) | $ and anything else take no pointer */
        }
    }
    return n;
}

#define UNSET_POINTER ((void *)(uintptr_t)0xA5A5A5A5A5A5A5A5ULL)

/* Prints what a successful parse wrote and releases what it holds. Slots
   the parse left alone still hold the 0xA5 fill: numbers show it, and
   pointers print as "unset". */
static void put_outputs(void)
{
    put("ok");
    for (int i = 0; i < n_slots; i++) {
        Slot *s = &slots[i];
        if (s->kind == S_INPUT)
            continue;
        put(" ");
        switch (s->kind) {
        case S_UCHAR: put("%u", s->v.uc); break;
        case S_SHORT: put("%d", s->v.s); break;
        case S_USHORT: put("%u", s->v.us); break;
        case S_INT: put("%d", s->v.i); break;
        case S_UINT: put("%u", s->v.ui); break;
        case S_LONG: put("%ld", s->v.l); break;
        case S_ULONG: put("%lu", s->v.ul); break;
        case S_LLONG: put("%lld", s->v.ll); break;
        case S_ULLONG: put("%llu", s->v.ull); break;
        case S_SSIZE: put("%zd", s->v.n); break;
        case S_FLOAT: put("%.9g", (double)s->v.f); break;
        case S_DOUBLE: put("%.17g", s->v.d); break;
        case S_COMPLEX: put("(%.17g,%.17g)", s->v.c.real, s->v.c.imag); break;
        case S_CHAR: put("c%d", (unsigned char)s->v.ch); break;
        case S_UCS4: put("U+%04X", (unsigned)s->v.i); break;
        case S_BOOL: put("p%d", s->v.i); break;
        case S_OBJECT:
            if ((void *)s->v.o == UNSET_POINTER) put("unset");
            else describe(s->v.o);
            break;
        case S_CONVERTED: put("conv(%ld%s)", s->v.conv.value, s->v.conv.cleaned ? ",cleaned" : ""); break;
        case S_CSTR:
            if ((void *)s->v.str == UNSET_POINTER) put("unset");
            else if (s->v.str == NULL) put("NULL");
            else put_bytes(s->v.str, (Py_ssize_t)strlen(s->v.str));
            break;
        case S_CSTR_LEN:
            if ((void *)s->v.str == UNSET_POINTER) put("unset");
            else if (s->v.str == NULL) put("NULL#%zd", s->len);
            else { put_bytes(s->v.str, s->len); put("#%zd", s->len); }
            break;
        case S_BUFFER:
            put("buffer(");
            if (s->v.buf.buf == NULL) put("NULL");
            else put_bytes((const char *)s->v.buf.buf, s->v.buf.len);
            put(" len=%zd readonly=%d itemsize=%zd ndim=%d format=%s obj=%s)", s->v.buf.len, s->v.buf.readonly,
                s->v.buf.itemsize, s->v.buf.ndim, s->v.buf.format ? s->v.buf.format : "NULL",
                s->v.buf.obj ? Py_TYPE(s->v.buf.obj)->tp_name : "NULL");
            PyBuffer_Release(&s->v.buf);
            break;
        case S_ENCODED:
            if (s->v.owned == NULL) {
                put("unset");
                break;
            }
            put_bytes(s->v.owned, (Py_ssize_t)strlen(s->v.owned));
            PyMem_Free(s->v.owned);
            break;
        case S_ENCODED_LEN:
            if (s->v.owned == NULL) {
                put("unset");
                break;
            }
            put_bytes(s->v.owned, s->len);
            put("#%zd%s", s->len, s->v.owned == prealloc ? " in the caller's buffer" : "");
            if (s->v.owned[s->len] != '\0')
                put(" NOT NUL-TERMINATED");
            if (s->v.owned != prealloc)
                PyMem_Free(s->v.owned);
            break;
        case S_INPUT:
            break;
        }
    }
}

/* After a failed parse: converters that were called back, and any
   encoded output left allocated (which would be a leak). */
static void put_failure_traces(void)
{
    for (int i = 0; i < n_slots; i++) {
        if (slots[i].kind == S_CONVERTED && slots[i].v.conv.cleaned == 1)
            put(" | converter %d cleaned up", i);
        if (slots[i].kind == S_ENCODED || (slots[i].kind == S_ENCODED_LEN && prealloc_len == 0)) {
            if (slots[i].v.owned != NULL && (void *)slots[i].v.owned != UNSET_POINTER)
                put(" | encoded output %d left allocated", i);
        }
    }
}

/* ------------------------------------------------------------------ */
/*                              Cases                                 */
/* ------------------------------------------------------------------ */

static int case_no = 0;

static void begin_case(const char *what, const char *format, PyObject *args, PyObject *kwargs)
{
    out.len = 0;
    out.text[0] = '\0';
    put("%d\t%s \"%s\"", ++case_no, what, format ? format : "");
    if (args != NULL) {
        put(" ");
        describe(args);
    }
    if (kwargs != NULL) {
        put(" ");
        describe(kwargs);
    }
    put("\t");
    track_args(args, kwargs);
}

static void end_case(void)
{
    printf("%s\n", out.text);
    fflush(stdout);
}

typedef enum { TUPLE, KEYWORDS, OLD_STYLE, VA_TUPLE, VA_KEYWORDS, FAST } Mode;

static const char *mode_name[] = {"PyArg_ParseTuple", "PyArg_ParseTupleAndKeywords", "PyArg_Parse",
                                  "PyArg_VaParse", "PyArg_VaParseTupleAndKeywords",
                                  "_PyArg_ParseTupleAndKeywordsFast"};

static int va_tuple(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = PyArg_VaParse(args, format, va);
    va_end(va);
    return r;
}

static int va_keywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int r = PyArg_VaParseTupleAndKeywords(args, kwargs, format, kwlist, va);
    va_end(va);
    return r;
}

#define PASS24(p)                                                                                              \
    p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], \
        p[17], p[18], p[19], p[20], p[21], p[22], p[23]

/* Runs one parse. `args` and `kwargs` are stolen. */
static void parse_with(Mode mode, const char *format, char **kwlist, PyObject *args, PyObject *kwargs,
                       void *const *inputs, int n_inputs)
{
    char what[64];
    snprintf(what, sizeof what, "%s", mode_name[mode]);
    begin_case(what, format, args, kwargs);
    void *p[MAX_SLOTS] = {0};
    plan(format, p, inputs, n_inputs);
    int r = 0;
    static _PyArg_Parser parser_storage;
    switch (mode) {
    case TUPLE: r = PyArg_ParseTuple(args, format, PASS24(p)); break;
    case KEYWORDS: r = PyArg_ParseTupleAndKeywords(args, kwargs, format, kwlist, PASS24(p)); break;
    case OLD_STYLE: r = PyArg_Parse(args, format, PASS24(p)); break;
    case VA_TUPLE: r = va_tuple(args, format, PASS24(p)); break;
    case VA_KEYWORDS: r = va_keywords(args, kwargs, format, kwlist, PASS24(p)); break;
    case FAST:
        /* A fresh parser for each case (CPython caches kwtuple in it). */
        Py_XDECREF(parser_storage.kwtuple);
        memset(&parser_storage, 0, sizeof parser_storage);
        parser_storage.format = format;
        parser_storage.keywords = (const char *const *)kwlist;
        r = _PyArg_ParseTupleAndKeywordsFast(args, kwargs, &parser_storage, PASS24(p));
        break;
    }
    if (r) {
        if (PyErr_Occurred()) {
            put("returned true with an exception set: ");
            put_exception();
        } else {
            put_outputs();
        }
    } else {
        put("error ");
        put_exception();
        put_failure_traces();
    }
    settle_args();
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    end_case();
    prealloc_len = 0;
}

static PyObject *T(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *t = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (t == NULL) {
        fprintf(stderr, "building %s failed\n", fmt);
        PyErr_Print();
        exit(2);
    }
    return t;
}

#define NOIN NULL, 0
#define IN(...) (void *[]){__VA_ARGS__}, (int)(sizeof((void *[]){__VA_ARGS__}) / sizeof(void *))
#define KWLIST(...) ((char *[]){__VA_ARGS__, NULL})

static void pt(const char *format, PyObject *args) { parse_with(TUPLE, format, NULL, args, NULL, NOIN); }
static void pti(const char *format, PyObject *args, void *const *inputs, int n)
{
    parse_with(TUPLE, format, NULL, args, NULL, inputs, n);
}
static void ptk(const char *format, char **kwlist, PyObject *args, PyObject *kwargs)
{
    parse_with(KEYWORDS, format, kwlist, args, kwargs, NOIN);
}

/* Objects the cases share. */
static PyObject *big_pos, *big_neg, *huge, *ba, *mv, *mv_strided, *mv_writable, *with_nul, *str_nul, *astral,
    *latin, *surrogate, *flt, *cplx;
static char strided_data[8] = "abcdefgh";
static char writable_data[6] = "rw-mem";

static void make_shared_objects(void)
{
    big_pos = PyLong_FromUnsignedLongLong(ULLONG_MAX); /* 2**64 - 1 */
    big_neg = PyLong_FromLongLong(LLONG_MIN);
    huge = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    ba = PyByteArray_FromStringAndSize("bytearray", 9);
    mv = PyMemoryView_FromMemory((char *)"memview", 7, PyBUF_READ);
    mv_writable = PyMemoryView_FromMemory(writable_data, 6, PyBUF_WRITE);
    with_nul = PyBytes_FromStringAndSize("a\0b", 3);
    str_nul = PyUnicode_FromStringAndSize("a\0b", 3);
    astral = PyUnicode_FromString("\xf0\x9f\x98\x80-\xc3\xa9");       /* U+1F600 - e-acute */
    latin = PyUnicode_FromString("caf\xc3\xa9");                       /* cafe with e-acute */
    static const Py_UCS2 lone[1] = {0xD800};
    surrogate = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, lone, 1); /* a lone surrogate */
    flt = PyFloat_FromDouble(2.5);
    cplx = PyComplex_FromDoubles(1.5, -2.0);
    /* every other byte of strided_data: a non-contiguous 1-D view */
    static Py_ssize_t shape[1] = {4}, strides[1] = {2};
    Py_buffer view = {0};
    view.buf = strided_data;
    view.len = 4;
    view.readonly = 1;
    view.itemsize = 1;
    view.format = (char *)"B";
    view.ndim = 1;
    view.shape = shape;
    view.strides = strides;
    mv_strided = PyMemoryView_FromBuffer(&view);
    if (!big_pos || !big_neg || !huge || !ba || !mv || !mv_writable || !with_nul || !str_nul || !astral || !latin ||
        !surrogate || !flt || !cplx || !mv_strided) {
        fprintf(stderr, "cannot make the shared objects\n");
        PyErr_Print();
        exit(2);
    }
}

/* ---- the number units ---------------------------------------------- */

static void number_cases(void)
{
    static const char *units[] = {"b", "B", "h", "H", "i", "I", "l", "k", "L", "K", "n"};
    static const long long edges[] = {0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, -32768, -32769, 65535,
                                      65536, INT_MAX, (long long)INT_MAX + 1, INT_MIN, (long long)INT_MIN - 1,
                                      UINT_MAX, (long long)UINT_MAX + 1, LLONG_MAX, LLONG_MIN};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
            pt(units[u], T("(L)", edges[e]));
        pt(units[u], T("(O)", big_pos));
        pt(units[u], T("(O)", big_neg));
        pt(units[u], T("(O)", huge));
        pt(units[u], T("(O)", flt));
        pt(units[u], T("(s)", "12"));
        pt(units[u], T("(O)", Py_None));
        pt(units[u], T("(O)", Py_True));
        pt(units[u], T("(y)", "1"));
    }
    static const char *floats[] = {"f", "d", "D"};
    for (int u = 0; u < 3; u++) {
        pt(floats[u], T("(d)", 0.1));
        pt(floats[u], T("(d)", -1.0));
        pt(floats[u], T("(d)", 1e300));
        pt(floats[u], T("(d)", DBL_MIN / 4));
        pt(floats[u], T("(i)", 7));
        pt(floats[u], T("(O)", huge));
        pt(floats[u], T("(O)", cplx));
        pt(floats[u], T("(s)", "1.5"));
        pt(floats[u], T("(O)", Py_None));
        pt(floats[u], T("(O)", Py_False));
    }
    /* c and C */
    pt("c", T("(y)", "x"));
    pt("c", T("(y#)", "\0", (Py_ssize_t)1));
    pt("c", T("(y)", "xy"));
    pt("c", T("(y)", ""));
    pt("c", T("(N)", PyByteArray_FromStringAndSize("z", 1)));
    pt("c", T("(O)", ba));
    pt("c", T("(s)", "x"));
    pt("c", T("(i)", 65));
    pt("C", T("(s)", "x"));
    pt("C", T("(s)", "\xc3\xa9"));
    pt("C", T("(s)", "\xf0\x9f\x98\x80"));
    pt("C", T("(s)", "xy"));
    pt("C", T("(s)", ""));
    pt("C", T("(y)", "x"));
    pt("C", T("(i)", 120));
    /* p: any object's truth */
    static const char *truthy[] = {"(i)", "(s)", "(y)", "()"};
    (void)truthy;
    pt("p", T("(i)", 0));
    pt("p", T("(i)", 5));
    pt("p", T("(O)", Py_None));
    pt("p", T("(s)", ""));
    pt("p", T("(s)", "x"));
    pt("p", T("(y)", ""));
    pt("p", T("(())"));
    pt("p", T("((i))", 1));
    pt("p", T("([])"));
    pt("p", T("({})"));
    pt("p", T("({s:i})", "a", 1));
    pt("p", T("(d)", 0.0));
    pt("p", T("(O)", mv));
    pt("p", T("(O)", big_pos));
}

/* ---- objects -------------------------------------------------------- */

static void object_cases(void)
{
    pt("O", T("(i)", 1));
    pt("O", T("(O)", Py_None));
    pt("O", T("(O)", ba));
    pti("O!", T("(i)", 5), IN(&PyLong_Type));
    pti("O!", T("(O)", Py_True), IN(&PyLong_Type)); /* bool is an int subclass */
    pti("O!", T("(s)", "x"), IN(&PyLong_Type));
    pti("O!", T("(O)", Py_None), IN(&PyBytes_Type));
    pti("O!", T("(O)", ba), IN(&PyBytes_Type));
    pti("O!", T("(O)", ba), IN(&PyByteArray_Type));
    pti("O!", T("((i))", 1), IN(&PyTuple_Type));
    pti("O!", T("([i])", 1), IN(&PyTuple_Type));
    pti("O!", T("({})"), IN(&PyDict_Type));
    pti("O!", T("(O)", mv), IN(&PyMemoryView_Type));
    pti("O!i", T("(si)", "x", 2), IN(&PyUnicode_Type));
    pti("O&", T("(i)", 42), IN(conv_cleanup));
    pti("O&", T("(s)", "x"), IN(conv_cleanup));
    pti("O&", T("(s)", "x"), IN(conv_plain));
    pti("O&", T("(s)", ""), IN(conv_plain));
    pti("O&", T("(i)", 1), IN(conv_silent_failure));
    pti("O&:fn", T("(i)", 1), IN(conv_silent_failure));
    pti("O&;custom message", T("(i)", 1), IN(conv_silent_failure));
    /* a cleanup-supporting converter is called back when a later item fails */
    pti("O&i", T("(is)", 1, "x"), IN(conv_cleanup));
    pti("O&O&i", T("(iis)", 1, 2, "x"), IN(conv_cleanup, conv_plain));
    pti("O&(O&i)", T("(i(is))", 1, 2, "x"), IN(conv_cleanup, conv_cleanup));
    pt("S", T("(y)", "x"));
    pt("S", T("(s)", "x"));
    pt("S", T("(O)", ba));
    pt("S", T("(O)", Py_None));
    pt("Y", T("(O)", ba));
    pt("Y", T("(y)", "x"));
    pt("Y", T("(O)", mv));
    pt("U", T("(s)", "x"));
    pt("U", T("(O)", astral));
    pt("U", T("(y)", "x"));
    pt("U", T("(O)", Py_None));
}

/* ---- strings and buffers --------------------------------------------- */

static void string_cases(void)
{
    PyObject *inputs[14];
    int n = 0;
    inputs[n++] = PyUnicode_FromString("text");
    inputs[n++] = PyUnicode_FromString("");
    inputs[n++] = astral;
    inputs[n++] = latin;
    inputs[n++] = str_nul;
    inputs[n++] = surrogate;
    inputs[n++] = PyBytes_FromString("bytes");
    inputs[n++] = with_nul;
    inputs[n++] = ba;
    inputs[n++] = mv;
    inputs[n++] = mv_strided;
    inputs[n++] = mv_writable;
    inputs[n++] = Py_None;
    inputs[n++] = PyLong_FromLong(7);
    static const char *units[] = {"s", "s#", "s*", "z", "z#", "z*", "y", "y#", "y*", "w*"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        for (int i = 0; i < n; i++)
            pt(units[u], T("(O)", inputs[i]));
    /* encoded strings: es / et / es# / et# with several encodings */
    static const char *eunits[] = {"es", "et", "es#", "et#"};
    /* (codecs beyond UTF-8, ASCII and Latin-1 are not in pybuffer) */
    void *encodings[] = {"utf-8", "latin-1", "ascii", NULL, "no-such-codec"};
    for (size_t u = 0; u < 4; u++) {
        for (int i = 0; i < n; i++)
            pti(eunits[u], T("(O)", inputs[i]), IN(encodings[0]));
        for (size_t e = 1; e < sizeof encodings / sizeof encodings[0]; e++) {
            pti(eunits[u], T("(O)", latin), IN(encodings[e]));
            pti(eunits[u], T("(O)", astral), IN(encodings[e]));
        }
    }
    /* es# into the caller's buffer: fits, fits exactly, too long */
    prealloc_len = 16;
    pti("es#", T("(s)", "short"), IN("utf-8"));
    prealloc_len = 6;
    pti("es#", T("(s)", "exact"), IN("utf-8"));
    prealloc_len = 5;
    pti("es#", T("(s)", "exact"), IN("utf-8"));
    prealloc_len = 4;
    pti("et#", T("(y)", "toolong"), IN("utf-8"));
    /* a buffer acquired before a later failure is released */
    pt("s*i", T("(Os)", ba, "x"));
    pt("y*i", T("(Os)", ba, "x"));
    pt("w*i", T("(Os)", ba, "x"));
    pt("z*y*i", T("(OOs)", ba, mv, "x"));
    pt("(y*i)", T("((Os))", ba, "x"));
    pt("y*(ii)", T("(O(is))", ba, 1, "x"));
    pti("esi", T("(ss)", "abc", "x"), IN("utf-8"));
    pti("es#i", T("(ss)", "abc", "x"), IN("utf-8"));
    pt("w*", T("(O)", ba));
    for (int i = 0; i < n; i++)
        if (inputs[i] != astral && inputs[i] != latin && inputs[i] != str_nul && inputs[i] != surrogate &&
            inputs[i] != with_nul && inputs[i] != ba && inputs[i] != mv && inputs[i] != mv_strided &&
            inputs[i] != mv_writable && inputs[i] != Py_None)
            Py_DECREF(inputs[i]);
}

/* ---- structure: | $ : ; and nesting --------------------------------- */

static void structure_cases(void)
{
    pt("", T("()"));
    pt("", T("(i)", 1));
    pt(":nothing", T("(i)", 1));
    pt("i", T("()"));
    pt("i", T("(ii)", 1, 2));
    pt("ii", T("(i)", 1));
    pt("i|i", T("()"));
    pt("i|i", T("(i)", 1));
    pt("i|i", T("(ii)", 1, 2));
    pt("i|i", T("(iii)", 1, 2, 3));
    pt("|ii", T("(iii)", 1, 2, 3));
    pt("i|ii:fname", T("()"));
    pt("i|ii:fname", T("(iiii)", 1, 2, 3, 4));
    pt("i:fname", T("(s)", "x"));
    pt("ii;custom message", T("(i)", 1));
    pt("ii;custom message", T("(is)", 1, "x"));
    pt("(ii)", T("((ii))", 1, 2));
    pt("(ii)", T("([ii])", 1, 2));
    pt("(ii)", T("((i))", 1));
    pt("(ii)", T("((iii))", 1, 2, 3));
    pt("(ii)", T("(i)", 1));
    pt("(ii)", T("(y)", "ab"));
    pt("(ii)", T("(s)", "ab"));
    pt("(ii)", T("(O)", Py_None));
    pt("(ii)", T("((is))", 1, "x"));
    pt("i(i(ii))", T("(i(i(ii)))", 1, 2, 3, 4));
    pt("i(i(ii))", T("(i(i(is)))", 1, 2, 3, "x"));
    pt("i(i(ii)):deep", T("(i(i(i)))", 1, 2, 3));
    pt("(s#)", T("((s))", "nested"));
    pt("|(ii)i", T("((ii))", 1, 2));
    pt("i|(ii)", T("(i(ii))", 1, 2, 3));
    pt("i$i", T("(ii)", 1, 2)); /* $ means nothing to ParseTuple */
    pt("x", T("(i)", 1));
    pt("w", T("(O)", ba));
    pt("e", T("(s)", "x"));
    pt("ii!", T("(ii)", 1, 2));
    pt("i", T("i", 1)); /* args not a tuple */
    parse_with(OLD_STYLE, "i", NULL, T("i", 5), NULL, NOIN);
    parse_with(OLD_STYLE, "i", NULL, T("s", "x"), NULL, NOIN);
    parse_with(OLD_STYLE, "s#", NULL, T("y", "old"), NULL, NOIN);
    parse_with(OLD_STYLE, "(ii)", NULL, T("(ii)", 1, 2), NULL, NOIN);
    parse_with(OLD_STYLE, "ii", NULL, T("(ii)", 1, 2), NULL, NOIN);
    parse_with(OLD_STYLE, "", NULL, T("i", 1), NULL, NOIN);
    parse_with(OLD_STYLE, ":name", NULL, T("i", 1), NULL, NOIN);
    parse_with(OLD_STYLE, "O:name", NULL, T("i", 1), NULL, NOIN);
    parse_with(VA_TUPLE, "is#|d", NULL, T("(iy#)", 1, "ab", (Py_ssize_t)2), NULL, NOIN);
    parse_with(VA_TUPLE, "is#|d", NULL, T("(iy#s)", 1, "ab", (Py_ssize_t)2, "x"), NULL, NOIN);
}

/* ---- keywords ------------------------------------------------------- */

static void keyword_cases(void)
{
    char **abc = KWLIST("a", "b", "c");
    ptk("i|ii", abc, T("(i)", 1), NULL);
    ptk("i|ii", abc, T("(i)", 1), T("{s:i}", "c", 3));
    ptk("i|ii", abc, T("()"), T("{s:i,s:i}", "a", 1, "b", 2));
    ptk("i|ii", abc, T("()"), T("{}"));
    ptk("i|ii", abc, T("()"), NULL);
    ptk("i|ii:fn", abc, T("()"), T("{s:i}", "b", 2));
    ptk("i|ii", abc, T("(i)", 1), T("{s:i}", "a", 2));
    ptk("i|ii", abc, T("(ii)", 1, 2), T("{s:i}", "b", 2));
    ptk("i|ii:fn", abc, T("(i)", 1), T("{s:i}", "d", 4));
    ptk("i|ii", abc, T("(i)", 1), T("{s:i}", "d", 4));
    ptk("i|ii", abc, T("(iiii)", 1, 2, 3, 4), NULL);
    ptk("i|ii:fn", abc, T("(iii)", 1, 2, 3), T("{s:i}", "c", 3));
    ptk("i|ii:fn", abc, T("()"), T("{s:i,s:i,s:i,s:i}", "a", 1, "b", 2, "c", 3, "d", 4));
    ptk("i|ii", abc, T("(i)", 1), T("{i:i}", 1, 2));
    ptk("i|ii", abc, T("(i)", 1), T("{s:s}", "b", "x"));
    ptk("i|ii;custom", abc, T("(i)", 1), T("{s:s}", "b", "x"));
    /* keyword-only and positional-only */
    ptk("i|i$i", abc, T("(i)", 1), T("{s:i}", "c", 3));
    ptk("i|i$i", abc, T("(iii)", 1, 2, 3), NULL);
    ptk("i|i$i:fn", abc, T("(iii)", 1, 2, 3), NULL);
    ptk("|$ii:fn", KWLIST("a", "b"), T("(i)", 1), NULL);
    ptk("i$i:fn", abc + 1, T("(i)", 1), NULL);
    ptk("i$i:fn", abc + 1, T("(i)", 1), T("{s:i}", "c", 2));
    ptk("ii|i:fn", KWLIST("", "b", "c"), T("(ii)", 1, 2), NULL);
    ptk("ii|i:fn", KWLIST("", "b", "c"), T("()"), T("{s:i}", "b", 2));
    ptk("ii|i:fn", KWLIST("", "b", "c"), T("(i)", 1), T("{s:i}", "b", 2));
    ptk("ii|i", KWLIST("", "", "c"), T("(i)", 1), NULL);
    ptk("ii|i:fn", KWLIST("", "", "c"), T("(i)", 1), T("{s:i}", "c", 3));
    ptk("i|ii:fn", KWLIST("", "b", "c"), T("(i)", 1), T("{s:i}", "", 2));
    ptk("|ii:fn", KWLIST("", "b"), T("()"), T("{s:i}", "b", 2));
    /* format / kwlist mismatches and bad formats */
    ptk("ii", KWLIST("a"), T("(ii)", 1, 2), NULL);
    ptk("i", abc, T("(i)", 1), NULL);
    ptk("i", abc, T("(i)", 1), T("{s:i}", "c", 1));
    ptk("i||i", KWLIST("a", "b"), T("(i)", 1), T("{s:i}", "b", 1));
    ptk("i$$i", KWLIST("a", "b"), T("(i)", 1), T("{s:i}", "b", 1));
    ptk("$i|i", KWLIST("a", "b"), T("()"), T("{s:i}", "b", 1));
    ptk("i|i", KWLIST("a", ""), T("(i)", 1), NULL);
    ptk("i$i", KWLIST("", ""), T("(i)", 1), NULL);
    ptk("i|x", KWLIST("a", "b"), T("(i)", 1), T("{s:i}", "b", 1));
    /* buffers taken before a keyword error are released */
    ptk("y*|s*:fn", KWLIST("a", "b"), T("(O)", ba), T("{s:i}", "b", 2));
    ptk("y*|i:fn", KWLIST("a", "b"), T("(O)", ba), T("{s:i}", "z", 2));
    ptk("y*|O&:fn", KWLIST("a", "b"), T("(O)", ba), T("{s:i,s:i}", "b", 2, "z", 1));
    ptk("w*|y*", KWLIST("a", "b"), T("()"), T("{s:O,s:O}", "a", ba, "b", mv));
    /* every unit by keyword */
    ptk("|s#z*y#es#$dD", KWLIST("s", "z", "y", "e", "d", "x"), T("()"),
        T("{s:s,s:O,s:y,s:s,s:d,s:O}", "s", "str", "z", Py_None, "y", "yy", "e", "enc", "d", 1.5, "x", cplx));
    parse_with(VA_KEYWORDS, "i|s#", abc, T("(i)", 1), T("{s:s}", "b", "kw"), NOIN);
    parse_with(VA_KEYWORDS, "i|s#", abc, T("(i)", 1), T("{s:s}", "q", "kw"), NOIN);
    /* _PyArg_ParseTupleAndKeywordsFast with a parser */
    parse_with(FAST, "i|ii:fast", abc, T("(i)", 1), T("{s:i}", "c", 3), NOIN);
    parse_with(FAST, "i|ii:fast", abc, T("()"), NULL, NOIN);
    parse_with(FAST, "i|ii:fast", abc, T("(i)", 1), T("{s:i}", "a", 3), NOIN);
    parse_with(FAST, "i|ii:fast", abc, T("(i)", 1), T("{s:i}", "z", 3), NOIN);
    parse_with(FAST, "i|i$i:fast", abc, T("(iii)", 1, 2, 3), NULL, NOIN);
    parse_with(FAST, "ii|i:fast", KWLIST("", "b", "c"), T("()"), T("{s:i}", "b", 2), NOIN);
    parse_with(FAST, "i|ii", abc, T("(iiii)", 1, 2, 3, 4), NULL, NOIN);
    parse_with(FAST, "y*|i:fast", KWLIST("a", "b"), T("(O)", ba), T("{s:s}", "b", "x"), NOIN);
}

/* ---- PyArg_UnpackTuple, ValidateKeywordArguments, Clinic helpers ---- */

static void unpack_case(const char *name, Py_ssize_t min, Py_ssize_t max, PyObject *args)
{
    begin_case("PyArg_UnpackTuple", name, args, NULL);
    PyObject *o[4] = {NULL, NULL, NULL, NULL};
    put("min=%zd max=%zd: ", min, max);
    if (PyArg_UnpackTuple(args, name, min, max, &o[0], &o[1], &o[2], &o[3])) {
        put("ok");
        for (int i = 0; i < 4; i++) {
            put(" ");
            describe(o[i]);
        }
    } else {
        put("error ");
        put_exception();
    }
    settle_args();
    Py_DECREF(args);
    end_case();
}

static void helper_cases(void)
{
    unpack_case("f", 1, 2, T("(i)", 1));
    unpack_case("f", 1, 2, T("(ii)", 1, 2));
    unpack_case("f", 1, 2, T("()"));
    unpack_case("f", 1, 2, T("(iii)", 1, 2, 3));
    unpack_case("f", 2, 2, T("(i)", 1));
    unpack_case("f", 0, 0, T("(i)", 1));
    unpack_case("f", 0, 4, T("()"));
    unpack_case(NULL, 2, 2, T("(i)", 1));
    unpack_case(NULL, 1, 3, T("(iiii)", 1, 2, 3, 4));
    unpack_case(NULL, 1, 1, T("(ii)", 1, 2));
    unpack_case("f", 1, 1, T("i", 1));

    struct {
        const char *name;
        Py_ssize_t nargs, min, max;
    } checks[] = {{"f", 1, 1, 1}, {"f", 0, 1, 1}, {"f", 2, 1, 1}, {"f", 0, 1, 3}, {"f", 4, 1, 3}, {"f", 0, 0, 0},
                  {"f", 3, 0, 2}, {NULL, 0, 2, 2}, {NULL, 3, 1, 2}, {NULL, 0, 1, 3}, {"g", 0, 2, PY_SSIZE_T_MAX}};
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        begin_case("_PyArg_CheckPositional", checks[i].name, NULL, NULL);
        put("nargs=%zd min=%zd max=%zd: ", checks[i].nargs, checks[i].min, checks[i].max);
        if (_PyArg_CheckPositional(checks[i].name, checks[i].nargs, checks[i].min, checks[i].max))
            put("ok");
        else {
            put("error ");
            put_exception();
        }
        settle_args();
        end_case();
    }

    PyObject *bad[] = {PyLong_FromLong(1), Py_None, ba, astral};
    for (int i = 0; i < 4; i++) {
        begin_case("_PyArg_BadArgument", "", bad[i], NULL);
        _PyArg_BadArgument("func", "argument 'x'", "str", bad[i]);
        put_exception();
        settle_args();
        end_case();
    }
    Py_DECREF(bad[0]);

    PyObject *kw_cases[] = {NULL, T("{}"), T("{s:i}", "a", 1), T("()")};
    for (int i = 0; i < 4; i++) {
        begin_case("_PyArg_NoKeywords", "f", kw_cases[i], NULL);
        put(_PyArg_NoKeywords("f", kw_cases[i]) ? "ok" : "error ");
        if (PyErr_Occurred())
            put_exception();
        settle_args();
        end_case();
        begin_case("_PyArg_NoPositional", "f", kw_cases[i], NULL);
        put(_PyArg_NoPositional("f", kw_cases[i]) ? "ok" : "error ");
        if (PyErr_Occurred())
            put_exception();
        settle_args();
        end_case();
    }
    PyObject *pos_cases[] = {T("()"), T("(i)", 1)};
    for (int i = 0; i < 2; i++) {
        begin_case("_PyArg_NoPositional", "f", pos_cases[i], NULL);
        put(_PyArg_NoPositional("f", pos_cases[i]) ? "ok" : "error ");
        if (PyErr_Occurred())
            put_exception();
        settle_args();
        end_case();
        Py_DECREF(pos_cases[i]);
    }
    for (int i = 1; i < 4; i++)
        Py_DECREF(kw_cases[i]);

    PyObject *validate[] = {T("{s:i}", "a", 1), T("{}"), T("{i:i}", 1, 2), T("(i)", 1)};
    for (int i = 0; i < 4; i++) {
        begin_case("PyArg_ValidateKeywordArguments", "", validate[i], NULL);
        put(PyArg_ValidateKeywordArguments(validate[i]) ? "ok" : "error ");
        if (PyErr_Occurred())
            put_exception();
        settle_args();
        end_case();
        Py_DECREF(validate[i]);
    }
}

/* _PyArg_UnpackKeywords as Argument Clinic calls it (3.11 layout). */
static void clinic_case(const char *fname, const char *const *keywords, int minpos, int maxpos, int minkw,
                        PyObject *args, PyObject *kwnames_or_dict, int vectorcall)
{
    begin_case("_PyArg_UnpackKeywords", fname, args, vectorcall ? NULL : kwnames_or_dict);
    if (vectorcall && kwnames_or_dict != NULL) {
        put("kwnames=");
        describe(kwnames_or_dict);
        put(" ");
    }
    put("minpos=%d maxpos=%d minkw=%d: ", minpos, maxpos, minkw);
    static _PyArg_Parser parser;
    memset(&parser, 0, sizeof parser);
    parser.keywords = keywords;
    parser.fname = fname;
    PyObject *stack[8];
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    Py_ssize_t nkw = vectorcall && kwnames_or_dict ? PyTuple_GET_SIZE(kwnames_or_dict) : 0;
    for (Py_ssize_t i = 0; i < nargs; i++)
        stack[i] = PyTuple_GET_ITEM(args, i);
    for (Py_ssize_t i = 0; i < nkw; i++)
        stack[nargs + i] = PyLong_FromSsize_t(100 + i);
    PyObject *buf[8] = {0};
    PyObject *const *argp = nargs ? stack : NULL;
    /* the function itself, not the header's fast-path macro */
    PyObject *const *r = (_PyArg_UnpackKeywords)(argp, nargs, vectorcall ? NULL : kwnames_or_dict,
                                               vectorcall ? kwnames_or_dict : NULL, &parser, minpos, maxpos, minkw,
                                               buf);
    if (r != NULL) {
        int total = 0;
        while (keywords[total])
            total++;
        put("ok%s", r == stack ? " (fast path)" : r == buf ? " (buffer)" : "");
        for (int i = 0; i < total; i++) {
            put(" ");
            describe(r == buf || i < nargs ? r[i] : NULL);
        }
    } else {
        put("error ");
        put_exception();
    }
    for (Py_ssize_t i = 0; i < nkw; i++)
        Py_DECREF(stack[nargs + i]);
    settle_args();
    Py_DECREF(args);
    Py_XDECREF(kwnames_or_dict);
    Py_XDECREF(parser.kwtuple); /* CPython caches it in the parser */
    parser.kwtuple = NULL;
    end_case();
}

/* _PyArg_UnpackKeywordsWithVararg: f(a, *args, b=...) has vararg == 1. */
static void clinic_vararg_case(int minpos, int maxpos, int minkw, int vararg, PyObject *args, PyObject *kwnames)
{
    static const char *const keywords[] = {"a", "b", NULL};
    begin_case("_PyArg_UnpackKeywordsWithVararg", "f", args, NULL);
    if (kwnames != NULL) {
        put("kwnames=");
        describe(kwnames);
        put(" ");
    }
    put("minpos=%d maxpos=%d minkw=%d vararg=%d: ", minpos, maxpos, minkw, vararg);
    static _PyArg_Parser parser;
    memset(&parser, 0, sizeof parser);
    parser.keywords = keywords;
    parser.fname = "f";
    PyObject *stack[8];
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nargs; i++)
        stack[i] = PyTuple_GET_ITEM(args, i);
    for (Py_ssize_t i = 0; i < nkw; i++)
        stack[nargs + i] = PyLong_FromSsize_t(100 + i);
    PyObject *buf[8] = {0};
    PyObject *const *r = _PyArg_UnpackKeywordsWithVararg(nargs ? stack : NULL, nargs, NULL, kwnames, &parser, minpos,
                                                         maxpos, minkw, vararg, buf);
    if (r != NULL) {
        put("ok");
        for (int i = 0; i < 3; i++) {
            put(" ");
            describe(r[i]);
        }
        Py_XDECREF(buf[vararg]);
    } else {
        put("error ");
        put_exception();
    }
    for (Py_ssize_t i = 0; i < nkw; i++)
        Py_DECREF(stack[nargs + i]);
    settle_args();
    Py_DECREF(args);
    Py_XDECREF(kwnames);
    Py_XDECREF(parser.kwtuple);
    parser.kwtuple = NULL;
    end_case();
}

static void clinic_cases(void)
{
    clinic_vararg_case(1, 1, 0, 1, T("(i)", 1), NULL);
    clinic_vararg_case(1, 1, 0, 1, T("(iii)", 1, 2, 3), NULL);
    clinic_vararg_case(1, 1, 0, 1, T("(iii)", 1, 2, 3), T("(s)", "b"));
    clinic_vararg_case(1, 1, 0, 1, T("()"), T("(s)", "a"));
    clinic_vararg_case(1, 1, 0, 1, T("()"), NULL);
    clinic_vararg_case(1, 1, 1, 1, T("(i)", 1), NULL);
    clinic_vararg_case(1, 1, 0, 1, T("(i)", 1), T("(s)", "c"));
    static const char *const data_value[] = {"data", "value", NULL};
    static const char *const posonly[] = {"", "value", "flag", NULL};
    clinic_case("crc32", data_value, 1, 2, 0, T("(i)", 1), NULL, 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(ii)", 1, 2), NULL, 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("()"), NULL, 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(iii)", 1, 2, 3), NULL, 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(i)", 1), T("(s)", "value"), 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("()"), T("(ss)", "data", "value"), 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("()"), T("(s)", "value"), 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(i)", 1), T("(s)", "data"), 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(i)", 1), T("(s)", "bogus"), 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(ii)", 1, 2), T("(s)", "x"), 1);
    clinic_case("crc32", data_value, 1, 1, 1, T("(i)", 1), NULL, 1);
    clinic_case("crc32", data_value, 1, 1, 1, T("(i)", 1), T("(s)", "value"), 1);
    clinic_case("crc32", data_value, 1, 1, 1, T("(ii)", 1, 2), NULL, 1);
    clinic_case("crc32", data_value, 0, 0, 0, T("(i)", 1), NULL, 1);
    clinic_case("crc32", data_value, 1, 2, 0, T("(i)", 1), T("{s:i}", "value", 5), 0);
    clinic_case("crc32", data_value, 1, 2, 0, T("()"), T("{s:i}", "value", 5), 0);
    clinic_case("crc32", data_value, 1, 2, 0, T("()"), T("{i:i}", 1, 5), 0);
    clinic_case(NULL, data_value, 1, 2, 0, T("()"), NULL, 1);
    clinic_case("f", posonly, 1, 3, 0, T("()"), T("(s)", "value"), 1);
    clinic_case("f", posonly, 1, 3, 0, T("(i)", 1), T("(s)", "flag"), 1);
    clinic_case("f", posonly, 2, 3, 0, T("(i)", 1), NULL, 1);
    clinic_case("f", posonly, 1, 1, 0, T("(ii)", 1, 2), NULL, 1);
}

/* ---- Py_BuildValue -------------------------------------------------- */

static void build_result(const char *call, PyObject *r)
{
    begin_case("Py_BuildValue", call, NULL, NULL);
    if (r != NULL && !PyErr_Occurred()) {
        describe(r);
    } else if (r != NULL) {
        put("a result with an exception set: ");
        put_exception();
    } else {
        put("error ");
        put_exception();
    }
    Py_XDECREF(r);
    end_case();
}

#define BV(...) build_result(#__VA_ARGS__, Py_BuildValue(__VA_ARGS__))

static PyObject *make_answer(void *arg) { return PyLong_FromLong(*(int *)arg); }

/* Py_BuildValue(format, a, b, c) with three fresh N objects (format reads
   at most those): the result or exception, and which of the three were
   consumed. */
static void steal3(const char *label, const char *format)
{
    PyObject *o[3];
    for (int i = 0; i < 3; i++) {
        o[i] = PyUnicode_FromFormat("n%d", i);
        Py_INCREF(o[i]);
    }
    PyObject *r = Py_BuildValue(format, o[0], o[1], o[2]);
    begin_case("Py_BuildValue", label, NULL, NULL);
    if (r != NULL) {
        describe(r);
        Py_DECREF(r);
    } else {
        put("error ");
        put_exception();
    }
    put(" consumed");
    for (int i = 0; i < 3; i++) {
        Py_ssize_t left = Py_REFCNT(o[i]);
        put(" %d", left == 1);
        while (left-- > 0)
            Py_DECREF(o[i]);
    }
    end_case();
}

static void build_cases(void)
{
    int answer = 42;
    Py_complex c = {1.0, -0.5};
    BV("");
    BV("()");
    BV("[]");
    BV("{}");
    BV("i", 7);
    BV("(i)", 7);
    BV("ii", 1, 2);
    BV("b", -1);
    BV("B", 255);
    BV("h", -32768);
    BV("H", 65535);
    BV("i", INT_MIN);
    BV("I", UINT_MAX);
    BV("l", LONG_MIN);
    BV("k", ULONG_MAX);
    BV("L", LLONG_MIN);
    BV("K", ULLONG_MAX);
    BV("n", PY_SSIZE_T_MAX);
    BV("f", 1.5);
    BV("d", 0.1);
    BV("D", &c);
    BV("c", 'x');
    BV("c", 255);
    BV("C", 0x1F600);
    BV("C", 0xE9);
    BV("C", 0x110000);
    BV("C", -1);
    BV("s", "text");
    BV("s", "caf\xc3\xa9");
    BV("s", (char *)NULL);
    BV("s#", "a\0b", (Py_ssize_t)3);
    BV("s#", (char *)NULL, (Py_ssize_t)3);
    BV("s#", "abc", (Py_ssize_t)-1);
    BV("s", "\xff");
    BV("z", (char *)NULL);
    BV("z", "z");
    BV("z#", "zz", (Py_ssize_t)1);
    BV("U", "u");
    BV("U#", "uu", (Py_ssize_t)2);
    BV("y", "bytes");
    BV("y", (char *)NULL);
    BV("y#", "a\0b", (Py_ssize_t)3);
    BV("y#", "abc", (Py_ssize_t)-1);
    BV("y#", (char *)NULL, (Py_ssize_t)0);
    BV("O", Py_None);
    BV("O", ba);
    BV("S", ba);
    BV("O&", make_answer, (void *)&answer);
    BV("(O&)", make_answer, (void *)&answer);
    BV("[i,s]", 1, "two");
    BV("[]", 0);
    BV("{s:i,s:i}", "a", 1, "b", 2);
    BV("{i:s}", 1, "one");
    BV("{s:i,s}", "a", 1, "b");
    BV("{s:(ii),s:[d]}", "t", 1, 2, "l", 0.5);
    BV("((((i))))", 3);
    BV("(i,s) [d:d]\t{}", 1, "x", 1.0, 2.0);
    BV("i i", 1, 2);
    BV("(ii", 1, 2);
    BV("ii)", 1, 2);
    BV("[ii", 1, 2);
    BV("{s:i", "a", 1);
    BV("(i]", 1);
    BV("x", 1);
    BV("i%", 1);
    BV("(iq)", 1, 2);
    BV("{O:i}", Py_None, 1);
    BV("{[]:i}", 1);
    BV("#", 1);
    BV(":", 1);
    BV(",i", 5);

    /* N steals, O and S borrow; NULL with and without an error set */
    PyObject *stolen = PyUnicode_FromString("stolen");
    Py_INCREF(stolen);
    Py_ssize_t before = Py_REFCNT(stolen);
    PyObject *r = Py_BuildValue("(N)", stolen);
    begin_case("Py_BuildValue", "(N) steals its reference", NULL, NULL);
    describe(r);
    Py_XDECREF(r);
    put(" refcount %+zd", Py_REFCNT(stolen) - before);
    end_case();
    Py_INCREF(stolen);
    before = Py_REFCNT(stolen);
    r = Py_BuildValue("(O)", stolen);
    begin_case("Py_BuildValue", "(O) takes a new reference", NULL, NULL);
    describe(r);
    Py_XDECREF(r);
    put(" refcount %+zd", Py_REFCNT(stolen) - before);
    end_case();
    /* N in a container that fails later is still consumed */
    Py_INCREF(stolen);
    before = Py_REFCNT(stolen);
    r = Py_BuildValue("(Nx)", stolen, 1);
    begin_case("Py_BuildValue", "(Nx): N is released when the build fails", NULL, NULL);
    describe(r);
    put(" ");
    if (PyErr_Occurred())
        put_exception();
    Py_XDECREF(r);
    put(" refcount %+zd", Py_REFCNT(stolen) - before);
    end_case();
    Py_INCREF(stolen);
    before = Py_REFCNT(stolen);
    r = Py_BuildValue("[iN(y#)]", 1, stolen, "q", (Py_ssize_t)-5);
    begin_case("Py_BuildValue", "[iN(y#)] with a negative length", NULL, NULL);
    describe(r);
    Py_XDECREF(r);
    put(" refcount %+zd", Py_REFCNT(stolen) - before);
    end_case();
    Py_DECREF(stolen);

    /* Malformed shapes decide which N are read at all (found by the args
       fuzz target): an unclosed bracket fails the first count, so none is;
       "(,)" is refused at the ',', the values after it are re-read one
       level up, and those past the closing check are never read. */
    steal3("(NN: unclosed, nothing read", "(NN");
    steal3("N(,)NN: refused empty tuple", "N(,)NN");
    steal3("[N(,)N]N: refused inside a list", "[N(,)N]N");
    steal3("N]N N: a stray closer", "N]N N");
    steal3("{N:N,N}: odd dict", "{N:N,N}");
    steal3("(N)N)N: closer at the top level", "(N)N)N");

    BV("O", (PyObject *)NULL);
    BV("(iO)", 1, (PyObject *)NULL);
    BV("N", (PyObject *)NULL);
    PyErr_SetString(PyExc_KeyError, "already set");
    build_result("O with NULL and an error already set", Py_BuildValue("O", (PyObject *)NULL));
    PyErr_SetString(PyExc_KeyError, "already set");
    build_result("(i,O) with NULL and an error already set", Py_BuildValue("(iO)", 1, (PyObject *)NULL));
}

/* ---- _Py_VaBuildStack, PyObject_CallFunction, PyObject_CallMethod ---- */

static void build_stack_case(const char *label, const char *format, ...)
{
    begin_case("_Py_VaBuildStack", label, NULL, NULL);
    PyObject *small[2];
    Py_ssize_t n = -7;
    va_list va;
    va_start(va, format);
    PyObject **stack = _Py_VaBuildStack(small, 2, format, va, &n);
    va_end(va);
    if (stack == NULL) {
        put("error (nargs=%zd) ", n);
        put_exception();
    } else {
        put("%s nargs=%zd:", stack == small ? "small stack" : "allocated", n);
        for (Py_ssize_t i = 0; i < n; i++) {
            put(" ");
            describe(stack[i]);
            Py_DECREF(stack[i]);
        }
        if (stack != small)
            PyMem_Free(stack);
    }
    end_case();
}

static PyObject *echo_args(PyObject *self, PyObject *args)
{
    (void)self;
    Py_INCREF(args);
    return args;
}

static PyMethodDef call_methods[] = {
    {"echo", echo_args, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef call_module = {PyModuleDef_HEAD_INIT, "callmod", NULL, -1, call_methods,
                                         NULL, NULL, NULL, NULL};

static void call_result(const char *label, PyObject *r)
{
    begin_case("call", label, NULL, NULL);
    if (r != NULL) {
        describe(r);
        Py_DECREF(r);
    } else {
        put("error ");
        put_exception();
    }
    end_case();
}

static void call_cases(void)
{
    build_stack_case("\"\"", "");
    build_stack_case("\"i\"", "i", 1);
    build_stack_case("\"is\"", "is", 1, "two");
    build_stack_case("\"iiy#\"", "iiy#", 1, 2, "ab", (Py_ssize_t)2);
    build_stack_case("\"(ii)i\"", "(ii)i", 1, 2, 3);
    build_stack_case("\"ix\"", "ix", 1, 2);
    build_stack_case("\"(i\"", "(i", 1);
    build_stack_case("\"i)\"", "i)", 1);

    PyObject *m = PyModule_Create(&call_module);
    if (m == NULL || PyModule_AddIntConstant(m, "number", 5) < 0) {
        fprintf(stderr, "cannot make the call module\n");
        exit(2);
    }
    PyObject *echo = PyObject_GetAttrString(m, "echo");
    call_result("CallFunction(echo, NULL)", PyObject_CallFunction(echo, NULL));
    call_result("CallFunction(echo, \"\")", PyObject_CallFunction(echo, ""));
    call_result("CallFunction(echo, \"i\", 1)", PyObject_CallFunction(echo, "i", 1));
    call_result("CallFunction(echo, \"ii\", 1, 2)", PyObject_CallFunction(echo, "ii", 1, 2));
    call_result("CallFunction(echo, \"(ii)\", 1, 2)", PyObject_CallFunction(echo, "(ii)", 1, 2));
    call_result("CallFunction(echo, \"((ii))\", 1, 2)", PyObject_CallFunction(echo, "((ii))", 1, 2));
    PyObject *t = T("(ss)", "a", "b");
    call_result("CallFunction(echo, \"O\", tuple)", PyObject_CallFunction(echo, "O", t));
    call_result("CallFunction(echo, \"[O]\", tuple)", PyObject_CallFunction(echo, "[O]", t));
    Py_DECREF(t);
    call_result("CallFunction(echo, \"y#\", \"ab\", 2)", PyObject_CallFunction(echo, "y#", "ab", (Py_ssize_t)2));
    call_result("CallFunction(echo, \"x\")", PyObject_CallFunction(echo, "x", 1));
    call_result("CallFunction(NULL, \"i\")", PyObject_CallFunction(NULL, "i", 1));
    call_result("CallFunction(5, \"i\")", PyObject_CallFunction(big_pos, "i", 1));
    call_result("CallMethod(m, \"echo\", \"is\")", PyObject_CallMethod(m, "echo", "is", 7, "x"));
    call_result("CallMethod(m, \"echo\", NULL)", PyObject_CallMethod(m, "echo", NULL));
    call_result("CallMethod(m, \"number\", NULL)", PyObject_CallMethod(m, "number", NULL));
    call_result("CallMethod(m, \"missing\", NULL)", PyObject_CallMethod(m, "missing", NULL));
    call_result("CallMethod(NULL, \"echo\", NULL)", PyObject_CallMethod(NULL, "echo", NULL));
    PyObject *arg = PyUnicode_FromString("an argument"), *name = PyUnicode_FromString("echo");
    Py_ssize_t before = Py_REFCNT(arg);
    call_result("CallFunctionObjArgs(echo, arg, arg, NULL)", PyObject_CallFunctionObjArgs(echo, arg, arg, NULL));
    call_result("CallFunctionObjArgs(echo, NULL)", PyObject_CallFunctionObjArgs(echo, NULL));
    call_result("CallMethodObjArgs(m, \"echo\", arg, NULL)", PyObject_CallMethodObjArgs(m, name, arg, NULL));
    PyObject *missing = PyUnicode_FromString("missing");
    call_result("CallMethodObjArgs(m, \"missing\", NULL)", PyObject_CallMethodObjArgs(m, missing, NULL));
    Py_DECREF(missing);
    begin_case("refcounts", "of an argument after the ObjArgs calls", NULL, NULL);
    put("%+zd", Py_REFCNT(arg) - before);
    end_case();
    Py_DECREF(name);
    Py_DECREF(arg);
    Py_DECREF(echo);
    Py_DECREF(m);
}

/* ---- without PY_SSIZE_T_CLEAN ---------------------------------------- */

/* The un-suffixed entry points, as a file compiled without
   PY_SSIZE_T_CLEAN calls them: '#' formats are refused. */
#undef PyArg_ParseTuple
#undef PyArg_ParseTupleAndKeywords
#undef Py_BuildValue
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, ...);
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);

static void legacy_cases(void)
{
    const char *fmts[] = {"s#", "y#", "z#", "es#", "i", "s", "y*", "O|s#", "|i$s#"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        PyObject *args = i == 7 ? T("(i)", 1) : i == 8 ? T("()") : i == 4 ? T("(i)", 1) : T("(y)", "xy");
        begin_case("PyArg_ParseTuple without PY_SSIZE_T_CLEAN", fmts[i], args, NULL);
        void *p[MAX_SLOTS] = {0};
        plan(fmts[i], p, NULL, 0);
        if (PyArg_ParseTuple(args, fmts[i], PASS24(p)))
            put_outputs();
        else {
            put("error ");
            put_exception();
        }
        settle_args();
        Py_DECREF(args);
        end_case();
    }
    PyObject *args = T("(y)", "xy");
    begin_case("PyArg_ParseTupleAndKeywords without PY_SSIZE_T_CLEAN", "|y#", args, NULL);
    void *p[MAX_SLOTS] = {0};
    plan("|y#", p, NULL, 0);
    if (PyArg_ParseTupleAndKeywords(args, NULL, "|y#", KWLIST("a"), PASS24(p)))
        put_outputs();
    else {
        put("error ");
        put_exception();
    }
    settle_args();
    Py_DECREF(args);
    end_case();
    build_result("Py_BuildValue(\"y#\") without PY_SSIZE_T_CLEAN", Py_BuildValue("y#", "ab", 2));
    build_result("Py_BuildValue(\"(is#)\") without PY_SSIZE_T_CLEAN", Py_BuildValue("(is#)", 1, "ab", 2));
    build_result("Py_BuildValue(\"s\") without PY_SSIZE_T_CLEAN", Py_BuildValue("s", "fine"));
}

int main(void)
{
    Py_Initialize();
    make_shared_objects();
    number_cases();
    object_cases();
    string_cases();
    structure_cases();
    keyword_cases();
    helper_cases();
    clinic_cases();
    build_cases();
    call_cases();
    legacy_cases();
    return 0;
}
