/* Adversarial differential cases for the concrete and abstract C API:
 * the NULL arguments CPython 3.11 answers with an error rather than a
 * crash (null_error, PyErr_BadInternalCall), negative sizes, indexes at
 * and past every bound and at PY_SSIZE_T_MIN/MAX, wrong types where a
 * specific type is expected, and stolen references on the error paths.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

#define MAXI PY_SSIZE_T_MAX
#define MINI PY_SSIZE_T_MIN

static PyObject *L(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *o = Py_VaBuildValue(fmt, va);
    va_end(va);
    return o;
}

/* A double as a short string result (PyLong_AsDouble and the like). */
static PyObject *D(double d)
{
    if (d == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(d);
}

static PyObject *LN(long v)
{
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(v);
}

int main(void)
{
    Py_Initialize();
    PyObject *l = L("[iii]", 1, 2, 3);
    PyObject *t = L("(iii)", 1, 2, 3);
    PyObject *s = PyUnicode_FromString("abcabc");
    PyObject *d = L("{sisi}", "a", 1, "b", 2);

    /* NULL arguments. */
    R("PyObject_Type(NULL)", PyObject_Type(NULL));
    RI("PyObject_Size(NULL)", PyObject_Size(NULL));
    RI("PyObject_Length(NULL)", PyObject_Length(NULL));
    R("PyObject_GetItem(NULL, k)", PyObject_GetItem(NULL, s));
    R("PyObject_GetItem(l, NULL)", PyObject_GetItem(l, NULL));
    RI("PyObject_SetItem(l, 0, NULL)", PyObject_SetItem(l, PyLong_FromLong(0), NULL));
    RI("PyObject_SetItem(NULL, k, v)", PyObject_SetItem(NULL, s, s));
    RI("PyObject_DelItem(NULL, k)", PyObject_DelItem(NULL, s));
    RI("PyObject_DelItem(d, NULL)", PyObject_DelItem(d, NULL));
    RI("PyObject_DelItemString(NULL, 'a')", PyObject_DelItemString(NULL, "a"));
    RI("PyObject_DelItemString(d, NULL)", PyObject_DelItemString(d, NULL));
    R("PyNumber_Index(NULL)", PyNumber_Index(NULL));
    R("PyNumber_Long(NULL)", PyNumber_Long(NULL));
    R("PyNumber_Float(NULL)", PyNumber_Float(NULL));
    RI("PyNumber_AsSsize_t(NULL, NULL)", PyNumber_AsSsize_t(NULL, NULL));
    RI("PySequence_Size(NULL)", PySequence_Size(NULL));
    R("PySequence_Concat(NULL, l)", PySequence_Concat(NULL, l));
    R("PySequence_Concat(l, NULL)", PySequence_Concat(l, NULL));
    R("PySequence_Repeat(NULL, 2)", PySequence_Repeat(NULL, 2));
    R("PySequence_InPlaceConcat(NULL, l)", PySequence_InPlaceConcat(NULL, l));
    R("PySequence_InPlaceRepeat(NULL, 2)", PySequence_InPlaceRepeat(NULL, 2));
    R("PySequence_GetItem(NULL, 0)", PySequence_GetItem(NULL, 0));
    R("PySequence_GetSlice(NULL, 0, 1)", PySequence_GetSlice(NULL, 0, 1));
    RI("PySequence_SetItem(NULL, 0, v)", PySequence_SetItem(NULL, 0, s));
    RI("PySequence_DelItem(NULL, 0)", PySequence_DelItem(NULL, 0));
    RI("PySequence_SetSlice(NULL, 0, 1, v)", PySequence_SetSlice(NULL, 0, 1, l));
    RI("PySequence_DelSlice(NULL, 0, 1)", PySequence_DelSlice(NULL, 0, 1));
    R("PySequence_Tuple(NULL)", PySequence_Tuple(NULL));
    R("PySequence_List(NULL)", PySequence_List(NULL));
    R("PySequence_Fast(NULL, 'm')", PySequence_Fast(NULL, "m"));
    RI("PySequence_Count(NULL, x)", PySequence_Count(NULL, s));
    RI("PySequence_Count(l, NULL)", PySequence_Count(l, NULL));
    RI("PySequence_Index(NULL, x)", PySequence_Index(NULL, s));
    RI("PyMapping_Size(NULL)", PyMapping_Size(NULL));
    R("PyMapping_GetItemString(NULL, 'a')", PyMapping_GetItemString(NULL, "a"));
    R("PyMapping_GetItemString(d, NULL)", PyMapping_GetItemString(d, NULL));
    RI("PyMapping_SetItemString(NULL, 'a', v)", PyMapping_SetItemString(NULL, "a", s));
    RI("PyMapping_SetItemString(d, NULL, v)", PyMapping_SetItemString(d, NULL, s));
    R("PyObject_CallMethod(NULL, 'x', NULL)", PyObject_CallMethod(NULL, "x", NULL));
    R("PyObject_CallMethod(l, NULL, NULL)", PyObject_CallMethod(l, NULL, NULL));
    R("PyObject_CallMethodObjArgs(NULL, name, NULL)", PyObject_CallMethodObjArgs(NULL, s, NULL));
    R("PyObject_CallMethodObjArgs(l, NULL, NULL)", PyObject_CallMethodObjArgs(l, NULL, NULL));
    R("PyObject_CallFunction(NULL, NULL)", PyObject_CallFunction(NULL, NULL));
    R("PyObject_CallFunctionObjArgs(NULL, NULL)", PyObject_CallFunctionObjArgs(NULL, NULL));
    R("Py_BuildValue('(O)', NULL)", Py_BuildValue("(O)", (PyObject *)NULL));
    R("Py_BuildValue('O', NULL)", Py_BuildValue("O", (PyObject *)NULL));
    R("Py_BuildValue('[iN]', 1, NULL)", Py_BuildValue("[iN]", 1, (PyObject *)NULL));
    R("Py_BuildValue('{sO}', 'a', NULL)", Py_BuildValue("{sO}", "a", (PyObject *)NULL));
    R("Py_BuildValue('s', NULL)", Py_BuildValue("s", (char *)NULL));
    R("Py_BuildValue('y', NULL)", Py_BuildValue("y", (char *)NULL));
    R("Py_BuildValue('s#', NULL, 3)", Py_BuildValue("s#", (char *)NULL, (Py_ssize_t)3));
    R("Py_BuildValue('(i', 1)", Py_BuildValue("(i", 1));
    R("Py_BuildValue('i)', 1)", Py_BuildValue("i)", 1));
    R("Py_BuildValue('{i}', 1)", Py_BuildValue("{i}", 1));
    R("Py_BuildValue('!', 1)", Py_BuildValue("!", 1));
    R("Py_BuildValue('C', 0x110000)", Py_BuildValue("C", 0x110000));
    R("Py_BuildValue('c', 300)", Py_BuildValue("c", 300));
    R("PyObject_Str(NULL)", PyObject_Str(NULL));
    R("PyObject_Repr(NULL)", PyObject_Repr(NULL));
    R("PyObject_ASCII(NULL)", PyObject_ASCII(NULL));
    R("PyObject_Bytes(NULL)", PyObject_Bytes(NULL));
    R("PyObject_RichCompare(NULL, l, EQ)", PyObject_RichCompare(NULL, l, Py_EQ));
    R("PyLong_AsLong(NULL)", LN(PyLong_AsLong(NULL)));
    R("PyLong_AsSsize_t(NULL)", LN((long)PyLong_AsSsize_t(NULL)));
    R("PyLong_AsUnsignedLong(NULL)", LN((long)PyLong_AsUnsignedLong(NULL)));
    R("PyLong_AsDouble(NULL)", D(PyLong_AsDouble(NULL)));
    R("PyFloat_AsDouble(NULL)", D(PyFloat_AsDouble(NULL)));
    R("PyLong_AsLong('x')", LN(PyLong_AsLong(s)));
    R("PyLong_AsSsize_t('x')", LN((long)PyLong_AsSsize_t(s)));
    R("PyLong_AsUnsignedLong(-1)", LN((long)PyLong_AsUnsignedLong(PyLong_FromLong(-1))));
    R("PyLong_AsDouble(2**1024)", D(PyLong_AsDouble(BIG("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216"))));
    R("PyFloat_AsDouble('x')", D(PyFloat_AsDouble(s)));
    R("PyUnicode_FromStringAndSize('a', -1)", PyUnicode_FromStringAndSize("a", -1));
    R("PyBytes_FromStringAndSize('a', -1)", PyBytes_FromStringAndSize("a", -1));
    R("PyByteArray_FromStringAndSize('a', -1)", PyByteArray_FromStringAndSize("a", -1));
    R("PyBytes_FromStringAndSize(NULL, 0)", PyBytes_FromStringAndSize(NULL, 0));
    R("PyTuple_New(-1)", PyTuple_New(-1));
    R("PyList_New(-1)", PyList_New(-1));
    R("PyUnicode_Join(NULL, ['a', 'b'])", PyUnicode_Join(NULL, L("[ss]", "a", "b")));
    R("PyUnicode_Join(NULL, ('a',))", PyUnicode_Join(NULL, L("(s)", "a")));

    /* Bounds. */
    state = l;
    R("PyList_GetItem(l, 3)", NEW(PyList_GetItem(l, 3)));
    R("PyList_GetItem(l, -1)", NEW(PyList_GetItem(l, -1)));
    R("PyList_GetItem(t, 0)", NEW(PyList_GetItem(t, 0)));
    RI("PyList_SetItem(l, 3, x)", PyList_SetItem(l, 3, PyLong_FromLong(9)));
    RI("PyList_SetItem(l, -1, x)", PyList_SetItem(l, -1, PyLong_FromLong(9)));
    RI("PyList_SetItem(t, 0, x)", PyList_SetItem(t, 0, PyLong_FromLong(9)));
    RI("PyList_Insert(l, MAX, 4)", PyList_Insert(l, MAXI, PyLong_FromLong(4)));
    RI("PyList_Insert(l, MIN, 0)", PyList_Insert(l, MINI, PyLong_FromLong(0)));
    RI("PyList_Insert(l, 0, NULL)", PyList_Insert(l, 0, NULL));
    RI("PyList_Insert(t, 0, x)", PyList_Insert(t, 0, s));
    RI("PyList_Append(l, NULL)", PyList_Append(l, NULL));
    RI("PyList_Append(t, x)", PyList_Append(t, s));
    R("PyList_GetSlice(l, MIN, MAX)", PyList_GetSlice(l, MINI, MAXI));
    R("PyList_GetSlice(l, 3, 1)", PyList_GetSlice(l, 3, 1));
    R("PyList_GetSlice(t, 0, 1)", PyList_GetSlice(t, 0, 1));
    RI("PyList_SetSlice(l, MAX, MIN, [7])", PyList_SetSlice(l, MAXI, MINI, L("[i]", 7)));
    RI("PyList_SetSlice(l, -5, 1, NULL)", PyList_SetSlice(l, -5, 1, NULL));
    RI("PyList_SetSlice(l, 0, 1, 5)", PyList_SetSlice(l, 0, 1, PyLong_FromLong(5)));
    RI("PyList_SetSlice(l, 0, 0, l)", PyList_SetSlice(l, 0, 0, l));
    RI("PyList_SetSlice(t, 0, 0, l)", PyList_SetSlice(t, 0, 0, l));
    RI("PyList_Sort(t)", PyList_Sort(t));
    RI("PyList_Reverse(t)", PyList_Reverse(t));
    R("PyList_AsTuple(t)", PyList_AsTuple(t));
    RI("PyList_Size(t)", PyList_Size(t));
    R("PySequence_GetSlice(l, MIN, MAX)", PySequence_GetSlice(l, MINI, MAXI));
    R("PySequence_GetItem(l, MIN)", PySequence_GetItem(l, MINI));
    R("PySequence_GetItem(l, -1)", PySequence_GetItem(l, -1));
    RI("PySequence_SetItem(l, MAX, x)", PySequence_SetItem(l, MAXI, s));
    RI("PySequence_DelSlice(l, MAX, MIN)", PySequence_DelSlice(l, MAXI, MINI));
    RI("PySequence_SetSlice(l, -2, MAX, ())", PySequence_SetSlice(l, -2, MAXI, PyTuple_New(0)));
    state = NULL;
    R("PyTuple_GetItem(t, 3)", NEW(PyTuple_GetItem(t, 3)));
    R("PyTuple_GetItem(t, -1)", NEW(PyTuple_GetItem(t, -1)));
    R("PyTuple_GetItem(l, 0)", NEW(PyTuple_GetItem(l, 0)));
    RI("PyTuple_SetItem(t, 0, x) (shared)", PyTuple_SetItem(t, 0, PyLong_FromLong(9)));
    RI("PyTuple_SetItem(l, 0, x)", PyTuple_SetItem(l, 0, PyLong_FromLong(9)));
    R("PyTuple_GetSlice(t, MIN, MAX)", PyTuple_GetSlice(t, MINI, MAXI));
    R("PyTuple_GetSlice(t, 2, 1)", PyTuple_GetSlice(t, 2, 1));
    R("PyTuple_GetSlice(l, 0, 1)", PyTuple_GetSlice(l, 0, 1));
    RI("PyTuple_Size(l)", PyTuple_Size(l));
    {
        PyObject *nt = PyTuple_New(2);
        RI("PyTuple_SetItem(new, 2, x)", PyTuple_SetItem(nt, 2, PyLong_FromLong(1)));
        RI("PyTuple_SetItem(new, -1, x)", PyTuple_SetItem(nt, -1, PyLong_FromLong(1)));
        Py_XDECREF(nt);
    }
    R("PyUnicode_Substring(s, 5, 2)", PyUnicode_Substring(s, 5, 2));
    R("PyUnicode_Substring(s, -1, 2)", PyUnicode_Substring(s, -1, 2));
    R("PyUnicode_Substring(s, 2, MAX)", PyUnicode_Substring(s, 2, MAXI));
    R("PyUnicode_Substring(s, 0, -1)", PyUnicode_Substring(s, 0, -1));
    RI("PyUnicode_ReadChar(s, 6)", (Py_ssize_t)PyUnicode_ReadChar(s, 6));
    RI("PyUnicode_ReadChar(s, -1)", (Py_ssize_t)PyUnicode_ReadChar(s, -1));
    RI("PyUnicode_ReadChar(l, 0)", (Py_ssize_t)PyUnicode_ReadChar(l, 0));
    RI("PyUnicode_WriteChar(s, 0, 'x') (shared)", PyUnicode_WriteChar(s, 0, 'x'));
    RI("PyUnicode_WriteChar(new, 9, 'x')", PyUnicode_WriteChar(PyUnicode_New(3, 127), 9, 'x'));
    RI("PyUnicode_WriteChar(new ascii, 0, 0xe9)", PyUnicode_WriteChar(PyUnicode_New(3, 127), 0, 0xe9));
    RI("PyUnicode_FindChar(s, 'a', 5, 2, 1)", PyUnicode_FindChar(s, 'a', 5, 2, 1));
    RI("PyUnicode_FindChar(s, 'a', MIN, MAX, -1)", PyUnicode_FindChar(s, 'a', MINI, MAXI, -1));
    RI("PyUnicode_FindChar(s, 'a', -100, -2, 1)", PyUnicode_FindChar(s, 'a', -100, -2, 1));
    RI("PyUnicode_Find(s, 'bc', MIN, MAX, -1)", PyUnicode_Find(s, PyUnicode_FromString("bc"), MINI, MAXI, -1));
    RI("PyUnicode_Find(s, 5, 0, 1, 1)", PyUnicode_Find(s, PyLong_FromLong(5), 0, 1, 1));
    RI("PyUnicode_Count(s, '', -100, 100)", PyUnicode_Count(s, PyUnicode_FromString(""), -100, 100));
    RI("PyUnicode_Count(s, 'a', 4, 2)", PyUnicode_Count(s, PyUnicode_FromString("a"), 4, 2));
    RI("PyUnicode_Tailmatch(s, 'c', MIN, MAX, 1)", PyUnicode_Tailmatch(s, PyUnicode_FromString("c"), MINI, MAXI, 1));
    RI("PyUnicode_Tailmatch(s, 5, 0, 1, 1)", PyUnicode_Tailmatch(s, PyLong_FromLong(5), 0, 1, 1));
    R("PyUnicode_Split(s, NULL, MIN)", PyUnicode_Split(s, NULL, MINI));
    R("PyUnicode_Split(s, '', 1)", PyUnicode_Split(s, PyUnicode_FromString(""), 1));
    R("PyUnicode_Split(s, 5, 1)", PyUnicode_Split(s, PyLong_FromLong(5), 1));
    R("PyUnicode_RSplit(s, 'b', MAX)", PyUnicode_RSplit(s, PyUnicode_FromString("b"), MAXI));
    R("PyUnicode_Replace(s, 'a', 'x', MIN)", PyUnicode_Replace(s, PyUnicode_FromString("a"), PyUnicode_FromString("x"), MINI));
    R("PyUnicode_Replace(s, '', '-', 2)", PyUnicode_Replace(s, PyUnicode_FromString(""), PyUnicode_FromString("-"), 2));
    R("PyUnicode_Replace(s, 5, 'x', 1)", PyUnicode_Replace(s, PyLong_FromLong(5), PyUnicode_FromString("x"), 1));
    R("PyUnicode_Splitlines(s, 2)", PyUnicode_Splitlines(PyUnicode_FromString("a\nb\r\nc\x1c"), 2));
    R("PyUnicode_Concat(s, 5)", PyUnicode_Concat(s, PyLong_FromLong(5)));
    R("PyUnicode_Concat(5, s)", PyUnicode_Concat(PyLong_FromLong(5), s));
    RI("PyUnicode_Contains(s, 5)", PyUnicode_Contains(s, PyLong_FromLong(5)));
    RI("PyUnicode_Compare(s, 5)", PyUnicode_Compare(s, PyLong_FromLong(5)));
    RI("PyUnicode_CompareWithASCIIString(s, 'abd')", PyUnicode_CompareWithASCIIString(s, "abd"));
    R("PyUnicode_FromOrdinal(0x110000)", PyUnicode_FromOrdinal(0x110000));
    R("PyUnicode_FromOrdinal(-1)", PyUnicode_FromOrdinal(-1));
    R("PyUnicode_New(-1, 127)", PyUnicode_New(-1, 127));
    R("PyUnicode_New(1, 0x110000)", PyUnicode_New(1, 0x110000));
    R("PyUnicode_New(MAX, 127)", PyUnicode_New(MAXI, 127));
    R("PyUnicode_FromKindAndData(4, [0x110000], 1)", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, (Py_UCS4[]){0x110000}, 1));
    R("PyUnicode_FromKindAndData(3, 'a', 1)", PyUnicode_FromKindAndData(3, "a", 1));
    R("PyUnicode_FromKindAndData(1, 'a', -1)", PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, "a", -1));
    R("PyUnicode_FromWideChar([0x110000], 1)", PyUnicode_FromWideChar((wchar_t[]){0x110000}, 1));
    R("PyUnicode_FromWideChar(NULL, 1)", PyUnicode_FromWideChar(NULL, 1));
    R("PyUnicode_FromWideChar(L'ab', -1)", PyUnicode_FromWideChar(L"ab", -1));
    R("PyUnicode_DecodeUTF8('\\xff', 1, NULL)", PyUnicode_DecodeUTF8("\xff", 1, NULL));
    R("PyUnicode_DecodeUTF8('a', -1, NULL)", PyUnicode_DecodeUTF8("a", -1, NULL));
    R("PyUnicode_DecodeUTF8('\\xff', 1, 'bogus')", PyUnicode_DecodeUTF8("\xff", 1, "bogus"));
    R("PyUnicode_AsUTF8String(5)", PyUnicode_AsUTF8String(PyLong_FromLong(5)));
    R("PyUnicode_AsUTF8String('\\ud800')", PyUnicode_AsUTF8String(PyUnicode_FromOrdinal(0xd800)));
    R("PyUnicode_AsEncodedString(s, 'bogus', NULL)", PyUnicode_AsEncodedString(s, "bogus", NULL));

    /* Dicts and sets with hostile keys. */
    R("PyDict_GetItemWithError(d, [])", NEW(PyDict_GetItemWithError(d, L("[]"))));
    R("PyDict_GetItem(d, []) (error suppressed)", NEW(PyDict_GetItem(d, L("[]"))));
    RI("PyDict_SetItem(d, [], 1)", PyDict_SetItem(d, L("[]"), s));
    RI("PyDict_DelItem(d, 'zz')", PyDict_DelItem(d, PyUnicode_FromString("zz")));
    RI("PyDict_DelItem(d, [])", PyDict_DelItem(d, L("[]")));
    RI("PyDict_DelItemString(d, 'zz')", PyDict_DelItemString(d, "zz"));
    RI("PyDict_Contains(d, [])", PyDict_Contains(d, L("[]")));
    RI("PyDict_SetItem(l, k, v)", PyDict_SetItem(l, s, s));
    R("PyDict_GetItemWithError(l, k)", NEW(PyDict_GetItemWithError(l, s)));
    RI("PyDict_Size(l)", PyDict_Size(l));
    R("PyDict_Keys(l)", PyDict_Keys(l));
    R("PyDict_Copy(l)", PyDict_Copy(l));
    RI("PyDict_Merge(d, 5, 1)", PyDict_Merge(d, PyLong_FromLong(5), 1));
    RI("PyDict_Merge(l, d, 1)", PyDict_Merge(l, d, 1));
    RI("PyDict_Update(d, [1])", PyDict_Update(d, L("[i]", 1)));
    RI("PyDict_MergeFromSeq2(d, [(1,)], 1)", PyDict_MergeFromSeq2(d, L("[(i)]", 1), 1));
    RI("PyDict_MergeFromSeq2(d, [1], 1)", PyDict_MergeFromSeq2(d, L("[i]", 1), 1));
    RI("PyDict_MergeFromSeq2(d, 5, 1)", PyDict_MergeFromSeq2(d, PyLong_FromLong(5), 1));
    RI("PyDict_MergeFromSeq2(d, [[]], 1)", PyDict_MergeFromSeq2(d, L("[[[]i]]", 1), 1));
    {
        Py_ssize_t pos = 100;
        PyObject *k, *v;
        RI("PyDict_Next(d, pos=100)", PyDict_Next(d, &pos, &k, &v));
        pos = -1;
        RI("PyDict_Next(d, pos=-1)", PyDict_Next(d, &pos, &k, &v));
        pos = 0;
        RI("PyDict_Next(l, pos=0)", PyDict_Next(l, &pos, &k, &v));
    }
    {
        PyObject *st = PySet_New(NULL);
        RI("PySet_Add(s, [])", PySet_Add(st, L("[]")));
        RI("PySet_Discard(s, [])", PySet_Discard(st, L("[]")));
        RI("PySet_Contains(s, [])", PySet_Contains(st, L("[]")));
        RI("PySet_Add(l, 1)", PySet_Add(l, s));
        RI("PySet_Size(l)", PySet_Size(l));
        R("PySet_Pop(empty)", PySet_Pop(st));
        R("PySet_New(5)", PySet_New(PyLong_FromLong(5)));
        R("PyFrozenSet_New([[]])", PyFrozenSet_New(L("[[]]")));
        RI("PySet_Clear(l)", PySet_Clear(l));
        PyObject *fs = PyFrozenSet_New(NULL);
        RI("PySet_Add(frozenset(), 1) (new, unshared)", PySet_Add(fs, PyLong_FromLong(1)));
        R("frozenset after add", NEW(fs));
        Py_DECREF(fs);
        Py_DECREF(st);
    }

    /* Bytes and bytearrays. */
    {
        PyObject *b = PyBytes_FromString("abc");
        PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
        RI("PyBytes_Size(l)", PyBytes_Size(l));
        R("PyBytes_AsString(l)", PyBytes_AsString(l) ? PyUnicode_FromString("ptr") : NULL);
        {
            char *p;
            Py_ssize_t n;
            RI("PyBytes_AsStringAndSize(b'a\\0b', &p, NULL)", PyBytes_AsStringAndSize(PyBytes_FromStringAndSize("a\0b", 3), &p, NULL));
            RI("PyBytes_AsStringAndSize(s, &p, &n)", PyBytes_AsStringAndSize(s, &p, &n));
        }
        {
            PyObject *c = Py_NewRef(b);
            PyBytes_Concat(&c, s);
            R("PyBytes_Concat(&b, s)", c ? c : NULL);
            c = NULL;
            PyBytes_Concat(&c, b);
            R("PyBytes_Concat(&NULL, b)", c ? c : PyUnicode_FromString("<NULL>"));
        }
        R("PyBytes_FromObject(5)", PyBytes_FromObject(PyLong_FromLong(5)));
        R("PyBytes_FromObject('a')", PyBytes_FromObject(PyUnicode_FromString("a")));
        R("PyBytes_FromObject(iter([256]))", PyBytes_FromObject(PyObject_GetIter(L("[i]", 256))));
        R("PyBytes_FromObject([-1])", PyBytes_FromObject(L("[i]", -1)));
        R("PyBytes_FromFormat('%c', 256)", PyBytes_FromFormat("%c", 256));
        R("PyBytes_FromFormat('%5s|%-3d|%.2s', 'ab', 7, 'xyz')", PyBytes_FromFormat("%5s|%.2s", "ab", "xyz"));
        RI("PyByteArray_Resize(ba, MAX)", PyByteArray_Resize(ba, MAXI));
        RI("PyByteArray_Resize(ba, MAX - 1)", PyByteArray_Resize(ba, MAXI - 1));
        R("ba after", NEW(ba));
        R("PyByteArray_Concat(ba, 5)", PyByteArray_Concat(ba, PyLong_FromLong(5)));
        R("PyByteArray_Concat(5, ba)", PyByteArray_Concat(PyLong_FromLong(5), ba));
        R("PyByteArray_Concat(ba, ba)", PyByteArray_Concat(ba, ba));
        R("PyByteArray_FromObject(-1)", PyByteArray_FromObject(PyLong_FromLong(-1)));
        R("PyByteArray_FromObject(2**62)", PyByteArray_FromObject(PyLong_FromLongLong(1LL << 62)));
        Py_DECREF(b);
        Py_DECREF(ba);
    }

    /* Numbers. */
    R("PyLong_FromString('0x', NULL, 0)", PyLong_FromString("0x", NULL, 0));
    R("PyLong_FromString('1', NULL, 1)", PyLong_FromString("1", NULL, 1));
    R("PyLong_FromString('1', NULL, 37)", PyLong_FromString("1", NULL, 37));
    R("PyLong_FromString('1_', NULL, 10)", PyLong_FromString("1_", NULL, 10));
    R("PyLong_FromString(' 1 ', NULL, 10)", PyLong_FromString(" 1 ", NULL, 10));
    R("PyLong_FromString('1 x', NULL, 10)", PyLong_FromString("1 x", NULL, 10));
    R("PyLong_FromString('', NULL, 10)", PyLong_FromString("", NULL, 10));
    R("PyLong_FromString('0b2', NULL, 0)", PyLong_FromString("0b2", NULL, 0));
    R("PyLong_FromString('010', NULL, 0)", PyLong_FromString("010", NULL, 0));
    R("PyLong_FromString('00', NULL, 0)", PyLong_FromString("00", NULL, 0));
    R("PyLong_FromUnicodeObject('\\u0661\\u0662', 10)", PyLong_FromUnicodeObject(PyUnicode_FromString("\xd9\xa1\xd9\xa2"), 10));
    R("PyLong_FromUnicodeObject('1\\x00', 10)", PyLong_FromUnicodeObject(PyUnicode_FromStringAndSize("1\0", 2), 10));
    R("PyFloat_FromString('1e500')", PyFloat_FromString(PyUnicode_FromString("1e500")));
    R("PyFloat_FromString('nan(1)')", PyFloat_FromString(PyUnicode_FromString("nan(1)")));
    R("PyFloat_FromString(b'1.5')", PyFloat_FromString(PyBytes_FromString("1.5")));
    R("PyFloat_FromString('1_0.5')", PyFloat_FromString(PyUnicode_FromString("1_0.5")));
    R("PyFloat_FromString('1__0')", PyFloat_FromString(PyUnicode_FromString("1__0")));
    R("PyFloat_FromString(5)", PyFloat_FromString(PyLong_FromLong(5)));
    R("PyNumber_ToBase(10, 3)", PyNumber_ToBase(PyLong_FromLong(10), 3));
    R("PyNumber_ToBase(1.5, 2)", PyNumber_ToBase(PyFloat_FromDouble(1.5), 2));
    R("PyNumber_Power(2, -1, 5)", PyNumber_Power(PyLong_FromLong(2), PyLong_FromLong(-1), PyLong_FromLong(5)));
    R("PyNumber_Power(2, -1, 4)", PyNumber_Power(PyLong_FromLong(2), PyLong_FromLong(-1), PyLong_FromLong(4)));
    R("PyNumber_Power(2, 3, 0)", PyNumber_Power(PyLong_FromLong(2), PyLong_FromLong(3), PyLong_FromLong(0)));
    R("PyNumber_Power(2.0, 3, 5)", PyNumber_Power(PyFloat_FromDouble(2.0), PyLong_FromLong(3), PyLong_FromLong(5)));
    R("PyNumber_Lshift(1, -1)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(-1)));
    R("PyNumber_Lshift(1, 2**70)", PyNumber_Lshift(PyLong_FromLong(1), BIG("1180591620717411303424")));
    R("PyNumber_Lshift(0, 2**70)", PyNumber_Lshift(PyLong_FromLong(0), BIG("1180591620717411303424")));
    R("PyNumber_Rshift(-1, 2**70)", PyNumber_Rshift(PyLong_FromLong(-1), BIG("1180591620717411303424")));
    R("PyNumber_FloorDivide(MIN, -1)", PyNumber_FloorDivide(PyLong_FromSsize_t(MINI), PyLong_FromLong(-1)));
    R("PyNumber_Remainder(1, 0)", PyNumber_Remainder(PyLong_FromLong(1), PyLong_FromLong(0)));
    R("PyNumber_Divmod(1.0, 0.0)", PyNumber_Divmod(PyFloat_FromDouble(1.0), PyFloat_FromDouble(0.0)));
    R("PyNumber_TrueDivide(2**2000, 3)", PyNumber_TrueDivide(PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(2000)), PyLong_FromLong(3)));
    R("PyNumber_Multiply(1e308, 10)", PyNumber_Multiply(PyFloat_FromDouble(1e308), PyLong_FromLong(10)));
    R("PyNumber_Power(10.0, 400)", PyNumber_Power(PyFloat_FromDouble(10.0), PyLong_FromLong(400), Py_None));
    R("PyNumber_Power(0.0, -1)", PyNumber_Power(PyFloat_FromDouble(0.0), PyLong_FromLong(-1), Py_None));
    R("PyNumber_Power(0, -1)", PyNumber_Power(PyLong_FromLong(0), PyLong_FromLong(-1), Py_None));
    R("PyNumber_Absolute(MIN)", PyNumber_Absolute(PyLong_FromSsize_t(MINI)));
    R("PyNumber_Invert(1.0)", PyNumber_Invert(PyFloat_FromDouble(1.0)));
    R("PyNumber_Negative('a')", PyNumber_Negative(s));
    R("PyNumber_Add('a', 1)", PyNumber_Add(s, PyLong_FromLong(1)));
    R("PyNumber_Multiply('ab', -1)", PyNumber_Multiply(PyUnicode_FromString("ab"), PyLong_FromLong(-1)));
    R("PyNumber_Multiply(2, 'ab')", PyNumber_Multiply(PyLong_FromLong(2), PyUnicode_FromString("ab")));
    R("PyNumber_InPlaceMultiply([1], 2**62)", PyNumber_InPlaceMultiply(L("[i]", 1), PyLong_FromLongLong(1LL << 62)));
    R("PyNumber_Long('  12  ')", PyNumber_Long(PyUnicode_FromString("  12  ")));
    R("PyNumber_Long(b'12')", PyNumber_Long(PyBytes_FromString("12")));
    R("PyNumber_Long(bytearray(b'1 2'))", PyNumber_Long(PyByteArray_FromStringAndSize("1 2", 3)));
    R("PyNumber_Long(inf)", PyNumber_Long(PyFloat_FromDouble(Py_HUGE_VAL)));
    R("PyNumber_Long(nan)", PyNumber_Long(PyFloat_FromDouble(Py_NAN)));
    R("PyNumber_Float('x')", PyNumber_Float(PyUnicode_FromString("x")));
    R("PyNumber_Float(2**1024)", PyNumber_Float(PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(1024))));
    R("PyNumber_Index(1.0)", PyNumber_Index(PyFloat_FromDouble(1.0)));
    RI("PyNumber_AsSsize_t(2**70, NULL)", PyNumber_AsSsize_t(BIG("1180591620717411303424"), NULL));
    RI("PyNumber_AsSsize_t(-2**70, NULL)", PyNumber_AsSsize_t(BIG("-1180591620717411303424"), NULL));
    RI("PyNumber_AsSsize_t(2**70, OverflowError)", PyNumber_AsSsize_t(BIG("1180591620717411303424"), PyExc_OverflowError));
    R("PyLong_FromDouble(inf)", PyLong_FromDouble(Py_HUGE_VAL));
    R("PyLong_FromDouble(nan)", PyLong_FromDouble(Py_NAN));
    {
        int overflow = 0;
        long v = PyLong_AsLongAndOverflow(BIG("-9223372036854775809"), &overflow);
        printf("%d\tPyLong_AsLongAndOverflow(-2**63-1)\t%ld %d\n", ++case_no, v, overflow);
        v = PyLong_AsLongAndOverflow(PyFloat_FromDouble(1.5), &overflow);
        R("PyLong_AsLongAndOverflow(1.5)", LN(v));
        unsigned long m = PyLong_AsUnsignedLongMask(BIG("-1"));
        printf("%d\tPyLong_AsUnsignedLongMask(-1)\t%lu\n", ++case_no, m);
        m = PyLong_AsUnsignedLongMask(PyFloat_FromDouble(1.5));
        R("PyLong_AsUnsignedLongMask(1.5)", m == (unsigned long)-1 && PyErr_Occurred() ? NULL : PyLong_FromUnsignedLong(m));
        R("PyLong_AsSize_t(-1)", LN((long)PyLong_AsSize_t(PyLong_FromLong(-1))));
        R("PyLong_AsSize_t(1.0)", LN((long)PyLong_AsSize_t(PyFloat_FromDouble(1.0))));
        R("PyLong_AsUnsignedLongLong(1.0)", LN((long)PyLong_AsUnsignedLongLong(PyFloat_FromDouble(1.0))));
        R("PyLong_AsUnsignedLongLong(-1)", LN((long)PyLong_AsUnsignedLongLong(PyLong_FromLong(-1))));
        R("PyLong_AsLongLong(2**64)", LN((long)PyLong_AsLongLong(BIG("18446744073709551616"))));
        R("PyLong_AsVoidPtr(-1)", PyLong_AsVoidPtr(PyLong_FromLong(-1)) == (void *)-1 ? PyUnicode_FromString("(void *)-1") : NULL);
        R("PyLong_AsVoidPtr(2**64)", PyLong_AsVoidPtr(BIG("18446744073709551616")) ? PyUnicode_FromString("ptr") : NULL);
        R("PyLong_AsVoidPtr(-2**64)", PyLong_AsVoidPtr(BIG("-18446744073709551616")) ? PyUnicode_FromString("ptr") : NULL);
        R("PyLong_AsVoidPtr(1.5)", PyLong_AsVoidPtr(PyFloat_FromDouble(1.5)) ? PyUnicode_FromString("ptr") : NULL);
        R("PyUnicode_FromKindAndData(4, [0xffffffff], 1)", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, (Py_UCS4[]){0xffffffff}, 1));
        R("PyUnicode_DecodeLatin1('a', -1, NULL)", PyUnicode_DecodeLatin1("a", -1, NULL));
        R("PyUnicode_DecodeASCII('a', -1, NULL)", PyUnicode_DecodeASCII("a", -1, NULL));
        R("PyUnicode_Decode('a', -1, 'utf-8', NULL)", PyUnicode_Decode("a", -1, "utf-8", NULL));
    }
    Py_DECREF(l);
    Py_DECREF(t);
    Py_DECREF(s);
    Py_DECREF(d);
    return 0;
}
