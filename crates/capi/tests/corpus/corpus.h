/* The harness shared by the corpus drivers (one <member>.c per extension).
 *
 * Each driver compiles twice from one source: against CPython (linked with
 * `python3-config --embed --ldflags`) and against pybuffer (linked with
 * -lpybuffer). It loads a corpus extension from the shared object named on
 * its command line, exactly as an importer would (dlopen, PyInit_<name>,
 * and for multi-phase modules PyModule_FromDefAndSpec + PyModule_ExecDef),
 * then calls the module's functions and types through the ordinary C API
 * with vectors taken from the extension's own test suite, printing TAP.
 *
 * Refcount baselines: every call goes through call()/call_attr(), which
 * record the reference count of the module, the object a method is looked
 * up on, each positional argument and each keyword value. When the result
 * has been checked and released, each must be back at its recorded count
 * (or one above, for an object the caller keeps because it *is* the result);
 * a difference fails that vector's TAP line. One vector = one TAP line.
 */
#ifndef PYBUFFER_CORPUS_H
#define PYBUFFER_CORPUS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/*                               TAP                                  */
/* ------------------------------------------------------------------ */

static int tap_count = 0;
static int tap_failed = 0;
static char tap_diag[1024];
static int group_ok = 1; /* the verdict of take()n calls since the last line */

static inline void diag(const char *fmt, ...)
{
    va_list va;
    size_t used = strlen(tap_diag);
    if (used >= sizeof tap_diag - 1)
        return;
    va_start(va, fmt);
    vsnprintf(tap_diag + used, sizeof tap_diag - used, fmt, va);
    va_end(va);
}

/* One TAP line; `ok` false prints the diagnostics gathered since the last. */
static inline void tap(int ok, const char *what)
{
    ok = ok && group_ok;
    group_ok = 1;
    ++tap_count;
    if (ok) {
        printf("ok %d - %s\n", tap_count, what);
    } else {
        ++tap_failed;
        printf("not ok %d - %s\n", tap_count, what);
        if (tap_diag[0])
            printf("# %s\n", tap_diag);
    }
    tap_diag[0] = '\0';
    fflush(stdout);
}

static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed != 0;
}

/* Describes the pending exception into the diagnostics and clears it. */
static inline void diag_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == NULL) {
        diag("no exception set; ");
        return;
    }
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *s = value ? PyObject_Str(value) : NULL;
    const char *msg = s ? PyUnicode_AsUTF8(s) : NULL;
    diag("raised %s: %s; ", ((PyTypeObject *)type)->tp_name, msg ? msg : "?");
    PyErr_Clear();
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* Stops the driver (TAP "Bail out!"), naming any pending exception. */
static inline void bail(const char *fmt, ...)
{
    va_list va;
    printf("Bail out! ");
    va_start(va, fmt);
    vprintf(fmt, va);
    va_end(va);
    if (PyErr_Occurred()) {
        diag_exception();
        printf(" (%s)", tap_diag);
    }
    printf("\n");
    exit(1);
}

/* ------------------------------------------------------------------ */
/*                     Loading a module like an importer              */
/* ------------------------------------------------------------------ */

static PyObject *corpus_module;

/* The package a multi-phase module belongs to (NULL: none), as an
   importer's spec gives it: the spec's `name` is then "<package>.<name>"
   and its `parent` the package, so that the module's relative imports
   resolve (Cython copies `parent` to `__package__`). */
static const char *corpus_package = NULL;

