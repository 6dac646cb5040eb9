/* Differential cases for the objects CPython 3.11 shares rather than
 * makes anew (Objects/unicodeobject.c, bytesobject.c, tupleobject.c,
 * Include/internal/pycore_global_objects.h): the empty str, bytes and
 * tuple, the one-character latin-1 strs and the one-byte bytes. Each case
 * makes two objects the same way (or two different ways) and prints
 * whether they are the same object, which C code sees through `==` on the
 * pointers and Python through `is`.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int case_no;

/* One case: whether `a` and `b` (references the case owns) are one
   object, or the error when either is NULL. */
static void same(const char *what, PyObject *a, PyObject *b)
{
    printf("%d\t%s\t", ++case_no, what);
    if (a == NULL || b == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("error %s: %s\n", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else {
        PyObject *r = PyObject_ASCII(a);
        printf("%s %s %s\n", a == b ? "same" : "distinct", Py_TYPE(a)->tp_name,
               r ? PyUnicode_AsUTF8(r) : "?");
        Py_XDECREF(r);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
}

static PyObject *S(const char *s) { return PyUnicode_FromString(s); }
static PyObject *B(const char *s, Py_ssize_t n) { return PyBytes_FromStringAndSize(s, n); }

/* o.name(*args) with the arguments built by Py_BuildValue(fmt, ...). */
static PyObject *call(PyObject *o, const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *m = PyObject_GetAttrString(o, name);
    PyObject *r = (m && args) ? PyObject_Call(m, args, NULL) : NULL;
    Py_XDECREF(m);
    Py_XDECREF(args);
    return r;
}

/* a[i:j] through PySequence_GetSlice. */
static PyObject *slice(PyObject *a, Py_ssize_t i, Py_ssize_t j)
{
    PyObject *r = PySequence_GetSlice(a, i, j);
    return r;
}

/* Writes 'a' into a fresh one-character str. */
static PyObject *fill1(PyObject *u)
{
    if (u != NULL && PyUnicode_WriteChar(u, 0, 'a') < 0)
        Py_CLEAR(u);
    return u;
}

/* Writes 'a' into a fresh one-byte bytes. */
static PyObject *fillb(PyObject *b)
{
    if (b != NULL)
        PyBytes_AS_STRING(b)[0] = 'a';
    return b;
}

int main(void)
{
    Py_Initialize();
    PyObject *abc = S("abc");
    PyObject *babc = B("abc", 3);
    PyObject *tabc = Py_BuildValue("(iii)", 1, 2, 3);

    /* ---- the empty str ---- */
    same("FromString('') x2", S(""), S(""));
    same("FromStringAndSize('', 0) / FromString('')", PyUnicode_FromStringAndSize("", 0), S(""));
    same("FromStringAndSize(NULL, 0) / FromString('')", PyUnicode_FromStringAndSize(NULL, 0), S(""));
    same("New(0, 127) / FromString('')", PyUnicode_New(0, 127), S(""));
    same("New(0, 255) / FromString('')", PyUnicode_New(0, 255), S(""));
    same("New(0, 0x10ffff) / FromString('')", PyUnicode_New(0, 0x10ffff), S(""));
    same("FromKindAndData(4, x, 0) / ''", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, "", 0), S(""));
    same("DecodeUTF8('', 0) / ''", PyUnicode_DecodeUTF8("", 0, NULL), S(""));
    same("DecodeLatin1('', 0) / ''", PyUnicode_DecodeLatin1("", 0, NULL), S(""));
    same("DecodeASCII('', 0) / ''", PyUnicode_DecodeASCII("", 0, NULL), S(""));
    same("Decode('', 0, 'utf-16') / ''", PyUnicode_Decode("", 0, "utf-16", NULL), S(""));
    same("FromEncodedObject(b'') / ''", PyUnicode_FromEncodedObject(B("", 0), "utf-8", NULL), S(""));
    same("FromFormat('') / ''", PyUnicode_FromFormat("%s", ""), S(""));
    same("'abc'[1:1] / ''", slice(abc, 1, 1), S(""));
    same("Substring('abc', 2, 2) / ''", PyUnicode_Substring(abc, 2, 2), S(""));
    same("'abc'[3:] / ''", slice(abc, 3, 3), S(""));
    same("str() / ''", PyObject_CallNoArgs((PyObject *)&PyUnicode_Type), S(""));
    same("str('') / ''", PyObject_CallOneArg((PyObject *)&PyUnicode_Type, S("")), S(""));
    same("''.join([]) / ''", call(S(""), "join", "([])"), S(""));
    same("'abc'.replace('abc', '') / ''", call(abc, "replace", "(ss)", "abc", ""), S(""));
    same("'abc' * 0 / ''", PySequence_Repeat(abc, 0), S(""));
    same("'abc'.strip('abc') / ''", call(abc, "strip", "(s)", "abc"), S(""));
    same("Concat('', '') / ''", PyUnicode_Concat(S(""), S("")), S(""));
    same("'%s' % '' / ''", PyUnicode_Format(S("%s"), S("")), S(""));
    same("format('', '') / ''", PyObject_Format(S(""), NULL), S(""));
    same("str(b'', 'ascii') / ''", PyUnicode_FromEncodedObject(B("", 0), "ascii", NULL), S(""));
    same("b''.decode() / ''", call(B("", 0), "decode", "()"), S(""));
    same("''.lower() / ''", call(S(""), "lower", "()"), S(""));
    same("'abc'.split('abc')[0] / ''", PySequence_GetItem(call(abc, "split", "(s)", "abc"), 0), S(""));
    same("Str('') / ''", PyObject_Str(S("")), S(""));
    same("InternFromString('') / ''", PyUnicode_InternFromString(""), S(""));

    /* ---- one-character strs ---- */
    same("FromString('a') x2", S("a"), S("a"));
    same("FromOrdinal(97) / 'a'", PyUnicode_FromOrdinal(97), S("a"));
    same("FromOrdinal(0) x2", PyUnicode_FromOrdinal(0), PyUnicode_FromOrdinal(0));
    same("FromOrdinal(255) x2", PyUnicode_FromOrdinal(255), PyUnicode_FromOrdinal(255));
    same("FromOrdinal(256) x2", PyUnicode_FromOrdinal(256), PyUnicode_FromOrdinal(256));
    same("FromOrdinal(0x1f600) x2", PyUnicode_FromOrdinal(0x1f600), PyUnicode_FromOrdinal(0x1f600));
    same("'abc'[0] / 'a'", PySequence_GetItem(abc, 0), S("a"));
    same("'abc'[0:1] / 'a'", slice(abc, 0, 1), S("a"));
    same("ReadChar-ish: 'abc'[2] / FromOrdinal(99)", PySequence_GetItem(abc, 2), PyUnicode_FromOrdinal(99));
    same("DecodeLatin1('\\xe9') / FromOrdinal(233)", PyUnicode_DecodeLatin1("\xe9", 1, NULL), PyUnicode_FromOrdinal(233));
    same("DecodeUTF8('\\xc3\\xa9') / FromOrdinal(233)", PyUnicode_DecodeUTF8("\xc3\xa9", 2, NULL), PyUnicode_FromOrdinal(233));
    same("chr(65) / 'A'", PyObject_CallOneArg(PyDict_GetItemString(PyEval_GetBuiltins(), "chr"), PyLong_FromLong(65)), S("A"));
    same("chr(300) x2", PyObject_CallOneArg(PyDict_GetItemString(PyEval_GetBuiltins(), "chr"), PyLong_FromLong(300)),
         PyObject_CallOneArg(PyDict_GetItemString(PyEval_GetBuiltins(), "chr"), PyLong_FromLong(300)));
    same("FromStringAndSize('x', 1) / 'x'", PyUnicode_FromStringAndSize("x", 1), S("x"));
    same("New(1, 127) filled x2", fill1(PyUnicode_New(1, 127)), fill1(PyUnicode_New(1, 127)));
    same("list('ab')[0] / 'a'", PySequence_GetItem(PySequence_List(S("ab")), 0), S("a"));
    same("FromFormat('%c', 97) / 'a'", PyUnicode_FromFormat("%c", 97), S("a"));
    same("'a'.upper() / 'A'", call(S("a"), "upper", "()"), S("A"));
    same("'ab'.split('b')[0] / 'a'", PySequence_GetItem(call(S("ab"), "split", "(s)", "b"), 0), S("a"));
    same("FromKindAndData(4, 'a') / 'a'", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, (const Py_UCS4[]){97}, 1), S("a"));
    same("b'a'.decode() / 'a'", call(B("a", 1), "decode", "()"), S("a"));
    same("'ba'.strip('b') / 'a'", call(S("ba"), "strip", "(s)", "b"), S("a"));
    same("''.join(['a']) / 'a'", call(S(""), "join", "([s])", "a"), S("a"));
    same("str(5) / '5'", PyObject_Str(PyLong_FromLong(5)), S("5"));
    same("repr(5) / '5'", PyObject_Repr(PyLong_FromLong(5)), S("5"));
    same("format(5, '') / '5'", PyObject_Format(PyLong_FromLong(5), NULL), S("5"));
    same("format(5, 'd') / '5'", PyObject_Format(PyLong_FromLong(5), S("d")), S("5"));
    same("'%d' % 5 / '5'", PyUnicode_Format(S("%d"), PyLong_FromLong(5)), S("5"));
    same("'%s' % 'a' / 'a'", PyUnicode_Format(S("%s"), S("a")), S("a"));
    same("'{}'.format('a') / 'a'", call(S("{}"), "format", "(s)", "a"), S("a"));
    same("'a'.lower() / 'a'", call(S("a"), "lower", "()"), S("a"));
    same("'A'.casefold() / 'a'", call(S("A"), "casefold", "()"), S("a"));
    same("'a'.title() / 'A'", call(S("a"), "title", "()"), S("A"));
    same("'a'.swapcase() / 'A'", call(S("a"), "swapcase", "()"), S("A"));
    same("'a'.capitalize() / 'A'", call(S("a"), "capitalize", "()"), S("A"));
    same("'\\xe9'.upper() / '\\xc9'", call(PyUnicode_FromOrdinal(0xe9), "upper", "()"), PyUnicode_FromOrdinal(0xc9));
    same("'ab'.replace('b', '') / 'a'", call(S("ab"), "replace", "(ss)", "b", ""), S("a"));
    same("'a'.center(1) / 'a'", call(S("a"), "center", "(i)", 1), S("a"));
    same("'ab'.partition('b')[0] / 'a'", PySequence_GetItem(call(S("ab"), "partition", "(s)", "b"), 0), S("a"));
    same("'a'.zfill(1) / 'a'", call(S("a"), "zfill", "(i)", 1), S("a"));
    same("'b'.translate({98: 97}) / 'a'", call(S("b"), "translate", "({ii})", 98, 97), S("a"));
    same("'b'.translate({98: 'a'}) / 'a'", call(S("b"), "translate", "({is})", 98, "a"), S("a"));
    same("ascii('a')[1] / 'a'", PySequence_GetItem(PyObject_ASCII(S("a")), 1), S("a"));
    same("repr('')[0] / \"'\"", PySequence_GetItem(PyObject_Repr(S("")), 0), S("'"));
    same("str(True)[0] / 'T'", PySequence_GetItem(PyObject_Str(Py_True), 0), S("T"));
    same("'a'.encode().decode('latin-1') / 'a'", PyUnicode_FromEncodedObject(B("a", 1), "latin-1", NULL), S("a"));
    same("'a' + '' / 'a'", PyUnicode_Concat(S("a"), S("")), S("a"));
    same("'' + 'a' / 'a'", PyUnicode_Concat(S(""), S("a")), S("a"));
    same("'a' * 1 / 'a'", PySequence_Repeat(S("a"), 1), S("a"));
    same("'a'.ljust(1) / 'a'", call(S("a"), "ljust", "(i)", 1), S("a"));
    same("'a'.expandtabs() / 'a'", call(S("a"), "expandtabs", "()"), S("a"));
    same("chr(97) via str(bytes)[2] / 'a'", PySequence_GetItem(PyObject_Str(B("a", 1)), 2), S("a"));

    /* ---- the empty bytes ---- */
    same("FromStringAndSize('', 0) x2", B("", 0), B("", 0));
    same("FromStringAndSize(NULL, 0) / b''", B(NULL, 0), B("", 0));
    same("FromString('') / b''", PyBytes_FromString(""), B("", 0));
    same("FromFormat('') / b''", PyBytes_FromFormat("%s", ""), B("", 0));
    same("b'abc'[1:1] / b''", slice(babc, 1, 1), B("", 0));
    same("bytes() / b''", PyObject_CallNoArgs((PyObject *)&PyBytes_Type), B("", 0));
    same("bytes(b'') / b''", PyObject_CallOneArg((PyObject *)&PyBytes_Type, B("", 0)), B("", 0));
    same("bytes([]) / b''", PyObject_CallOneArg((PyObject *)&PyBytes_Type, PyList_New(0)), B("", 0));
    same("bytes(0) / b''", PyObject_CallOneArg((PyObject *)&PyBytes_Type, PyLong_FromLong(0)), B("", 0));
    same("FromObject(bytearray()) / b''", PyBytes_FromObject(PyByteArray_FromStringAndSize("", 0)), B("", 0));
    same("b'abc' * 0 / b''", PySequence_Repeat(babc, 0), B("", 0));
    same("b''.join([]) / b''", call(B("", 0), "join", "([])"), B("", 0));
    same("''.encode() / b''", PyUnicode_AsUTF8String(S("")), B("", 0));
    same("''.encode('latin-1') / b''", PyUnicode_AsLatin1String(S("")), B("", 0));
    same("b'abc'.strip(b'abc') / b''", call(babc, "strip", "(y)", "abc"), B("", 0));
    same("Concat(b'', b'') / b''", PySequence_Concat(B("", 0), B("", 0)), B("", 0));

    /* ---- one-byte bytes ---- */
    same("FromStringAndSize('a', 1) x2", B("a", 1), B("a", 1));
    same("FromStringAndSize('\\0', 1) x2", B("\0", 1), B("\0", 1));
    same("FromStringAndSize('\\xff', 1) x2", B("\xff", 1), B("\xff", 1));
    same("FromString('a') / b'a'", PyBytes_FromString("a"), B("a", 1));
    same("b'abc'[0:1] / b'a'", slice(babc, 0, 1), B("a", 1));
    same("bytes([97]) / b'a'", PyObject_CallOneArg((PyObject *)&PyBytes_Type, Py_BuildValue("[i]", 97)), B("a", 1));
    same("'a'.encode() / b'a'", PyUnicode_AsUTF8String(S("a")), B("a", 1));
    same("FromStringAndSize(NULL, 1) filled x2", fillb(B(NULL, 1)), fillb(B(NULL, 1)));
    same("b'a' * 1 / b'a'", PySequence_Repeat(B("a", 1), 1), B("a", 1));
    same("b'' * 3 / b''", PySequence_Repeat(B("", 0), 3), B("", 0));
    same("b'A'.lower() / b'a'", call(B("A", 1), "lower", "()"), B("a", 1));
    same("b'a'.upper() / b'A'", call(B("a", 1), "upper", "()"), B("A", 1));
    same("b'a'.expandtabs() / b'a'", call(B("a", 1), "expandtabs", "()"), B("a", 1));
    same("b'b'.translate(table) / b'a'", call(B("b", 1), "translate", "(N)",
         PyObject_CallMethod((PyObject *)&PyBytes_Type, "maketrans", "yy", "b", "a")), B("a", 1));
    same("b'a'.translate(None) / b'a'", call(B("a", 1), "translate", "(O)", Py_None), B("a", 1));
    same("b'a'.center(1) / b'a'", call(B("a", 1), "center", "(i)", 1), B("a", 1));
    same("b'a'.zfill(1) / b'a'", call(B("a", 1), "zfill", "(i)", 1), B("a", 1));
    same("b'b'.replace(b'b', b'a') / b'a'", call(B("b", 1), "replace", "(yy)", "b", "a"), B("a", 1));
    same("b'abc'.replace(b'bc', b'') / b'a'", call(babc, "replace", "(yy)", "bc", ""), B("a", 1));
    same("b'ab'.replace(b'b', b'') / b'a'", call(B("ab", 2), "replace", "(yy)", "b", ""), B("a", 1));
    same("b'ab'.partition(b'b')[0] / b'a'", PySequence_GetItem(call(B("ab", 2), "partition", "(y)", "b"), 0), B("a", 1));
    same("b'ba'.strip(b'b') / b'a'", call(B("ba", 2), "strip", "(y)", "b"), B("a", 1));
    same("b'%s' % b'a' / b'a'", call(B("%s", 2), "__mod__", "(y)", "a"), B("a", 1));
    same("b''.join([b'a']) / b'a'", call(B("", 0), "join", "([y])", "a"), B("a", 1));
    same("bytes(bytearray(b'a')) / b'a'", PyBytes_FromObject(PyByteArray_FromStringAndSize("a", 1)), B("a", 1));
    same("bytes.fromhex('61') / b'a'", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "61"), B("a", 1));
    same("'a'.encode('latin-1') / b'a'", PyUnicode_AsLatin1String(S("a")), B("a", 1));
    same("'a'.encode('ascii') / b'a'", PyUnicode_AsASCIIString(S("a")), B("a", 1));
    same("b'ab' * 0 / b''", PySequence_Repeat(B("ab", 2), 0), B("", 0));
    same("b'ab'[::-1][1:] / b'a'", slice(call(B("ab", 2), "__getitem__", "(N)", PySlice_New(NULL, NULL, PyLong_FromLong(-1))), 1, 2), B("a", 1));
    same("b'ab'.split(b'b')[0] / b'a'", PySequence_GetItem(call(B("ab", 2), "split", "(y)", "b"), 0), B("a", 1));
    same("FromFormat('a') / b'a'", PyBytes_FromFormat("a"), B("a", 1));

    /* ---- the empty tuple ---- */
    same("PyTuple_New(0) x2", PyTuple_New(0), PyTuple_New(0));
    same("(1,2,3)[1:1] / ()", slice(tabc, 1, 1), PyTuple_New(0));
    same("PyTuple_GetSlice((1,2,3), 2, 2) / ()", PyTuple_GetSlice(tabc, 2, 2), PyTuple_New(0));
    same("tuple() / ()", PyObject_CallNoArgs((PyObject *)&PyTuple_Type), PyTuple_New(0));
    same("tuple([]) / ()", PySequence_Tuple(PyList_New(0)), PyTuple_New(0));
    same("Py_BuildValue('()') / ()", Py_BuildValue("()"), PyTuple_New(0));
    same("PyTuple_Pack(0) / ()", PyTuple_Pack(0), PyTuple_New(0));
    same("(1,2,3) * 0 / ()", PySequence_Repeat(tabc, 0), PyTuple_New(0));
    same("() + () / ()", PySequence_Concat(PyTuple_New(0), PyTuple_New(0)), PyTuple_New(0));
    same("PyList_AsTuple([]) / ()", PyList_AsTuple(PyList_New(0)), PyTuple_New(0));
    same("(1,2,3)[0:3] / (1,2,3)", slice(tabc, 0, 3), (Py_INCREF(tabc), tabc));
    same("tuple((1,2,3)) / (1,2,3)", PySequence_Tuple(tabc), (Py_INCREF(tabc), tabc));
    same("str 'abc'[0:3] / 'abc'", slice(abc, 0, 3), (Py_INCREF(abc), abc));
    same("str('abc') / 'abc'", PyObject_Str(abc), (Py_INCREF(abc), abc));
    same("b'abc'[0:3] / b'abc'", slice(babc, 0, 3), (Py_INCREF(babc), babc));
    same("bytes(b'abc') / b'abc'", PyObject_CallOneArg((PyObject *)&PyBytes_Type, babc), (Py_INCREF(babc), babc));

    /* ---- frozenset() ---- */
    same("frozenset() x2", PyFrozenSet_New(NULL), PyFrozenSet_New(NULL));

    Py_DECREF(abc);
    Py_DECREF(babc);
    Py_DECREF(tabc);
    return 0;
}
