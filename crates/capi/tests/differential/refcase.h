/* The case printer of the differential sources that watch reference
 * counts (sets.c, types.c, corpus_api.c): one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * where "what happened" is the result (`-> repr`, or `raised Type:
 * message`), then any change in the count of an object the case watched,
 * then an exception the case left set. Addresses in reprs and messages
 * are masked (0x?) so both builds print alike. scripts/c-tests.sh compares
 * the lines with CPython's.
 *
 * Include after <Python.h>, <stdarg.h>, <stdio.h> and <string.h>.
 */
#ifndef PYBUFFER_DIFFERENTIAL_REFCASE_H
#define PYBUFFER_DIFFERENTIAL_REFCASE_H

static int case_no;
static char out[4096];
static size_t out_len;

static inline void put(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    if (out_len < sizeof out)
        out_len += (size_t)vsnprintf(out + out_len, sizeof out - out_len, fmt, va);
    va_end(va);
    if (out_len > sizeof out - 1)
        out_len = sizeof out - 1;
}

/* Appends `s` with every 0x<hex> address replaced by 0x?. */
static inline void put_masked(const char *s)
{
    while (*s) {
        if (s[0] == '0' && s[1] == 'x') {
            put("0x?");
            s += 2;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
                s++;
        } else {
            put("%c", *s++);
        }
    }
}

/* Appends the pending exception as "Type: message" and clears it. */
static inline void put_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    put("%s: ", type ? ((PyTypeObject *)type)->tp_name : "(no exception set)");
    if (value != NULL) {
        PyObject *s = PyObject_Str(value);
        const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
        const char *internal = m ? strstr(m, ": bad argument to internal function") : NULL;
        put_masked(internal ? internal + 2 : m ? m : "(unprintable)");
        Py_XDECREF(s);
    }
    PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static inline void put_repr(PyObject *o)
{
    PyObject *r = PyObject_Repr(o);
    if (r == NULL) {
        put("<repr failed: ");
        put_exception();
        put(">");
        return;
    }
    put_masked(PyUnicode_AsUTF8(r));
    Py_DECREF(r);
}

/* Objects whose counts a case checks. */
#define MAX_WATCH 8
static PyObject *watched[MAX_WATCH];
static Py_ssize_t watched_refcnt[MAX_WATCH];
static int n_watched;

static inline void watch(PyObject *o)
{
    if (o == NULL || n_watched == MAX_WATCH)
        return;
    Py_INCREF(o);
    watched[n_watched] = o;
    watched_refcnt[n_watched] = Py_REFCNT(o);
    n_watched++;
}

static inline void begin(const char *what)
{
    out_len = 0;
    out[0] = '\0';
    n_watched = 0;
    printf("%d\t%s\t", ++case_no, what);
}

static inline void end(void)
{
    for (int i = 0; i < n_watched; i++) {
        if (Py_REFCNT(watched[i]) != watched_refcnt[i])
            put(" | refcount of %s %+zd", Py_TYPE(watched[i])->tp_name, Py_REFCNT(watched[i]) - watched_refcnt[i]);
        Py_DECREF(watched[i]);
    }
    n_watched = 0;
    if (PyErr_Occurred()) {
        put(" | exception left set: ");
        put_exception();
    }
    printf("%s\n", out);
    fflush(stdout);
}

/* The result of a call returning an object (stolen). */
static inline void obj_result(PyObject *r)
{
    if (r == NULL) {
        put("raised ");
        put_exception();
    } else {
        put("-> ");
        put_repr(r);
        Py_DECREF(r);
    }
}

/* The result of a call returning an int status. */
static inline void int_result(int r)
{
    if (r == -1 && PyErr_Occurred()) {
        put("raised ");
        put_exception();
    } else {
        put("-> %d", r);
    }
}

#define CASE_OBJ(what, expr) \
    do {                     \
        begin(what);         \
        obj_result(expr);    \
        end();               \
    } while (0)
#define CASE_INT(what, expr) \
    do {                     \
        begin(what);         \
        int_result(expr);    \
        end();               \
    } while (0)

#endif