static inline PyObject *load_module(const char *path, const char *name)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL)
        bail("dlopen %s: %s", path, dlerror());
    char symbol[128];
    snprintf(symbol, sizeof symbol, "PyInit_%s", name);
    PyObject *(*init)(void) = NULL;
    /* dlsym returns void *; the cast through a union keeps -Wpedantic quiet
       about object-to-function pointer conversion. */
    union { void *object; PyObject *(*function)(void); } entry;
    entry.object = dlsym(handle, symbol);
    init = entry.function;
    if (init == NULL)
        bail("%s has no %s", path, symbol);
    PyObject *m = init();
    if (m == NULL)
        bail("%s() failed", symbol);
    if (PyObject_TypeCheck(m, &PyModuleDef_Type)) {
        /* Multi-phase initialisation: the spec only needs a `name` (and a
       `parent` for a module in a package). */
        PyModuleDef *def = (PyModuleDef *)m;
        PyObject *spec = PyModule_New("corpus_spec");
        PyObject *spec_name = corpus_package ? PyUnicode_FromFormat("%s.%s", corpus_package, name)
                                             : PyUnicode_FromString(name);
        if (spec == NULL || spec_name == NULL || PyObject_SetAttrString(spec, "name", spec_name) < 0)
            bail("cannot make a module spec");
        if (corpus_package) {
            PyObject *parent = PyUnicode_FromString(corpus_package);
            if (parent == NULL || PyObject_SetAttrString(spec, "parent", parent) < 0)
                bail("cannot make a module spec");
            Py_DECREF(parent);
        }
        PyObject *module = PyModule_FromDefAndSpec(def, spec);
        if (module == NULL)
            bail("PyModule_FromDefAndSpec(%s) failed", name);
        if (PyModule_ExecDef(module, def) < 0)
            bail("PyModule_ExecDef(%s) failed", name);
        Py_DECREF(spec_name);
        Py_DECREF(spec);
        m = module;
    }
    corpus_module = m;
    return m;
}

/* A new reference to attribute `name` of `obj`; bails out if missing. */
static inline PyObject *attr(PyObject *obj, const char *name)
{
    PyObject *a = PyObject_GetAttrString(obj, name);
    if (a == NULL)
        bail("no attribute %s", name);
    return a;
}

/* Loads extension module `name` from `file` in the directory of `ext`:
   another corpus member's build, which c-tests.sh writes next to this
   one's (list that member first in scripts/corpus.py). */
static inline PyObject *load_module_beside(const char *ext, const char *file, const char *name)
{
    char path[4096];
    char *copy = strdup(ext);
    if (copy == NULL || snprintf(path, sizeof path, "%s/%s", dirname(copy), file) >= (int)sizeof path)
        bail("path too long: %s", ext);
    free(copy);
    return load_module(path, name);
}

/* obj.name(*args), the arguments built from `fmt` (a tuple format) and
   `va`: a new reference, or NULL with the error set when the call fails.
   Not refcount-watched: for setup steps whose results live on (a cffi
   ctype or cdata keeps what it is made from). Bails out on a bad format. */
static inline PyObject *call_method_va(PyObject *obj, const char *name, const char *fmt, va_list va)
{
    PyObject *method = attr(obj, name);
    PyObject *args = Py_VaBuildValue(fmt, va);
    if (args == NULL || !PyTuple_Check(args))
        bail("bad argument format %s", fmt);
    PyObject *r = PyObject_Call(method, args, NULL);
    Py_DECREF(args);
    Py_DECREF(method);
    return r;
}

/* For a cffi out-of-line module, whose init imports _cffi_backend: loads
   the cffi member's build, which sits next to the module's at `ext`, and
   puts it in sys.modules. */
static inline void load_cffi_backend_beside(const char *ext)
{
    PyObject *cffi = load_module_beside(ext, "_cffi_backend.so", "_cffi_backend");
    if (PyDict_SetItemString(PyImport_GetModuleDict(), "_cffi_backend", cffi) < 0)
        bail("sys.modules['_cffi_backend'] = ...");
    Py_DECREF(cffi);
}

/* ------------------------------------------------------------------ */
/*                 Calls with a refcount baseline                     */
/* ------------------------------------------------------------------ */

#define MAX_WATCH 32
static struct {
    PyObject *obj;
    Py_ssize_t refcnt;
    const char *role;
} watched[MAX_WATCH];
static int n_watched;
static PyObject *pending_args, *pending_kwargs, *pending_result;
static int pending = 0;
/* References the extension itself leaks to the first positional argument,
   on CPython too (say, a "y*" buffer it never releases): a driver that sets
   this expects exactly that many, so a port must leak the same. */
static Py_ssize_t args_leaked_by_extension = 0;

