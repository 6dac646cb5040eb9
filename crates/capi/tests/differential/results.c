/* Differential cases for how C results are checked (CPython's
 * _Py_CheckFunctionResult, Objects/call.c): a C function that returns NULL
 * without setting an exception, or a result with one set, called through
 * every entry point of the call API. CPython checks in some paths and not
 * in others (a vectorcall callee reached through PyObject_Call or
 * PyVectorcall_Call without keywords is not checked, for one); the output
 * shows which, with the SystemError's message, its __cause__ and
 * __context__, and whether the dropped result was released.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

static int case_no;

/* What the misbehaving functions do: 0 returns NULL with no exception, 1
   returns a new reference to `token` with ValueError("boom") set, 2
   behaves (returns `token`). */
static int mode;
static PyObject *token;

static PyObject *misbehave(void)
{
    if (mode == 0)
        return NULL;
    if (mode == 1)
        PyErr_SetString(PyExc_ValueError, "boom");
    return Py_NewRef(token);
}

/* Prints `s` with every 0x<hex> address as 0x?. */
static void print_masked(const char *s)
{
    while (*s) {
        if (s[0] == '0' && s[1] == 'x') {
            fputs("0x?", stdout);
            s += 2;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
                s++;
        } else {
            putchar(*s++);
        }
    }
}

static void print_exc(PyObject *v)
{
    PyObject *s = PyObject_Str(v);
    printf("%s: ", Py_TYPE(v)->tp_name);
    print_masked(s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
}

/* One case: the result `r` of a call that began with the token at
   `before` references. */
static void report(const char *what, PyObject *r, Py_ssize_t before)
{
    printf("%d\t%s\t", ++case_no, what);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (r == NULL && t == NULL) {
        printf("NULL without an exception");
    } else if (r != NULL) {
        printf("result %s", r == token ? "token" : Py_TYPE(r)->tp_name);
        Py_DECREF(r);
        if (t != NULL) {
            PyErr_NormalizeException(&t, &v, &tb);
            printf(" with pending ");
            print_exc(v);
        }
    } else {
        PyErr_NormalizeException(&t, &v, &tb);
        print_exc(v);
        PyObject *cause = PyException_GetCause(v);
        PyObject *context = PyException_GetContext(v);
        if (cause != NULL) {
            printf(" | cause ");
            print_exc(cause);
        }
        if (context != NULL)
            printf(" | context %s", context == cause ? "is cause" : Py_TYPE(context)->tp_name);
        printf(" | suppress_context=%d", ((PyBaseExceptionObject *)v)->suppress_context);
        Py_XDECREF(cause);
        Py_XDECREF(context);
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    printf(" | token refs %+zd\n", Py_REFCNT(token) - before);
}

/* ------------------------------------------------------------------ */
/*                 Functions of every calling convention              */
/* ------------------------------------------------------------------ */

static PyObject *f_noargs(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return misbehave();
}
static PyObject *f_o(PyObject *self, PyObject *arg)
{
    (void)self, (void)arg;
    return misbehave();
}
static PyObject *f_varargs(PyObject *self, PyObject *args)
{
    (void)self, (void)args;
    return misbehave();
}
static PyObject *f_varargs_kw(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)self, (void)args, (void)kwds;
    return misbehave();
}
static PyObject *f_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self, (void)args, (void)nargs;
    return misbehave();
}
static PyObject *f_fast_kw(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self, (void)args, (void)nargs, (void)kwnames;
    return misbehave();
}
static PyObject *f_method(PyObject *self, PyTypeObject *cls, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kwnames)
{
    (void)self, (void)cls, (void)args, (void)nargs, (void)kwnames;
    return misbehave();
}

