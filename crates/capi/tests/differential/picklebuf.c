/* Differential cases for PickleBuffer (PEP 574): PyPickleBuffer_FromObject,
 * _GetBuffer and _Release on good and bad arguments, the type's __new__,
 * the buffers it re-exports from the wrapped object with the consumer's
 * flags, raw() on contiguous and strided buffers, release(), weak
 * references, what happens to a bytearray it holds, the getargs formats
 * that refuse it, and the errors of pickling it.
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

#include "case.h"

/* An int result, or the error when it is -1 with one set. */
static PyObject *rc(int r)
{
    if (r == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(r);
}

/* A Py_buffer's fields as a tuple (obj's type name, len, itemsize,
   readonly, ndim, format, shape, strides), or the error when `view` is
   NULL. */
static PyObject *describe(const Py_buffer *view)
{
    if (view == NULL)
        return NULL;
    PyObject *shape = PyList_New(0), *strides = PyList_New(0);
    for (int i = 0; i < view->ndim; i++) {
        if (view->shape) {
            PyObject *n = PyLong_FromSsize_t(view->shape[i]);
            PyList_Append(shape, n);
            Py_DECREF(n);
        }
        if (view->strides) {
            PyObject *n = PyLong_FromSsize_t(view->strides[i]);
            PyList_Append(strides, n);
            Py_DECREF(n);
        }
    }
    PyObject *r = Py_BuildValue("(snnins NN)", view->obj ? Py_TYPE(view->obj)->tp_name : "NULL",
                                view->len, view->itemsize, view->readonly, view->ndim,
                                view->format ? view->format : "NULL", shape, strides);
    return r;
}

/* Gets obj's buffer with `flags`, describes it and releases it. */
static PyObject *getbuf(PyObject *obj, int flags)
{
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, flags) < 0)
        return NULL;
    PyObject *r = describe(&view);
    PyBuffer_Release(&view);
    return r;
}

/* A PyArg_Parse* result: 1, or the error. */
static PyObject *parsed(int ok)
{
    return ok ? PyLong_FromLong(ok) : NULL;
}

static PyObject *call_method(PyObject *obj, const char *name)
{
    return PyObject_CallMethod(obj, name, NULL);
}

static PyObject *make_array(const char *typecode, const char *init)
{
    PyObject *mod = PyImport_ImportModule("array");
    if (mod == NULL)
        return NULL;
    PyObject *a = PyObject_CallMethod(mod, "array", "(s[s])", typecode, init);
    if (a == NULL) {
        PyErr_Clear();
        PyObject *list = PyList_New(0);
        for (int i = 0; i < 6; i++) {
            PyObject *n = PyLong_FromLong(i * 7 - 3);
            PyList_Append(list, n);
            Py_DECREF(n);
        }
        a = PyObject_CallMethod(mod, "array", "(sN)", typecode, list);
    }
    Py_DECREF(mod);
    return a;
}