static inline void watch(PyObject *obj, const char *role)
{
    if (obj == NULL)
        return;
    for (int i = 0; i < n_watched; i++)
        if (watched[i].obj == obj)
            return;
    if (n_watched == MAX_WATCH)
        bail("too many objects to watch");
    Py_INCREF(obj); /* keep it alive to compare; discounted below */
    watched[n_watched].obj = obj;
    watched[n_watched].refcnt = Py_REFCNT(obj);
    watched[n_watched].role = role;
    n_watched++;
}

/* Starts a call: records the module's and `self`'s counts (before any
   bound method made for the call holds a reference to `self`). */
static inline void begin_call(PyObject *self)
{
    if (pending)
        bail("a previous call's result was not checked");
    n_watched = 0;
    watch(corpus_module, "the module");
    watch(self, "self");
}

/* Calls `callable(*args, **kwargs)`. `fmt` is a Py_BuildValue format for
   the positional arguments, in parentheses; `kwargs` (stolen, may be NULL)
   is the keyword dict. The result is pending until one of the expect_*
   functions (or keep()/take()) checks it. */
static inline PyObject *vcall(PyObject *callable, PyObject *kwargs, const char *fmt, va_list va)
{
    PyObject *args = Py_VaBuildValue(fmt, va);
    if (args == NULL || !PyTuple_Check(args))
        bail("bad argument format %s", fmt);
    if (kwargs == NULL && PyErr_Occurred())
        bail("building keyword arguments failed");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
        watch(PyTuple_GET_ITEM(args, i), i == 0 ? "the first positional argument" : "a positional argument");
    if (kwargs != NULL) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(kwargs, &pos, &key, &value))
            watch(value, "a keyword argument");
    }
    pending = 1;
    pending_args = args;
    pending_kwargs = kwargs;
    pending_result = PyObject_Call(callable, args, kwargs);
    if (pending_result != NULL && PyErr_Occurred()) {
        diag("returned a result with an exception set; ");
        PyErr_Clear();
        Py_CLEAR(pending_result);
    }
    return pending_result;
}

static inline PyObject *call(PyObject *callable, PyObject *kwargs, const char *fmt, ...)
{
    begin_call(NULL);
    va_list va;
    va_start(va, fmt);
    PyObject *r = vcall(callable, kwargs, fmt, va);
    va_end(va);
    return r;
}

/* Calls method `name` of `obj`. */
static inline PyObject *call_attr(PyObject *obj, const char *name, PyObject *kwargs, const char *fmt, ...)
{
    begin_call(obj);
    PyObject *method = attr(obj, name);
    va_list va;
    va_start(va, fmt);
    PyObject *r = vcall(method, kwargs, fmt, va);
    va_end(va);
    Py_DECREF(method);
    return r;
}

/* Ends the pending call. The result is released first, unless the caller
   keeps it (`keep`: the caller receives a new reference), so that whatever
   it referenced is gone too; then every watched object must be back at its
   recorded count (one above for the kept result itself). Adds a diagnostic
   for each difference and returns 1 when there is none. */
static inline int settle(int keep)
{
    if (!pending)
        bail("settle without a call");
    pending = 0;
    PyObject *kept = keep ? pending_result : NULL;
    if (!keep)
        Py_XDECREF(pending_result);
    pending_result = NULL;
    int ok = 1;
    for (int i = 0; i < n_watched; i++) {
        PyObject *o = watched[i].obj;
        Py_ssize_t have = Py_REFCNT(o) - (o == kept ? 1 : 0);
        if (strcmp(watched[i].role, "the first positional argument") == 0)
            have -= args_leaked_by_extension;
        if (have != watched[i].refcnt) {
            diag("refcount of %s (%s) went from %zd to %zd; ", watched[i].role, Py_TYPE(o)->tp_name,
                 watched[i].refcnt, have);
            ok = 0;
        }
    }
    Py_DECREF(pending_args);
    Py_XDECREF(pending_kwargs);
    for (int i = 0; i < n_watched; i++)
        Py_DECREF(watched[i].obj);
    n_watched = 0;
    return ok;
}

/* ------------------------------------------------------------------ */
/*                 Checking results, one TAP line each                */
/* ------------------------------------------------------------------ */

