/* cffi 1.17.1's _cffi_backend: cffi's own C extension (about 10k lines
 * over libffi), the runtime of every cffi module. Its types (CTypeDescr,
 * CData and its owning/gc subtypes, the buffer type, FFI, Lib), its
 * thread-local errno and GIL juggling (PyGILState_GetThisThreadState and
 * tstate->gilstate_counter for callbacks arriving on foreign threads), the
 * "cffi" capsule out-of-line modules import, and libffi calls and closures
 * going through the whole C API: integer conversion with overflow checks
 * (PyLong_AsLongLongAndOverflow, _PyLong_AsByteArray), float and complex,
 * the buffer protocol both ways (from_buffer over bytes, bytearray and
 * memoryview; ffi.buffer exporting to memoryview), wchar_t strings,
 * weakrefs, rich comparison and hashing of cdata.
 *
 * Vectors: src/c/test_c.py (the backend's own tests: primitive types,
 * pointers, arrays, structs, casts, overflow, strings, buffers,
 * from_buffer, callbacks, load_function on libc, errno, handles) and
 * testing/cffi1/test_ffi_obj.py (the FFI object's new/cast/typeof/sizeof/
 * string/unpack/from_buffer/memmove/gc, and its errors). Where the tests
 * pin no text (reprs, messages), the result is recorded and compared with
 * the CPython build's.
 */
#include "corpus.h"

#include <errno.h>

/* A new reference to obj.name(*args), outside the refcount-watched calls
   (setup steps whose result lives on, such as a ctype or a cdata that
   keeps its buffer alive); bails out on failure. */
static PyObject *setup(PyObject *obj, const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = call_method_va(obj, name, fmt, va);
    va_end(va);
    if (r == NULL)
        bail("%s() failed", name);
    return r;
}

/* setup() for a result worth a TAP line of its own: recorded for the
   comparison with CPython's run. Its arguments are not refcount-watched:
   a ctype or cdata keeps references to the ctypes and objects it is made
   from. */
static PyObject *made(PyObject *obj, const char *name, const char *what, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = call_method_va(obj, name, fmt, va);
    va_end(va);
    print_record(r, what);
    tap(r != NULL, what);
    if (r == NULL)
        bail("cannot continue without %s", what);
    return r;
}

/* Records obj.name(*args) (its result or exception), outside the
   refcount-watched calls: the FFI object caches each type string it
   parses, so those arguments live on. */
static void seen(PyObject *obj, const char *name, const char *what, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = call_method_va(obj, name, fmt, va);
    va_end(va);
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* obj[i] through the mapping protocol, as Python's subscript (cdata has
   no sq_item). */
static PyObject *item(PyObject *obj, Py_ssize_t i)
{
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL)
        return NULL;
    PyObject *r = PyObject_GetItem(obj, index);
    Py_DECREF(index);
    return r;
}

/* Records a value no watched call produced, releasing it (NULL: the
   pending exception). */
static void note(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

static PyObject *callback_seen; /* the arguments the Python callback got */

static PyObject *py_add(PyObject *self, PyObject *args)
{
    (void)self;
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b))
        return NULL;
    PyObject *seen = PyUnicode_FromFormat("add(%ld, %ld)", a, b);
    if (seen == NULL)
        return NULL;
    Py_XSETREF(callback_seen, seen);
    return PyLong_FromLong(a + b);
}

static PyObject *py_raise(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    PyErr_SetString(PyExc_ZeroDivisionError, "from the callback");
    return NULL;
}

static PyObject *py_onerror(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *exc, *val, *tb;
    if (!PyArg_ParseTuple(args, "OOO", &exc, &val, &tb))
        return NULL;
    PyObject *seen = PyUnicode_FromFormat("%s: %S", ((PyTypeObject *)exc)->tp_name, val);
    if (seen == NULL)
        return NULL;
    Py_XSETREF(callback_seen, seen);
    return PyLong_FromLong(-42);
}

static PyMethodDef py_add_def = {"add", py_add, METH_VARARGS, NULL};
static PyMethodDef py_raise_def = {"raiser", py_raise, METH_VARARGS, NULL};
static PyMethodDef py_onerror_def = {"onerror", py_onerror, METH_VARARGS, NULL};

