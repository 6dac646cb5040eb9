/* Shared helpers of the adversarial differential sources: one line per
 * case, "N<TAB>what<TAB>result", the result being the masked ascii() of
 * the value or "Type: message" of the error, then (when a state object is
 * set) " | " and its ascii(), so a half-changed object shows. */
#ifndef PYBUFFER_DIFFERENTIAL_ADV_COMMON_H
#define PYBUFFER_DIFFERENTIAL_ADV_COMMON_H

static int case_no;
static PyObject *state; /* borrowed; printed after each case when set */

/* Prints `s` with 0x<hex> masked, at most `max` characters. */
static inline void put_masked_s(const char *s, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        if (s[0] == '0' && s[1] == 'x') {
            fputs("0x?", stdout);
            s += 2;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
                s++;
        } else {
            putchar(*s++);
        }
        n++;
    }
    if (*s)
        fputs("...", stdout);
}

static inline void put_obj(PyObject *o)
{
    PyObject *r = PyObject_ASCII(o);
    if (r == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("<ascii failed: %s>", t ? ((PyTypeObject *)t)->tp_name : "?");
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return;
    }
    put_masked_s(PyUnicode_AsUTF8(r), 160);
    Py_DECREF(r);
}

static inline void put_err(void)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (t == NULL) {
        fputs("NULL without exception", stdout);
        return;
    }
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: ", ((PyTypeObject *)t)->tp_name);
    if (s) {
        /* PyErr_BadInternalCall's message starts with the C file and
           line of its caller: kept from the colon on. */
        const char *m = PyUnicode_AsUTF8(s);
        const char *internal = m ? strstr(m, ": bad argument to internal function") : NULL;
        put_masked_s(internal ? internal + 2 : m, 160);
    }
    else {
        PyErr_Clear();
        fputs("?", stdout);
    }
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

static inline void tail(void)
{
    if (state != NULL) {
        fputs(" | ", stdout);
        put_obj(state);
    }
    if (PyErr_Occurred()) {
        fputs(" | left set: ", stdout);
        put_err();
    }
    putchar('\n');
}

/* One case showing `o` (owned, consumed) or the pending error. */
static inline void R(const char *what, PyObject *o)
{
    printf("%d\t%s\t", ++case_no, what);
    if (o == NULL)
        put_err();
    else {
        put_obj(o);
        Py_DECREF(o);
    }
    tail();
}

/* One case showing an int status (-1: the pending error). */
static inline void RI(const char *what, Py_ssize_t rc)
{
    printf("%d\t%s\t", ++case_no, what);
    if (rc == -1 && PyErr_Occurred())
        put_err();
    else
        printf("%zd", rc);
    tail();
}

/* o.name(*args) with args built by Py_BuildValue(fmt) (always a tuple:
   wrap the format in parentheses). */
static inline PyObject *CM(PyObject *o, const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        return NULL;
    if (!PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        if (t == NULL)
            return NULL;
        args = t;
    }
    PyObject *m = PyObject_GetAttrString(o, name);
    if (m == NULL) {
        Py_DECREF(args);
        return NULL;
    }
    PyObject *r = PyObject_Call(m, args, NULL);
    Py_DECREF(m);
    Py_DECREF(args);
    return r;
}

static inline PyObject *BIG(const char *digits) { return PyLong_FromString(digits, NULL, 0); }

static inline PyObject *SL(PyObject *a, PyObject *b, PyObject *c)
{
    PyObject *s = PySlice_New(a, b, c);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return s;
}
#define I(n) PyLong_FromSsize_t(n)

static inline PyObject *GET(PyObject *o, PyObject *key)
{
    if (key == NULL)
        return NULL;
    PyObject *r = PyObject_GetItem(o, key);
    Py_DECREF(key);
    return r;
}

static inline Py_ssize_t SET(PyObject *o, PyObject *key, PyObject *v)
{
    if (key == NULL || v == NULL) {
        Py_XDECREF(key);
        Py_XDECREF(v);
        return -1;
    }
    int r = PyObject_SetItem(o, key, v);
    Py_DECREF(key);
    Py_DECREF(v);
    return r;
}

static inline Py_ssize_t DEL(PyObject *o, PyObject *key)
{
    if (key == NULL)
        return -1;
    int r = PyObject_DelItem(o, key);
    Py_DECREF(key);
    return r;
}

/* A new reference to `o` (for R on borrowed values). */
static inline PyObject *NEW(PyObject *o)
{
    Py_XINCREF(o);
    return o;
}
#endif