/* Whether the call succeeded; if not, the exception goes to diagnostics. */
static inline int succeeded(PyObject *r)
{
    if (r != NULL)
        return 1;
    diag_exception();
    return 0;
}

/* The call succeeded; returns its result (a new reference) for later use.
   Bails out when it failed, since what follows depends on it. */
static inline PyObject *keep(PyObject *r, const char *what)
{
    int ok = succeeded(r);
    ok &= settle(1);
    tap(ok, what);
    if (r == NULL)
        bail("cannot continue without %s", what);
    return r;
}

/* Like keep(), for one step of many: prints no line of its own but folds
   its verdict into the next TAP line. Returns the result (a new reference),
   or NULL when the call failed. */
static inline PyObject *take(PyObject *r)
{
    int ok = succeeded(r);
    ok &= settle(1);
    if (!ok)
        group_ok = 0;
    return r;
}

static inline int bytes_equal(PyObject *r, PyTypeObject *type, const void *data, Py_ssize_t len)
{
    if (Py_TYPE(r) != type) {
        diag("result is %s, not %s; ", Py_TYPE(r)->tp_name, type->tp_name);
        return 0;
    }
    const char *got = type == &PyBytes_Type ? PyBytes_AS_STRING(r) : PyByteArray_AS_STRING(r);
    Py_ssize_t got_len = type == &PyBytes_Type ? PyBytes_GET_SIZE(r) : PyByteArray_GET_SIZE(r);
    if (got_len != len) {
        diag("result has %zd bytes, expected %zd; ", got_len, len);
        return 0;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        if (got[i] != ((const char *)data)[i]) {
            diag("results differ at byte %zd; ", i);
            return 0;
        }
    }
    return 1;
}

/* The result is a bytes object equal to data[:len]. */
static inline void expect_bytes(PyObject *r, const void *data, Py_ssize_t len, const char *what)
{
    int ok = succeeded(r) && bytes_equal(r, &PyBytes_Type, data, len);
    ok &= settle(0);
    tap(ok, what);
}

/* The result is a bytearray equal to data[:len]. */
static inline void expect_bytearray(PyObject *r, const void *data, Py_ssize_t len, const char *what)
{
    int ok = succeeded(r) && bytes_equal(r, &PyByteArray_Type, data, len);
    ok &= settle(0);
    tap(ok, what);
}

/* The result is a bytes object equal to `expected` (a bytes object). */
static inline void expect_same_bytes(PyObject *r, PyObject *expected, const char *what)
{
    int ok = succeeded(r)
             && bytes_equal(r, &PyBytes_Type, PyBytes_AS_STRING(expected), PyBytes_GET_SIZE(expected));
    ok &= settle(0);
    tap(ok, what);
}

/* The result is an int equal to the decimal number `digits` (any size). */
static inline void expect_int(PyObject *r, const char *digits, const char *what)
{
    int ok = succeeded(r);
    if (ok && !PyLong_CheckExact(r)) {
        diag("result is %s, not int; ", Py_TYPE(r)->tp_name);
        ok = 0;
    }
    if (ok) {
        PyObject *want = PyLong_FromString(digits, NULL, 10);
        int eq = want ? PyObject_RichCompareBool(r, want, Py_EQ) : -1;
        if (eq != 1) {
            PyObject *s = PyObject_Str(r);
            diag("result is %s, expected %s; ", s ? PyUnicode_AsUTF8(s) : "?", digits);
            Py_XDECREF(s);
            PyErr_Clear();
            ok = 0;
        }
        Py_XDECREF(want);
    }
    ok &= settle(0);
    tap(ok, what);
}

/* The result is the str `text` (UTF-8). */
static inline void expect_str(PyObject *r, const char *text, const char *what)
{
    int ok = succeeded(r);
    if (ok && !PyUnicode_CheckExact(r)) {
        diag("result is %s, not str; ", Py_TYPE(r)->tp_name);
        ok = 0;
    }
    if (ok) {
        const char *got = PyUnicode_AsUTF8(r);
        if (got == NULL || strcmp(got, text) != 0) {
            diag("result is '%s', expected '%s'; ", got ? got : "?", text);
            PyErr_Clear();
            ok = 0;
        }
    }
    ok &= settle(0);
    tap(ok, what);
}