static PyMethodDef functions[] = {
    {"noargs", f_noargs, METH_NOARGS, NULL},
    {"o", f_o, METH_O, NULL},
    {"varargs", f_varargs, METH_VARARGS, NULL},
    {"varargs_kw", _PyCFunction_CAST(f_varargs_kw), METH_VARARGS | METH_KEYWORDS, NULL},
    {"fast", _PyCFunction_CAST(f_fast), METH_FASTCALL, NULL},
    {"fast_kw", _PyCFunction_CAST(f_fast_kw), METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef methods[] = {
    {"noargs", f_noargs, METH_NOARGS, NULL},
    {"o", f_o, METH_O, NULL},
    {"varargs", f_varargs, METH_VARARGS, NULL},
    {"varargs_kw", _PyCFunction_CAST(f_varargs_kw), METH_VARARGS | METH_KEYWORDS, NULL},
    {"fast", _PyCFunction_CAST(f_fast), METH_FASTCALL, NULL},
    {"fast_kw", _PyCFunction_CAST(f_fast_kw), METH_FASTCALL | METH_KEYWORDS, NULL},
    {"method", _PyCFunction_CAST(f_method), METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"cls", f_noargs, METH_NOARGS | METH_CLASS, NULL},
    {"static", f_varargs, METH_VARARGS | METH_STATIC, NULL},
    {NULL, NULL, 0, NULL},
};

/* A type with the methods, a tp_call and a tp_new that misbehave (the
   latter only when called with an argument). */
static PyObject *obj_call(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)self, (void)args, (void)kwds;
    return misbehave();
}
static PyObject *obj_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    (void)kwds;
    if (PyTuple_GET_SIZE(args) == 0)
        return type->tp_alloc(type, 0);
    if (mode == 0)
        return NULL;
    PyObject *o = type->tp_alloc(type, 0);
    if (mode == 1)
        PyErr_SetString(PyExc_ValueError, "boom");
    return o;
}
static PyType_Slot obj_slots[] = {
    {Py_tp_methods, methods},
    {Py_tp_call, obj_call},
    {Py_tp_new, obj_new},
    {0, NULL},
};
static PyType_Spec obj_spec = {"results.Obj", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, obj_slots};

static PyModuleDef module_def = {PyModuleDef_HEAD_INIT, .m_name = "results", .m_methods = functions};

/* ------------------------------------------------------------------ */
/*                              The cases                             */
/* ------------------------------------------------------------------ */

static const char *mode_name[] = {"NULL", "result+exc", "ok"};

static PyObject *one_kw(void)
{
    PyObject *d = PyDict_New();
    PyDict_SetItemString(d, "k", Py_None);
    return d;
}

/* Calls `f` (taking `nargs` arguments, 0 or 1; keywords when `kw`) through
   every entry point, in every mode. */