int main(void)
{
    Py_Initialize();
    PyTypeObject *tp = &PyPickleBuffer_Type;
    char what[160];

    /* The type. */
    show("tp_name", PyUnicode_FromString(tp->tp_name));
    show("tp_doc", PyUnicode_FromString(tp->tp_doc));
    show("BASETYPE flag", PyBool_FromLong((tp->tp_flags & Py_TPFLAGS_BASETYPE) != 0));
    show("HAVE_GC flag", PyBool_FromLong((tp->tp_flags & Py_TPFLAGS_HAVE_GC) != 0));
    show("has tp_weaklistoffset", PyBool_FromLong(tp->tp_weaklistoffset > 0));
    show("has bf_releasebuffer",
         PyBool_FromLong(tp->tp_as_buffer && tp->tp_as_buffer->bf_releasebuffer != NULL));
    show("__name__", PyObject_GetAttrString((PyObject *)tp, "__name__"));
    show("__module__", PyObject_GetAttrString((PyObject *)tp, "__module__"));
    show("__qualname__", PyObject_GetAttrString((PyObject *)tp, "__qualname__"));
    {
        PyObject *raw = PyObject_GetAttrString((PyObject *)tp, "raw");
        show("raw.__doc__", PyObject_GetAttrString(raw, "__doc__"));
        show("raw.__text_signature__", PyObject_GetAttrString(raw, "__text_signature__"));
        Py_XDECREF(raw);
        PyObject *rel = PyObject_GetAttrString((PyObject *)tp, "release");
        show("release.__doc__", PyObject_GetAttrString(rel, "__doc__"));
        Py_XDECREF(rel);
    }
    {
        PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", tp);
        show("type('Sub', (PickleBuffer,), {})", sub);
    }

    /* PyPickleBuffer_FromObject. */
    PyObject *b = PyBytes_FromString("abcdef");
    PyObject *pb = PyPickleBuffer_FromObject(b);
    show("FromObject(b'abcdef') type", pb ? PyUnicode_FromString(Py_TYPE(pb)->tp_name) : NULL);
    show("PyPickleBuffer_Check", PyBool_FromLong(PyPickleBuffer_Check(pb)));
    show("GC tracked", PyBool_FromLong(PyObject_GC_IsTracked(pb)));
    show("GetBuffer", describe(PyPickleBuffer_GetBuffer(pb)));
    show("GetBuffer()->obj is the bytes",
         PyBool_FromLong(PyPickleBuffer_GetBuffer(pb)->obj == b));
    show("GetBuffer()->buf is the bytes' data",
         PyBool_FromLong(PyPickleBuffer_GetBuffer(pb)->buf == PyBytes_AS_STRING(b)));
    {
        PyObject *n = PyLong_FromLong(5);
        show("FromObject(5)", PyPickleBuffer_FromObject(n));
        show("GetBuffer(5)", describe(PyPickleBuffer_GetBuffer(n)));
        show("Release(5)", rc(PyPickleBuffer_Release(n)));
        Py_DECREF(n);
        show("FromObject('str')", PyPickleBuffer_FromObject(PyUnicode_FromString("x")));
        PyErr_Clear();
        PyObject *l = PyList_New(0);
        show("GetBuffer([])", describe(PyPickleBuffer_GetBuffer(l)));
        Py_DECREF(l);
    }
    {
        PyObject *r = PyObject_Repr(pb);
        show("repr starts with", r ? PyUnicode_Substring(r, 0, 30) : NULL);
        Py_XDECREF(r);
    }
    show("hash works", PyBool_FromLong(PyObject_Hash(pb) != -1));
    show("pb == pb", PyObject_RichCompare(pb, pb, Py_EQ));
    show("pb == bytes", PyObject_RichCompare(pb, b, Py_EQ));
    {
        Py_ssize_t n = PyObject_Length(pb);
        show("len(pb)", n < 0 ? NULL : PyLong_FromSsize_t(n));
    }

    /* Buffers re-exported with the consumer's flags. */
    show("getbuf SIMPLE", getbuf(pb, PyBUF_SIMPLE));
    show("getbuf FULL_RO", getbuf(pb, PyBUF_FULL_RO));
    show("getbuf RECORDS_RO", getbuf(pb, PyBUF_RECORDS_RO));
    show("getbuf WRITABLE", getbuf(pb, PyBUF_WRITABLE));
    show("getbuf FULL", getbuf(pb, PyBUF_FULL));
    show("PyObject_CheckBuffer", PyBool_FromLong(PyObject_CheckBuffer(pb)));
    {
        PyObject *m = PyMemoryView_FromObject(pb);
        show("memoryview(pb).tobytes()", m ? call_method(m, "tobytes") : NULL);
        show("memoryview(pb).obj is the bytes",
             m ? PyBool_FromLong(PyMemoryView_GET_BUFFER(m)->obj == b) : NULL);
        show("memoryview(pb).readonly", m ? PyObject_GetAttrString(m, "readonly") : NULL);
        Py_XDECREF(m);
    }
    {
        PyObject *m = call_method(pb, "raw");
        show("raw() of bytes", m ? call_method(m, "tobytes") : NULL);
        show("raw() format", m ? PyObject_GetAttrString(m, "format") : NULL);
        show("raw() shape", m ? PyObject_GetAttrString(m, "shape") : NULL);
        show("raw() obj is the bytes", m ? PyBool_FromLong(PyMemoryView_GET_BUFFER(m)->obj == b) : NULL);
        Py_XDECREF(m);
    }
    show("raw(1)", PyObject_CallMethod(pb, "raw", "i", 1));

    /* Releasing. */
    show("release()", call_method(pb, "release"));
    show("release() again", call_method(pb, "release"));
    show("GetBuffer after release", describe(PyPickleBuffer_GetBuffer(pb)));
    show("getbuf after release", getbuf(pb, PyBUF_SIMPLE));
    show("memoryview after release", PyMemoryView_FromObject(pb));
    show("raw() after release", call_method(pb, "raw"));
    show("Release after release", rc(PyPickleBuffer_Release(pb)));
    show("bytes refcount back to 1", PyBool_FromLong(Py_REFCNT(b) == 1));
    Py_DECREF(pb);

    /* __new__. */
    show("PickleBuffer()", PyObject_CallNoArgs((PyObject *)tp));
    show("PickleBuffer(1)", PyObject_CallFunction((PyObject *)tp, "i", 1));
    show("PickleBuffer(b'', b'')", PyObject_CallFunction((PyObject *)tp, "yy", "", ""));
    {
        PyObject *args = PyTuple_New(0), *kw = Py_BuildValue("{s:y}", "obj", "x");
        show("PickleBuffer(obj=b'x')", PyObject_Call((PyObject *)tp, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
        args = Py_BuildValue("(y)", "x");
        kw = Py_BuildValue("{s:i}", "x", 1);
        show("PickleBuffer(b'x', x=1)", PyObject_Call((PyObject *)tp, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    pb = PyObject_CallFunction((PyObject *)tp, "O", b);
    {
        PyObject *r = pb ? PyObject_CallMethod(pb, "raw", NULL) : NULL;
        show("PickleBuffer(b).raw().tobytes()", r ? call_method(r, "tobytes") : NULL);
        Py_XDECREF(r);
    }
    {
        PyObject *t = pb ? PyObject_Type(pb) : NULL;
        show("type(PickleBuffer(b)) is PyPickleBuffer_Type", PyBool_FromLong(t == (PyObject *)tp));
        Py_XDECREF(t);
    }

    /* Pickling. */
    for (int proto = 0; proto <= 5; proto++) {
        snprintf(what, sizeof what, "__reduce_ex__(%d)", proto);
        show(what, PyObject_CallMethod(pb, "__reduce_ex__", "i", proto));
    }
    show("__reduce__()", call_method(pb, "__reduce__"));

    /* Weak references. */
    {
        PyObject *ref = PyWeakref_NewRef(pb, NULL);
        show("weakref to PickleBuffer", ref ? PyBool_FromLong(PyWeakref_GetObject(ref) == pb) : NULL);
        Py_CLEAR(pb);
        show("weakref dead after the last reference",
             ref ? PyBool_FromLong(PyWeakref_GetObject(ref) == Py_None) : NULL);
        Py_XDECREF(ref);
    }

    /* A bytearray: writable, and held while wrapped. */
    {
        PyObject *ba = PyByteArray_FromStringAndSize("hello", 5);
        PyObject *p = PyPickleBuffer_FromObject(ba);
        show("bytearray GetBuffer", describe(PyPickleBuffer_GetBuffer(p)));
        show("bytearray getbuf WRITABLE", getbuf(p, PyBUF_WRITABLE));
        show("resize while wrapped", rc(PyByteArray_Resize(ba, 10)));
        {
            PyObject *m = call_method(p, "raw");
            if (m) {
                PyObject *x = PyLong_FromLong(72);
                PyObject *zero = PyLong_FromLong(0);
                show("raw()[0] = 72", rc(PyObject_SetItem(m, zero, x)));
                Py_DECREF(x);
                Py_DECREF(zero);
            }
            show("raw() readonly", m ? PyObject_GetAttrString(m, "readonly") : NULL);
            Py_XDECREF(m);
        }
        show("bytearray after write", PyObject_Str(ba));
        show("PyPickleBuffer_Release", rc(PyPickleBuffer_Release(p)));
        show("resize after release", rc(PyByteArray_Resize(ba, 10)));
        show("len after resize", PyLong_FromSsize_t(PyByteArray_Size(ba)));
        Py_DECREF(p);
        Py_DECREF(ba);
    }

    /* Arrays: format and shape pass through; raw() is bytes. */
    {
        PyObject *a = make_array("i", "");
        PyObject *p = a ? PyPickleBuffer_FromObject(a) : NULL;
        show("array('i') GetBuffer", p ? describe(PyPickleBuffer_GetBuffer(p)) : NULL);
        show("array('i') getbuf ND", p ? getbuf(p, PyBUF_ND) : NULL);
        show("array('i') getbuf FORMAT|STRIDES", p ? getbuf(p, PyBUF_FORMAT | PyBUF_STRIDES) : NULL);
        PyObject *m = p ? call_method(p, "raw") : NULL;
        show("array('i') raw().nbytes", m ? PyObject_GetAttrString(m, "nbytes") : NULL);
        show("array('i') raw().format", m ? PyObject_GetAttrString(m, "format") : NULL);
        show("array('i') raw().itemsize", m ? PyObject_GetAttrString(m, "itemsize") : NULL);
        show("array('i') raw().strides", m ? PyObject_GetAttrString(m, "strides") : NULL);
        show("array('i') raw().c_contiguous", m ? PyObject_GetAttrString(m, "c_contiguous") : NULL);
        show("array('i') raw().f_contiguous", m ? PyObject_GetAttrString(m, "f_contiguous") : NULL);
        if (m) {
            PyObject *s = PySequence_GetSlice(m, 4, 8);
            show("array('i') raw()[4:8].tolist()", s ? call_method(s, "tolist") : NULL);
            Py_XDECREF(s);
        }
        show("raw() while array is wrapped: release()", p ? call_method(p, "release") : NULL);
        show("raw() survives release", m ? call_method(m, "tolist") : NULL);
        Py_XDECREF(m);
        Py_XDECREF(p);

        /* A strided memoryview over it. */
        PyObject *mv = a ? PyMemoryView_FromObject(a) : NULL;
        PyObject *two = PyLong_FromLong(2);
        PyObject *slice = PySlice_New(NULL, NULL, two);
        PyObject *sl = mv ? PyObject_GetItem(mv, slice) : NULL;
        Py_DECREF(slice);
        Py_DECREF(two);
        p = sl ? PyPickleBuffer_FromObject(sl) : NULL;
        show("strided GetBuffer", p ? describe(PyPickleBuffer_GetBuffer(p)) : NULL);
        show("strided raw()", p ? call_method(p, "raw") : NULL);
        show("strided getbuf SIMPLE", p ? getbuf(p, PyBUF_SIMPLE) : NULL);
        show("strided getbuf STRIDES", p ? getbuf(p, PyBUF_STRIDES) : NULL);
        show("strided getbuf C_CONTIGUOUS", p ? getbuf(p, PyBUF_C_CONTIGUOUS) : NULL);
        show("release the memoryview while wrapped", mv ? call_method(sl, "release") : NULL);
        Py_XDECREF(p);
        show("release it after", sl ? call_method(sl, "release") : NULL);
        Py_XDECREF(sl);
        Py_XDECREF(mv);

        /* A 2-D C-contiguous cast. */
        PyObject *bb = PyBytes_FromStringAndSize("abcdefghijkl", 12);
        PyObject *m1 = PyMemoryView_FromObject(bb);
        PyObject *m2 = m1 ? PyObject_CallMethod(m1, "cast", "s(ii)", "B", 3, 4) : NULL;
        p = m2 ? PyPickleBuffer_FromObject(m2) : NULL;
        show("2-D GetBuffer", p ? describe(PyPickleBuffer_GetBuffer(p)) : NULL);
        PyObject *r = p ? call_method(p, "raw") : NULL;
        show("2-D raw()", r ? call_method(r, "tobytes") : NULL);
        show("2-D raw().shape", r ? PyObject_GetAttrString(r, "shape") : NULL);
        show("2-D raw().ndim", r ? PyObject_GetAttrString(r, "ndim") : NULL);
        show("2-D raw().obj is bytes", r ? PyBool_FromLong(PyMemoryView_GET_BUFFER(r)->obj == bb) : NULL);
        PyObject *mm = p ? PyMemoryView_FromObject(p) : NULL;
        show("2-D memoryview(pb).shape", mm ? PyObject_GetAttrString(mm, "shape") : NULL);
        Py_XDECREF(mm);
        Py_XDECREF(r);
        Py_XDECREF(p);
        Py_XDECREF(m2);
        Py_XDECREF(m1);
        Py_DECREF(bb);
        Py_XDECREF(a);
    }

    /* getargs: buffers needing release are refused where the caller keeps
       no Py_buffer. */
    {
        PyObject *p = PyPickleBuffer_FromObject(b);
        PyObject *args = PyTuple_Pack(1, p);
        const char *s = NULL;
        Py_ssize_t n = 0;
        Py_buffer v;
        show("PyArg_ParseTuple y#", parsed(PyArg_ParseTuple(args, "y#:f", &s, &n)));
        show("PyArg_ParseTuple s#", parsed(PyArg_ParseTuple(args, "s#:f", &s, &n)));
        int ok = PyArg_ParseTuple(args, "y*:f", &v);
        show("PyArg_ParseTuple y*", parsed(ok));
        if (ok) {
            show("y* view len", PyLong_FromSsize_t(v.len));
            PyBuffer_Release(&v);
        }
        show("bytes(pb)", PyBytes_FromObject(p));
        show("bytearray(pb)", PyByteArray_FromObject(p));
        Py_DECREF(args);
        Py_DECREF(p);
    }
    show("bytes refcount back to 1 at the end", PyBool_FromLong(Py_REFCNT(b) == 1));
    Py_DECREF(b);

    Py_Finalize();
    return 0;
}