/* The result is exactly `expected` (None, True, False, ...). */
static inline void expect_is(PyObject *r, PyObject *expected, const char *what)
{
    int ok = succeeded(r);
    if (ok && r != expected) {
        diag("result is a %s, not the expected %s; ", Py_TYPE(r)->tp_name, Py_TYPE(expected)->tp_name);
        ok = 0;
    }
    ok &= settle(0);
    tap(ok, what);
}

/* The call raised `type` (or a subclass) whose str() is `message`; a
   message ending in '*' matches as a prefix; NULL matches any message. */
static inline void expect_error(PyObject *r, PyObject *type, const char *message, const char *what)
{
    int ok = 1;
    if (r != NULL) {
        diag("returned a %s instead of raising; ", Py_TYPE(r)->tp_name);
        ok = 0;
    } else if (!PyErr_ExceptionMatches(type)) {
        diag("expected %s; ", ((PyTypeObject *)type)->tp_name);
        diag_exception();
        ok = 0;
    } else {
        PyObject *etype, *value, *tb;
        PyErr_Fetch(&etype, &value, &tb);
        PyErr_NormalizeException(&etype, &value, &tb);
        PyObject *s = value ? PyObject_Str(value) : NULL;
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        if (got == NULL) {
            diag("cannot read the message; ");
            ok = 0;
        } else if (message != NULL) {
            size_t n = strlen(message);
            int prefix = n > 0 && message[n - 1] == '*';
            if (prefix ? strncmp(got, message, n - 1) != 0 : strcmp(got, message) != 0) {
                diag("message '%s', expected '%s'; ", got, message);
                ok = 0;
            }
        }
        PyErr_Clear();
        Py_XDECREF(s);
        Py_XDECREF(etype);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    }
    ok &= settle(0);
    tap(ok, what);
}

/* ------------------------------------------------------------------ */
/*            Outputs compared with the CPython build's               */
/* ------------------------------------------------------------------ */

/* Where a project's tests give no expected value (a compressor's exact
   output, an error message its tests do not pin down), the driver records
   what the call produced instead: a line "#= <what>\t<value>" that
   scripts/c-tests.sh compares, line by line, between the CPython build's
   run and pybuffer's. Bytes are recorded by length and FNV-1a digest, any
   other result by its repr(), an exception by its type and message. */