static int destructor_calls;
static PyObject *py_destructor(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    destructor_calls++;
    Py_RETURN_NONE;
}
static PyMethodDef py_destructor_def = {"destructor", py_destructor, METH_O, NULL};

static void run(PyObject *b, const char *sdist)
{
    (void)sdist;
    PyObject *version = attr(b, "__version__");
    expect_true(PyUnicode_Check(version) && PyUnicode_CompareWithASCIIString(version, "1.17.1") == 0,
                "__version__ == '1.17.1'");
    Py_DECREF(version);
    PyObject *capi = attr(b, "_C_API");
    expect_true(PyCapsule_IsValid(capi, "cffi"), "_C_API is the \"cffi\" capsule");
    Py_DECREF(capi);

    /* test_new_primitive_type / test_cast_to_signed_char / test_sizeof_type */
    PyObject *t_int = made(b, "new_primitive_type", "new_primitive_type('int')", "(s)", "int");
    PyObject *t_char = setup(b, "new_primitive_type", "(s)", "char");
    PyObject *t_uchar = setup(b, "new_primitive_type", "(s)", "unsigned char");
    PyObject *t_schar = setup(b, "new_primitive_type", "(s)", "signed char");
    PyObject *t_ull = setup(b, "new_primitive_type", "(s)", "unsigned long long");
    PyObject *t_ll = setup(b, "new_primitive_type", "(s)", "long long");
    PyObject *t_double = setup(b, "new_primitive_type", "(s)", "double");
    PyObject *t_float = setup(b, "new_primitive_type", "(s)", "float");
    PyObject *t_wchar = setup(b, "new_primitive_type", "(s)", "wchar_t");
    PyObject *t_bool = setup(b, "new_primitive_type", "(s)", "_Bool");
    PyObject *t_size = setup(b, "new_primitive_type", "(s)", "size_t");
    expect_int(call_attr(b, "sizeof", NULL, "(O)", t_int), "4", "sizeof(int)");
    expect_int(call_attr(b, "alignof", NULL, "(O)", t_double), "8", "alignof(double)");
    record(call_attr(b, "new_primitive_type", NULL, "(s)", "foobar"), "new_primitive_type('foobar')");
    record(call_attr(b, "getcname", NULL, "(Os)", t_int, "a[5]"), "getcname(int, 'a[5]')");

    /* Casts between integer types wrap as C does; float to int truncates. */
    record(call_attr(b, "cast", NULL, "(Oi)", t_schar, 300), "cast(signed char, 300)");
    record(call_attr(b, "cast", NULL, "(Oi)", t_uchar, -1), "cast(unsigned char, -1)");
    record(call_attr(b, "cast", NULL, "(Od)", t_int, -3.99), "cast(int, -3.99)");
    record(call_attr(b, "cast", NULL, "(OL)", t_ull, (long long)-1), "cast(unsigned long long, -1)");
    record(call_attr(b, "cast", NULL, "(Os)", t_int, "x"), "cast(int, 'x')");
    record(call_attr(b, "cast", NULL, "(Oy)", t_char, "A"), "cast(char, b'A')");
    record(call_attr(b, "cast", NULL, "(Od)", t_float, 1.25), "cast(float, 1.25)");
    record(call_attr(b, "cast", NULL, "(Oi)", t_bool, 2), "cast(_Bool, 2)");
    PyObject *big = PyLong_FromString("18446744073709551615", NULL, 10);
    PyObject *huge = PyLong_FromString("18446744073709551616", NULL, 10);
    PyObject *c_ull = made(b, "cast", "cast(unsigned long long, 2**64-1)", "(OO)", t_ull, big);
    note(PyNumber_Long(c_ull), "int(cast(unsigned long long, 2**64-1))");
    note(PyNumber_Float(c_ull), "float(cast(unsigned long long, 2**64-1))");
    note(PyObject_Str(c_ull), "str(cast(unsigned long long, 2**64-1))");
    Py_DECREF(c_ull);
    record(call_attr(b, "cast", NULL, "(OO)", t_ull, huge), "cast(unsigned long long, 2**64)");

    /* Pointers and newp: test_pointer_to_int, test_newp_integer_types. */
    PyObject *p_int = made(b, "new_pointer_type", "new_pointer_type(int)", "(O)", t_int);
    PyObject *p_char = setup(b, "new_pointer_type", "(O)", t_char);
    PyObject *p_ull = setup(b, "new_pointer_type", "(O)", t_ull);
    PyObject *p_double = setup(b, "new_pointer_type", "(O)", t_double);
    PyObject *pi = made(b, "newp", "newp(int *, 42)", "(Oi)", p_int, 42);
    note(item(pi, 0), "newp(int *, 42)[0]");
    {
        PyObject *v = PyLong_FromLong(-7);
        int rc = PyObject_SetItem(pi, PyLong_FromLong(0), v);
        expect_true(rc == 0, "p[0] = -7 (mp_ass_subscript)");
        Py_DECREF(v);
    }
    note(item(pi, 0), "p[0] after the store");
    note(PyObject_Repr(pi), "repr(newp(int *))");
    note(PyObject_Repr(t_int), "repr(ctype int)");
    {
        PyObject *v = PyLong_FromString("2147483648", NULL, 10);
        PyObject *zero = PyLong_FromLong(0);
        int rc = PyObject_SetItem(pi, zero, v);
        expect_true(rc < 0, "p[0] = 2**31 fails");
        note(NULL, "p[0] = 2**31");
        Py_DECREF(v);
        Py_DECREF(zero);
    }
    record(call_attr(b, "newp", NULL, "(Os)", p_int, "foo"), "newp(int *, 'foo')");
    record(call_attr(b, "newp", NULL, "(Od)", p_int, 1.5), "newp(int *, 1.5)");
    record(call_attr(b, "newp", NULL, "(OO)", p_ull, huge), "newp(unsigned long long *, 2**64)");
    record(call_attr(b, "newp", NULL, "(Oi)", p_ull, -1), "newp(unsigned long long *, -1)");
    record(call_attr(b, "newp", NULL, "(Oi)", t_int, 5), "newp(int, 5)");
    PyObject *pd = setup(b, "newp", "(Od)", p_double, 2.5);
    note(item(pd, 0), "newp(double *, 2.5)[0]");
    Py_DECREF(pd);
    note(PyObject_RichCompare(pi, pi, Py_EQ), "p == p");
    note(PyBool_FromLong(PyObject_IsTrue(pi)), "bool(p)");
    note(PyBool_FromLong(PyObject_Hash(pi) != -1), "hash(p) works");

    /* Arrays and strings: test_new_array_type, test_string, test_array_of_char. */
    PyObject *a_char = made(b, "new_array_type", "new_array_type(char *, 10)", "(On)", p_char, (Py_ssize_t)10);
    PyObject *a_char_open = setup(b, "new_array_type", "(OO)", p_char, Py_None);
    PyObject *a_int_open = setup(b, "new_array_type", "(OO)", p_int, Py_None);
    note(PyObject_Repr(a_char), "repr(char[10])");
    PyObject *s = made(b, "newp", "newp(char[10], b'hello')", "(Oy)", a_char, "hello");
    note(PyLong_FromSsize_t(PyObject_Length(s)), "len(char[10])");
    expect_bytes(call_attr(b, "string", NULL, "(O)", s), "hello", 5, "string(char[10] 'hello')");
    expect_bytes(call_attr(b, "string", NULL, "(Oi)", s, 3), "hel", 3, "string(s, 3)");
    note(item(s, 1), "s[1]");
    note(item(s, 10), "s[10]");
    note(PySequence_GetSlice(s, 1, 3), "s[1:3]");
    record(call_attr(b, "newp", NULL, "(Oy)", a_char, "hello world!"), "newp(char[10], 12 bytes)");
    record(call_attr(b, "newp", NULL, "(Oi)", a_char_open, -1), "newp(char[], -1)");
    PyObject *ints = Py_BuildValue("[iiii]", 1, 2, 3, -4);
    PyObject *ai = made(b, "newp", "newp(int[], [1, 2, 3, -4])", "(OO)", a_int_open, ints);
    note(PySequence_List(ai), "list(int[] [1, 2, 3, -4])");
    note(PyObject_Repr(ai), "repr(int[4])");
    record(call_attr(b, "sizeof", NULL, "(O)", ai), "sizeof(int[4] cdata)");
    record(call_attr(b, "unpack", NULL, "(Oi)", ai, 3), "unpack(int[4], 3)");
    Py_DECREF(ints);

    /* buffer(): test_buffer, test_buffer_keepalive. */
    PyObject *buf = made(b, "buffer", "buffer(char[10])", "(O)", s);
    note(PyLong_FromSsize_t(PyObject_Length(buf)), "len(buffer)");
    note(item(buf, 0), "buffer[0]");
    note(PySequence_GetSlice(buf, 0, 5), "buffer[0:5]");
    note(PyObject_Repr(buf), "repr(buffer)");
    {
        PyObject *v = PyBytes_FromString("HE");
        int rc = PySequence_SetSlice(buf, 0, 2, v);
        expect_true(rc == 0, "buffer[0:2] = b'HE'");
        PyErr_Clear();
        Py_DECREF(v);
        v = PyBytes_FromString("xyz");
        rc = PySequence_SetSlice(buf, 0, 2, v);
        expect_true(rc < 0, "buffer[0:2] = b'xyz' fails");
        note(NULL, "buffer[0:2] = b'xyz'");
        Py_DECREF(v);
    }
    expect_bytes(call_attr(b, "string", NULL, "(O)", s), "HEllo", 5, "string(s) after buffer[0:2] = b'HE'");
    PyObject *mv = PyMemoryView_FromObject(buf);
    expect_true(mv != NULL, "memoryview(buffer)");
    if (mv) {
        Py_buffer *view = PyMemoryView_GET_BUFFER(mv);
        note(Py_BuildValue("(nisi)", view->len, view->readonly, view->format ? view->format : "(null)",
                           view->ndim),
             "memoryview(buffer): len, readonly, format, ndim");
        note(PyObject_CallMethod(mv, "tobytes", NULL), "memoryview(buffer).tobytes()");
        ((char *)view->buf)[4] = 'O';
        Py_DECREF(mv);
    }
    expect_bytes(call_attr(b, "string", NULL, "(O)", s), "HEllO", 5, "string(s) after a write through memoryview");
    note(PyObject_RichCompare(buf, buf, Py_EQ), "buffer == buffer");
    Py_DECREF(buf);

    /* from_buffer: test_from_buffer, test_from_buffer_more_cases,
       test_from_buffer_require_writable. */
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *fb = setup(b, "from_buffer", "(OO)", a_char_open, ba);
    note(PyObject_Repr(fb), "repr(from_buffer(char[], bytearray))");
    note(PyLong_FromSsize_t(PyObject_Length(fb)), "len(from_buffer(char[], bytearray(6)))");
    {
        PyObject *v = PyBytes_FromString("Z");
        PyObject *idx = PyLong_FromLong(2);
        expect_true(PyObject_SetItem(fb, idx, v) == 0, "from_buffer(bytearray)[2] = b'Z'");
        Py_DECREF(v);
        Py_DECREF(idx);
    }
    expect_true(memcmp(PyByteArray_AS_STRING(ba), "abZdef", 6) == 0, "the bytearray sees the write");
    Py_DECREF(fb);
    PyObject *by = PyBytes_FromString("hello!");
    PyObject *fby = setup(b, "from_buffer", "(OO)", a_char_open, by);
    note(PySequence_GetSlice(fby, 0, 6), "from_buffer(char[], bytes)[0:6]");
    note(PyObject_CallFunction(PyObject_GetAttrString(b, "string"), "(O)", fby), "string(from_buffer(bytes))");
    Py_DECREF(fby);
    record(call_attr(b, "from_buffer", NULL, "(OOi)", a_char_open, by, 1), "from_buffer(char[], bytes, require_writable)");
    record(call_attr(b, "from_buffer", NULL, "(Oi)", a_char_open, 5), "from_buffer(char[], 5)");
    record(call_attr(b, "from_buffer", NULL, "(Os)", a_char_open, "str"), "from_buffer(char[], 'str')");
    record(call_attr(b, "from_buffer", NULL, "(OO)", p_int, ba), "from_buffer(int *, bytearray)");
    PyObject *ba8 = PyByteArray_FromStringAndSize("\x01\x00\x00\x00\x02\x00\x00\x00\x03", 9);
    PyObject *fbi = setup(b, "from_buffer", "(OO)", a_int_open, ba8);
    note(PySequence_List(fbi), "list(from_buffer(int[], 9 bytes))");
    Py_DECREF(fbi);
    PyObject *mvb = PyMemoryView_FromObject(ba8);
    PyObject *mvs = mvb ? PySequence_GetSlice(mvb, 4, 9) : NULL;
    PyObject *fbm = mvs ? setup(b, "from_buffer", "(OO)", a_char_open, mvs) : NULL;
    note(fbm ? PySequence_GetSlice(fbm, 0, 5) : NULL, "from_buffer(char[], memoryview(ba)[4:9])[0:5]");
    Py_XDECREF(fbm);
    Py_XDECREF(mvs);
    Py_XDECREF(mvb);
    PyObject *mv_strided = NULL;
    {
        PyObject *mvb2 = PyMemoryView_FromObject(ba8);
        PyObject *step = mvb2 ? PySlice_New(NULL, NULL, PyLong_FromLong(2)) : NULL;
        mv_strided = step ? PyObject_GetItem(mvb2, step) : NULL;
        Py_XDECREF(step);
        Py_XDECREF(mvb2);
    }
    record(call_attr(b, "from_buffer", NULL, "(OO)", a_char_open, mv_strided), "from_buffer(char[], memoryview[::2])");
    Py_XDECREF(mv_strided);

    /* memmove: test_memmove, test_memmove_buffer. */
    {
        PyObject *dst = PyByteArray_FromStringAndSize("..........", 10);
        PyObject *kw = kw_dict("{s:O,s:O,s:i}", "dest", dst, "src", s, "n", 5);
        record(call_attr(b, "memmove", kw, "()"), "memmove(dest=bytearray, src=char[10], n=5)");
        note((Py_INCREF(dst), dst), "the bytearray after memmove");
        kw = kw_dict("{s:O,s:y,s:i}", "dest", by, "src", "xy", "n", 2);
        record(call_attr(b, "memmove", kw, "()"), "memmove(dest=bytes, ...)");
        kw = kw_dict("{s:O,s:O,s:i}", "dest", s, "src", dst, "n", -1);
        record(call_attr(b, "memmove", kw, "()"), "memmove(n=-1)");
        Py_DECREF(dst);
    }

    /* wchar_t: test_wchar, test_string_wchar. */
    PyObject *p_wchar = setup(b, "new_pointer_type", "(O)", t_wchar);
    PyObject *a_wchar = setup(b, "new_array_type", "(OO)", p_wchar, Py_None);
    PyObject *ws = made(b, "newp", "newp(wchar_t[], 'héllo 😀')", "(Os)", a_wchar, "h\xc3\xa9llo \xf0\x9f\x98\x80");
    note(PyLong_FromSsize_t(PyObject_Length(ws)), "len(wchar_t[] 'héllo 😀')");
    record(call_attr(b, "string", NULL, "(O)", ws), "string(wchar_t[])");
    record(call_attr(b, "cast", NULL, "(Os)", t_wchar, "\xc3\xa9"), "cast(wchar_t, 'é')");
    record(call_attr(b, "newp", NULL, "(Os)", a_char_open, "text"), "newp(char[], 'text') (str into char[])");
    Py_DECREF(ws);

    /* Structs: test_struct_instance, test_struct_init_list / dict. */
    PyObject *t_struct = made(b, "new_struct_type", "new_struct_type('struct foo')", "(s)", "struct foo");
    PyObject *fields = Py_BuildValue("[(sOi)(sOi)(sOi)]", "a", t_int, -1, "b", t_char, -1, "c", t_double, -1);
    record(call_attr(b, "complete_struct_or_union", NULL, "(OO)", t_struct, fields), "complete_struct_or_union(struct foo, a b c)");
    Py_DECREF(fields);
    record(call_attr(b, "sizeof", NULL, "(O)", t_struct), "sizeof(struct foo)");
    PyObject *p_struct = setup(b, "new_pointer_type", "(O)", t_struct);
    PyObject *init = Py_BuildValue("[iyd]", -5, "z", 0.5);
    PyObject *ps = made(b, "newp", "newp(struct foo *, [-5, b'z', 0.5])", "(OO)", p_struct, init);
    Py_DECREF(init);
    note(PyObject_GetAttrString(ps, "a"), "ps.a");
    note(PyObject_GetAttrString(ps, "b"), "ps.b");
    note(PyObject_GetAttrString(ps, "c"), "ps.c");
    note(PyObject_GetAttrString(ps, "d"), "ps.d");
    {
        PyObject *v = PyLong_FromLong(99);
        expect_true(PyObject_SetAttrString(ps, "a", v) == 0, "ps.a = 99");
        Py_DECREF(v);
        v = PyUnicode_FromString("nope");
        expect_true(PyObject_SetAttrString(ps, "a", v) < 0, "ps.a = 'nope' fails");
        note(NULL, "ps.a = 'nope'");
        Py_DECREF(v);
    }
    note(PyObject_GetAttrString(ps, "a"), "ps.a after the store");
    PyObject *dinit = Py_BuildValue("{s:i}", "c", 3);
    record(call_attr(b, "newp", NULL, "(OO)", p_struct, dinit), "newp(struct foo *, {'c': 3})");
    Py_DECREF(dinit);
    dinit = Py_BuildValue("{s:i}", "zz", 3);
    record(call_attr(b, "newp", NULL, "(OO)", p_struct, dinit), "newp(struct foo *, {'zz': 3})");
    Py_DECREF(dinit);
    note(PyObject_GetAttrString(t_struct, "fields"), "struct foo.fields");
    note(PyObject_GetAttrString(t_struct, "kind"), "struct foo.kind");
    note(PyObject_GetAttrString(t_int, "kind"), "int.kind");
    note(PyObject_GetAttrString(p_int, "item"), "int *.item");
    Py_DECREF(ps);

    /* Functions: load_library(None) and libc's strlen / abs; test_call_function_*. */
    PyObject *fargs = Py_BuildValue("(O)", p_char);
    PyObject *f_strlen_t = setup(b, "new_function_type", "(OO)", fargs, t_size);
    Py_DECREF(fargs);
    note(PyObject_Repr(f_strlen_t), "repr(size_t(*)(char *))");
    PyObject *libc = made(b, "load_library", "load_library(None)", "(O)", Py_None);
    PyObject *strlen_f = setup(libc, "load_function", "(Os)", f_strlen_t, "strlen");
    expect_int(call(strlen_f, NULL, "(y)", "hello, world"), "12", "strlen(b'hello, world')");
    expect_int(call(strlen_f, NULL, "(O)", s), "5", "strlen(char[10] cdata)");
    record(call(strlen_f, NULL, "(s)", "str"), "strlen('str')");
    record(call(strlen_f, NULL, "()"), "strlen()");
    record(call(strlen_f, NULL, "(i)", 5), "strlen(5)");
    {
        /* The message ends with dlerror()'s, which names the executable. */
        PyObject *missing = call_attr(libc, "load_function", NULL, "(Os)", f_strlen_t, "no_such_function_xyz");
        const char *prefix = "function/symbol 'no_such_function_xyz' not found in library '<None>': ";
        int ok = missing == NULL && PyErr_ExceptionMatches(PyExc_AttributeError);
        if (ok) {
            PyObject *t, *v, *tb;
            PyErr_Fetch(&t, &v, &tb);
            PyErr_NormalizeException(&t, &v, &tb);
            PyObject *text = v ? PyObject_Str(v) : NULL;
            ok = text && strncmp(PyUnicode_AsUTF8(text), prefix, strlen(prefix)) == 0;
            Py_XDECREF(text);
            Py_XDECREF(t);
            Py_XDECREF(v);
            Py_XDECREF(tb);
        }
        PyErr_Clear();
        ok &= settle(0);
        tap(ok, "load_function(..., 'no_such_function_xyz'): AttributeError naming the symbol");
    }
    PyObject *fargs2 = Py_BuildValue("(O)", t_int);
    PyObject *f_abs_t = setup(b, "new_function_type", "(OO)", fargs2, t_int);
    Py_DECREF(fargs2);
    PyObject *abs_f = setup(libc, "load_function", "(Os)", f_abs_t, "abs");
    expect_int(call(abs_f, NULL, "(i)", -17), "17", "abs(-17)");
    record(call(abs_f, NULL, "(O)", huge), "abs(2**64)");
    Py_DECREF(abs_f);

    /* errno: test_errno. */
    record(call_attr(b, "set_errno", NULL, "(i)", 42), "set_errno(42)");
    expect_int(call_attr(b, "get_errno", NULL, "()"), "42", "get_errno()");

    /* Callbacks through a libffi closure: test_callback, test_callback_exception. */
    PyObject *fargs3 = Py_BuildValue("(OO)", t_int, t_int);
    PyObject *f_add_t = setup(b, "new_function_type", "(OO)", fargs3, t_int);
    Py_DECREF(fargs3);
    PyObject *add = PyCFunction_New(&py_add_def, NULL);
    PyObject *cb = made(b, "callback", "callback(int(*)(int, int), add)", "(OO)", f_add_t, add);
    note(PyObject_Repr(cb), "repr(callback)");
    expect_int(call(cb, NULL, "(ii)", 40, 2), "42", "callback(40, 2)");
    note(callback_seen ? (Py_INCREF(callback_seen), callback_seen) : NULL, "what the callback got");
    record(call(cb, NULL, "(i)", 1), "callback(1)");
    Py_DECREF(cb);
    PyObject *raiser = PyCFunction_New(&py_raise_def, NULL);
    PyObject *onerror = PyCFunction_New(&py_onerror_def, NULL);
    PyObject *cb2 = made(b, "callback", "callback(..., raiser, 7, onerror)", "(OOiO)", f_add_t, raiser, 7, onerror);
    Py_CLEAR(callback_seen);
    expect_int(call(cb2, NULL, "(ii)", 1, 2), "-42", "a raising callback returns onerror's value");
    note(callback_seen ? (Py_INCREF(callback_seen), callback_seen) : NULL, "what onerror got");
    Py_DECREF(cb2);
    record(call_attr(b, "callback", NULL, "(OO)", f_add_t, t_int), "callback(..., not callable)");

    /* Handles: test_newp_handle / from_handle. */
    PyObject *p_void = setup(b, "new_pointer_type", "(O)", setup(b, "new_void_type", "()"));
    PyObject *obj = Py_BuildValue("[s]", "payload");
    PyObject *h = made(b, "newp_handle", "newp_handle(void *, obj)", "(OO)", p_void, obj);
    PyObject *back = PyObject_CallMethod(b, "from_handle", "(O)", h);
    expect_true(back == obj, "from_handle(newp_handle(obj)) is obj");
    Py_XDECREF(back);
    Py_DECREF(h);
    Py_DECREF(obj);
    PyObject *null_void = setup(b, "cast", "(Oi)", p_void, 0);
    record(call_attr(b, "from_handle", NULL, "(O)", null_void), "from_handle(NULL)");
    Py_DECREF(null_void);

    /* The FFI object: testing/cffi1/test_ffi_obj.py. */
    PyObject *FFI = attr(b, "FFI");
    PyObject *ffi = keep(call(FFI, NULL, "()"), "FFI()");
    seen(ffi, "sizeof", "ffi.sizeof('long long')", "(s)", "long long");
    seen(ffi, "typeof", "ffi.typeof('int * *')", "(s)", "int * *");
    seen(ffi, "typeof", "ffi.typeof('struct nope')", "(s)", "struct nope");
    seen(ffi, "typeof", "ffi.typeof('int[-1]')", "(s)", "int[-1]");
    seen(ffi, "typeof", "ffi.typeof('unknown_t')", "(s)", "unknown_t");
    seen(ffi, "new", "ffi.new('int')", "(s)", "int");
    PyObject *fa = made(ffi, "new", "ffi.new('uint16_t[]', 4)", "(si)", "uint16_t[]", 4);
    note(PySequence_List(fa), "list(ffi.new('uint16_t[]', 4))");
    {
        PyObject *v = PyLong_FromLong(65536), *zero = PyLong_FromLong(0);
        expect_true(PyObject_SetItem(fa, zero, v) < 0, "uint16_t[0] = 65536 fails");
        note(NULL, "uint16_t[0] = 65536");
        Py_DECREF(v);
        Py_DECREF(zero);
    }
    seen(ffi, "buffer", "ffi.buffer(uint16_t[4])", "(O)", fa);
    Py_DECREF(fa);
    seen(ffi, "cast", "ffi.cast('uint8_t', 257)", "(si)", "uint8_t", 257);
    seen(ffi, "cast", "ffi.cast('double', 1e300)", "(sd)", "double", 1e300);
    seen(ffi, "cast", "ffi.cast('float', 1e300)", "(sd)", "float", 1e300);
    PyObject *cd = setup(ffi, "new", "(sy)", "char[]", "abc\0def");
    seen(ffi, "string", "ffi.string(char[] 'abc\\0def')", "(O)", cd);
    seen(ffi, "unpack", "ffi.unpack(char[], 7)", "(Oi)", cd, 7);
    seen(ffi, "unpack", "ffi.unpack(char[], -1)", "(Oi)", cd, -1);
    Py_DECREF(cd);
    PyObject *fb2 = setup(ffi, "from_buffer", "(O)", ba);
    note(PyObject_Repr(fb2), "repr(ffi.from_buffer(bytearray))");
    note(PyObject_CallMethod(ffi, "sizeof", "(O)", fb2), "ffi.sizeof(ffi.from_buffer(bytearray))");
    {
        PyObject *rb = PyObject_CallMethod(ffi, "release", "(O)", fb2);
        expect_true(rb != NULL, "ffi.release(from_buffer)");
        Py_XDECREF(rb);
        PyErr_Clear();
    }
    Py_DECREF(fb2);
    seen(ffi, "from_buffer", "ffi.from_buffer('int[]', bytes(6))", "(sOi)", "int[]", by, 0);
    {
        PyObject *g = setup(ffi, "new", "(s)", "int *");
        PyObject *destructor = PyCFunction_New(&py_destructor_def, NULL);
        PyObject *gc = setup(ffi, "gc", "(OO)", g, destructor);
        note(PyObject_GetAttrString(gc, "__class__"), "type(ffi.gc(p, destructor))");
        Py_DECREF(gc);
        note(PyLong_FromLong(destructor_calls), "destructor calls after the gc cdata dies");
        Py_DECREF(destructor);
        Py_DECREF(g);
    }
    seen(ffi, "new", "ffi.new('int[]', -3)", "(si)", "int[]", -3);
    seen(ffi, "new", "ffi.new('char[]', 2**64)", "(sO)", "char[]", huge);
    {
        PyObject *errno_v = PyObject_GetAttrString(ffi, "errno");
        note(errno_v, "ffi.errno (after set_errno(42))");
        PyObject *v = PyLong_FromLong(EINVAL);
        expect_true(PyObject_SetAttrString(ffi, "errno", v) == 0, "ffi.errno = EINVAL");
        Py_DECREF(v);
        note(PyObject_CallMethod(b, "get_errno", NULL), "get_errno() after ffi.errno = EINVAL");
    }
    PyObject *cdata_t = PyObject_GetAttrString(ffi, "CData");
    note(PyBool_FromLong(cdata_t && PyObject_IsInstance(pi, cdata_t) == 1), "isinstance(p, ffi.CData)");
    Py_XDECREF(cdata_t);
    note(PyObject_GetAttrString(ffi, "NULL"), "ffi.NULL");
    Py_DECREF(ffi);
    Py_DECREF(FFI);

    Py_DECREF(strlen_f);
    Py_DECREF(libc);
    Py_DECREF(f_strlen_t);
    Py_DECREF(f_abs_t);
    Py_DECREF(f_add_t);
    Py_DECREF(add);
    Py_DECREF(raiser);
    Py_DECREF(onerror);
    Py_DECREF(ai);
    Py_DECREF(s);
    Py_DECREF(pi);
    Py_DECREF(ba);
    Py_DECREF(ba8);
    Py_DECREF(by);
    Py_DECREF(big);
    Py_DECREF(huge);
    Py_XDECREF(callback_seen);
    (void)t_ll;
    (void)a_wchar;
    (void)p_wchar;
}

CORPUS_MAIN("_cffi_backend", run)