static void call_every_way(const char *name, PyObject *f, int nargs, int kw)
{
    char what[256];
    PyObject *stack[3] = {NULL, Py_None, Py_None};
    PyObject *args = nargs ? PyTuple_Pack(1, Py_None) : PyTuple_New(0);
    PyObject *kwnames = Py_BuildValue("(s)", "k");
    for (mode = 0; mode < 3; mode++) {
        Py_ssize_t before;
#define CASE(how, expr)                                                   \
    do {                                                                  \
        snprintf(what, sizeof what, "%s %s via %s", name, mode_name[mode], how); \
        before = Py_REFCNT(token);                                        \
        report(what, (expr), before);                                     \
    } while (0)
        CASE("PyObject_Call", PyObject_Call(f, args, NULL));
        CASE("PyObject_CallObject", PyObject_CallObject(f, args));
        CASE("PyObject_Vectorcall", PyObject_Vectorcall(f, stack + 1, (size_t)nargs, NULL));
        CASE("PyObject_Vectorcall+OFFSET",
             PyObject_Vectorcall(f, stack + 1, (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL));
        CASE("PyObject_VectorcallDict", PyObject_VectorcallDict(f, stack + 1, (size_t)nargs, NULL));
        if (nargs == 0) {
            CASE("PyObject_CallNoArgs", PyObject_CallNoArgs(f));
            CASE("PyObject_CallFunction", PyObject_CallFunction(f, NULL));
            CASE("PyObject_CallFunctionObjArgs", PyObject_CallFunctionObjArgs(f, NULL));
        } else {
            CASE("PyObject_CallOneArg", PyObject_CallOneArg(f, Py_None));
            CASE("PyObject_CallFunction", PyObject_CallFunction(f, "(O)", Py_None));
            CASE("PyObject_CallFunctionObjArgs", PyObject_CallFunctionObjArgs(f, Py_None, NULL));
        }
        if (PyVectorcall_Function(f) != NULL)
            CASE("PyVectorcall_Call", PyVectorcall_Call(f, args, NULL));
        if (kw) {
            PyObject *d = one_kw();
            CASE("PyObject_Call with keywords", PyObject_Call(f, args, d));
            CASE("PyObject_VectorcallDict with keywords", PyObject_VectorcallDict(f, stack + 1, (size_t)nargs, d));
            CASE("PyObject_Vectorcall with keywords", PyObject_Vectorcall(f, stack + 1, (size_t)nargs, kwnames));
            if (PyVectorcall_Function(f) != NULL)
                CASE("PyVectorcall_Call with keywords", PyVectorcall_Call(f, args, d));
            Py_DECREF(d);
        }
#undef CASE
    }
    Py_DECREF(args);
    Py_DECREF(kwnames);
}

/* Calls method `name` of `obj` through the method-call entry points. */
static void call_method_every_way(PyObject *obj, const char *name, int nargs)
{
    char what[256];
    PyObject *pyname = PyUnicode_FromString(name);
    PyObject *stack[3] = {NULL, obj, Py_None};
    for (mode = 0; mode < 3; mode++) {
        Py_ssize_t before;
#define CASE(how, expr)                                                   \
    do {                                                                  \
        snprintf(what, sizeof what, "obj.%s %s via %s", name, mode_name[mode], how); \
        before = Py_REFCNT(token);                                        \
        report(what, (expr), before);                                     \
    } while (0)
        CASE("PyObject_VectorcallMethod", PyObject_VectorcallMethod(pyname, stack + 1, (size_t)nargs + 1, NULL));
        if (nargs == 0) {
            CASE("PyObject_CallMethod", PyObject_CallMethod(obj, name, NULL));
            CASE("PyObject_CallMethodNoArgs", PyObject_CallMethodNoArgs(obj, pyname));
            CASE("PyObject_CallMethodObjArgs", PyObject_CallMethodObjArgs(obj, pyname, NULL));
        } else {
            CASE("PyObject_CallMethod", PyObject_CallMethod(obj, name, "(O)", Py_None));
            CASE("PyObject_CallMethodOneArg", PyObject_CallMethodOneArg(obj, pyname, Py_None));
            CASE("PyObject_CallMethodObjArgs", PyObject_CallMethodObjArgs(obj, pyname, Py_None, NULL));
        }
#undef CASE
    }
    Py_DECREF(pyname);
}

int main(void)
{
    Py_Initialize();
    token = PyList_New(0);
    PyObject *module = PyModule_Create(&module_def);
    static const struct {
        const char *name;
        int nargs, kw;
    } kinds[] = {
        {"noargs", 0, 0}, {"o", 1, 0}, {"varargs", 1, 0}, {"varargs_kw", 1, 1}, {"fast", 1, 0}, {"fast_kw", 1, 1},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        PyObject *f = PyObject_GetAttrString(module, kinds[i].name);
        char name[64];
        snprintf(name, sizeof name, "module.%s", kinds[i].name);
        call_every_way(name, f, kinds[i].nargs, kinds[i].kw);
        Py_DECREF(f);
    }

    PyObject *type = PyType_FromModuleAndSpec(module, &obj_spec, NULL);
    PyObject *obj = PyObject_CallNoArgs(type);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "obj.%s", kinds[i].name);
        PyObject *bound = PyObject_GetAttrString(obj, kinds[i].name);
        call_every_way(name, bound, kinds[i].nargs, kinds[i].kw);
        Py_DECREF(bound);
        call_method_every_way(obj, kinds[i].name, kinds[i].nargs);
    }
    {
        PyObject *bound = PyObject_GetAttrString(obj, "method");
        call_every_way("obj.method (METH_METHOD)", bound, 1, 1);
        Py_DECREF(bound);
        bound = PyObject_GetAttrString(type, "cls");
        call_every_way("Obj.cls (METH_CLASS)", bound, 0, 0);
        Py_DECREF(bound);
        bound = PyObject_GetAttrString(type, "static");
        call_every_way("Obj.static (METH_STATIC)", bound, 1, 0);
        Py_DECREF(bound);
    }
    /* Method descriptors, called with self first. */
    static const char *descr_names[] = {"noargs", "o", "varargs", "varargs_kw", "fast", "fast_kw", "method"};
    for (size_t i = 0; i < sizeof descr_names / sizeof descr_names[0]; i++) {
        PyObject *descr = PyDict_GetItemString(((PyTypeObject *)type)->tp_dict, descr_names[i]);
        char name[64];
        snprintf(name, sizeof name, "Obj.%s(obj, ...)", descr_names[i]);
        PyObject *stack[3] = {NULL, obj, Py_None};
        int nargs = strcmp(descr_names[i], "noargs") ? 2 : 1;
        PyObject *args = nargs == 2 ? PyTuple_Pack(2, obj, Py_None) : PyTuple_Pack(1, obj);
        for (mode = 0; mode < 3; mode++) {
            char what[256];
            Py_ssize_t before = Py_REFCNT(token);
            snprintf(what, sizeof what, "%s %s via PyObject_Call", name, mode_name[mode]);
            report(what, PyObject_Call(descr, args, NULL), before);
            before = Py_REFCNT(token);
            snprintf(what, sizeof what, "%s %s via PyObject_Vectorcall", name, mode_name[mode]);
            report(what, PyObject_Vectorcall(descr, stack + 1, (size_t)nargs, NULL), before);
            before = Py_REFCNT(token);
            snprintf(what, sizeof what, "%s %s via PyVectorcall_Call", name, mode_name[mode]);
            report(what, PyVectorcall_Call(descr, args, NULL), before);
        }
        Py_DECREF(args);
    }
    /* tp_call and tp_new. */
    call_every_way("obj() (tp_call)", obj, 1, 1);
    {
        PyObject *arg = PyTuple_Pack(1, Py_None);
        for (mode = 0; mode < 3; mode++) {
            char what[256];
            snprintf(what, sizeof what, "Obj(None) (tp_new) %s via PyObject_Call", mode_name[mode]);
            PyObject *r = PyObject_Call(type, arg, NULL);
            if (r != NULL && r != token && Py_TYPE(r) == (PyTypeObject *)type) {
                Py_DECREF(r);
                r = Py_NewRef(token);
            }
            report(what, r, Py_REFCNT(token) - (r != NULL));
            snprintf(what, sizeof what, "Obj(None) (tp_new) %s via PyObject_CallOneArg", mode_name[mode]);
            r = PyObject_CallOneArg(type, Py_None);
            if (r != NULL && r != token && Py_TYPE(r) == (PyTypeObject *)type) {
                Py_DECREF(r);
                r = Py_NewRef(token);
            }
            report(what, r, Py_REFCNT(token) - (r != NULL));
        }
        Py_DECREF(arg);
    }
    /* The pending exception chains to the one being handled. */
    {
        PyObject *f = PyObject_GetAttrString(module, "noargs");
        PyErr_SetString(PyExc_KeyError, "handled");
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyErr_SetHandledException(v);
        mode = 1;
        report("noargs result+exc while a KeyError is handled", PyObject_CallNoArgs(f), Py_REFCNT(token));
        mode = 0;
        report("noargs NULL while a KeyError is handled", PyObject_CallNoArgs(f), Py_REFCNT(token));
        PyErr_SetHandledException(NULL);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        Py_DECREF(f);
    }
    Py_DECREF(obj);
    Py_DECREF(type);
    Py_DECREF(module);
    Py_DECREF(token);
    return 0;
}