static inline unsigned long long fnv1a(const void *data, size_t len)
{
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= ((const unsigned char *)data)[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Prints `text` on the record line: escapes what would break the line,
   and leaves out addresses (a default repr's "at 0x...") which differ
   between runs. */
static inline void print_scrubbed(const char *text)
{
    for (const char *c = text; *c; c++) {
        if (strncmp(c, " at 0x", 6) == 0) {
            fputs(" at 0x?", stdout);
            for (c += 6; c[1] && strchr("0123456789abcdefABCDEF", c[1]); c++)
                ;
        } else if (*c == '\n') {
            fputs("\\n", stdout);
        } else if (*c == '\t') {
            fputs("\\t", stdout);
        } else {
            putchar(*c);
        }
    }
}

/* Prints the record line for `r` (NULL: the pending exception, which is
   cleared). */
static inline void print_record(PyObject *r, const char *what)
{
    printf("#= %s\t", what);
    if (r == NULL) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        PyObject *s = value ? PyObject_Str(value) : NULL;
        const char *msg = s ? PyUnicode_AsUTF8(s) : NULL;
        printf("raised %s: ", type ? ((PyTypeObject *)type)->tp_name : "(nothing)");
        print_scrubbed(msg ? msg : "?");
        PyErr_Clear();
        Py_XDECREF(s);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    } else if (PyBytes_Check(r) || PyByteArray_Check(r)) {
        const char *p = PyBytes_Check(r) ? PyBytes_AS_STRING(r) : PyByteArray_AS_STRING(r);
        Py_ssize_t n = PyBytes_Check(r) ? PyBytes_GET_SIZE(r) : PyByteArray_GET_SIZE(r);
        printf("%s of %zd, fnv1a %016llx", Py_TYPE(r)->tp_name, n, fnv1a(p, (size_t)n));
    } else {
        PyObject *s = PyObject_Repr(r);
        const char *text = s ? PyUnicode_AsUTF8(s) : NULL;
        if (text == NULL) {
            PyErr_Clear();
            printf("(%s with no repr)", Py_TYPE(r)->tp_name);
        } else {
            print_scrubbed(text);
        }
        Py_XDECREF(s);
    }
    putchar('\n');
}

/* Records the pending call's result or exception; its TAP line checks only
   the reference counts (the value is checked against CPython's record). */
static inline void record(PyObject *r, const char *what)
{
    print_record(r, what);
    int ok = settle(0);
    tap(ok, what);
}

/* Records the result and also keeps it (a new reference; NULL if it
   raised), folding the refcount verdict into the next TAP line. */
static inline PyObject *record_keep(PyObject *r, const char *what)
{
    print_record(r, what);
    if (!settle(1))
        group_ok = 0;
    return r;
}

/* Records a value no call produced (say, the output joined from a stream
   of calls); its TAP line is always ok, the comparison is with CPython. */
static inline void record_value(PyObject *value, const char *what)
{
    print_record(value, what);
    tap(1, what);
}

/* A keyword dict from a Py_BuildValue format ("{s:O,...}"); bails out if
   the format is bad. */
static inline PyObject *kw_dict(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (d == NULL || !PyDict_Check(d))
        bail("bad keyword format %s", fmt);
    return d;
}

/* A check with no call behind it. */
static inline void expect_true(int cond, const char *what)
{
    tap(cond, what);
}

/* ------------------------------------------------------------------ */
/*                            Test data                               */
/* ------------------------------------------------------------------ */

/* Reads a whole file into a new bytes object; bails out if it cannot. */
static inline PyObject *read_file(const char *dir, const char *name)
{
    char path[8192];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        bail("path too long: %s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        bail("cannot open %s", path);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (buf == NULL)
        bail("out of memory reading %s", path);
    PyObject *b = PyBytes_FromStringAndSize(buf, (Py_ssize_t)len);
    free(buf);
    if (b == NULL)
        bail("cannot make bytes of %s", path);
    return b;
}

/* Output gathered from a stream of calls (compressors, decoders). */
typedef struct {
    char *data;
    size_t len, cap;
} Sink;

/* Appends a bytes result to the sink and releases it; NULL is skipped
   (its failure was already noted by take()). */
static inline void sink_add(Sink *s, PyObject *bytes)
{
    if (bytes == NULL)
        return;
    if (!PyBytes_Check(bytes)) {
        diag("a %s where bytes were expected; ", Py_TYPE(bytes)->tp_name);
        group_ok = 0;
        Py_DECREF(bytes);
        return;
    }
    size_t n = (size_t)PyBytes_GET_SIZE(bytes);
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2 + 64;
        s->data = realloc(s->data, s->cap);
        if (s->data == NULL)
            bail("out of memory");
    }
    memcpy(s->data + s->len, PyBytes_AS_STRING(bytes), n);
    s->len += n;
    Py_DECREF(bytes);
}

/* Whether the sink holds exactly the bytes object `expected`; empties it. */
static inline int sink_equals(Sink *s, PyObject *expected)
{
    int eq = s->len == (size_t)PyBytes_GET_SIZE(expected)
             && (s->len == 0 || memcmp(s->data, PyBytes_AS_STRING(expected), s->len) == 0);
    if (!eq)
        diag("%zu bytes of output differ from the expected %zd; ", s->len, PyBytes_GET_SIZE(expected));
    s->len = 0;
    return eq;
}

/* The driver's main, around `run(module, sdist_dir)`. */
#define CORPUS_MAIN(module_name, run)                                         \
    int main(int argc, char **argv)                                           \
    {                                                                         \
        if (argc != 3) {                                                      \
            fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);  \
            return 2;                                                         \
        }                                                                     \
        Py_Initialize();                                                      \
        PyObject *module = load_module(argv[1], module_name);                 \
        run(module, argv[2]);                                                 \
        return tap_done();                                                    \
    }

#endif
