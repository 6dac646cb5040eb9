/* Differential cases for cell objects (PyCell_Type, cellobject.h), which
 * Cython keeps closure variables in:
 *
 * - PyCell_New with an object and with NULL (empty); PyCell_Get (a new
 *   reference, NULL without an error when empty) and PyCell_Set (NULL
 *   empties), SystemError for anything but a cell; the PyCell_GET and
 *   PyCell_SET macros on the layout;
 * - cell_contents: read ("Cell is empty"), written, deleted;
 * - cell() from C: empty, with contents, too many arguments, keywords;
 * - comparisons (empty cells first, full ones by contents), unhashable,
 *   not subclassable; repr with the addresses masked;
 * - reference counts: what a cell holds, what it gives back, and its
 *   release when it goes.
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

#include "refcase.h"

static PyObject *cell_call(PyObject *args, PyObject *kwargs)
{
    PyObject *r = PyObject_Call((PyObject *)&PyCell_Type, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *compare(PyObject *a, PyObject *b, int op)
{
    PyObject *r = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *value = PyUnicode_FromString("contents");
    PyObject *other = PyLong_FromLong(12345678);

    /* PyCell_New / PyCell_Get */
    begin("PyCell_New(NULL)");
    PyObject *empty = PyCell_New(NULL);
    put_repr(empty);
    put(" check=%d exact=%d", PyCell_Check(empty), Py_IS_TYPE(empty, &PyCell_Type));
    end();

    begin("PyCell_Get(empty cell)");
    PyObject *got = PyCell_Get(empty);
    put("%s error=%s", got == NULL ? "NULL" : "object", PyErr_Occurred() ? "set" : "none");
    end();

    begin("PyCell_New(str) holds a reference");
    watch(value);
    PyObject *cell = PyCell_New(value);
    put_repr(cell);
    end();

    begin("PyCell_Get(cell) is the contents, a new reference");
    watch(value);
    got = PyCell_Get(cell);
    put("same=%d", got == value);
    end();
    Py_XDECREF(got);

    begin("PyCell_GET(cell) borrows");
    watch(value);
    put("same=%d", PyCell_GET(cell) == value);
    end();

    begin("PyCell_Get(str)");
    obj_result(PyCell_Get(value));
    end();

    /* PyCell_Set */
    begin("PyCell_Set(cell, int) releases the old contents");
    watch(value);
    watch(other);
    int_result(PyCell_Set(cell, other));
    put(" now ");
    put_repr(PyCell_GET(cell));
    end();

    begin("PyCell_Set(cell, NULL) empties it");
    watch(other);
    int_result(PyCell_Set(cell, NULL));
    put(" now %s", PyCell_GET(cell) == NULL ? "empty" : "full");
    end();

    begin("PyCell_Set(empty cell, NULL)");
    int_result(PyCell_Set(cell, NULL));
    end();

    begin("PyCell_Set(str, int)");
    int_result(PyCell_Set(value, other));
    end();

    begin("PyCell_SET(cell, str) stores without counting");
    watch(value);
    Py_INCREF(value);
    PyCell_SET(cell, value);
    put("contents ");
    put_repr(PyCell_GET(cell));
    end();

    /* cell_contents */
    begin("cell.cell_contents");
    obj_result(PyObject_GetAttrString(cell, "cell_contents"));
    end();
    begin("empty.cell_contents");
    obj_result(PyObject_GetAttrString(empty, "cell_contents"));
    end();
    begin("cell.cell_contents = 12345678");
    watch(value);
    watch(other);
    int_result(PyObject_SetAttrString(cell, "cell_contents", other));
    put(" now ");
    put_repr(PyCell_GET(cell));
    end();
    begin("del cell.cell_contents");
    watch(other);
    int_result(PyObject_DelAttrString(cell, "cell_contents"));
    put(" now %s", PyCell_GET(cell) == NULL ? "empty" : "full");
    end();
    begin("del empty.cell_contents");
    int_result(PyObject_DelAttrString(cell, "cell_contents"));
    end();
    begin("hasattr(empty, 'cell_contents')");
    put("%d", PyObject_HasAttrString(empty, "cell_contents"));
    end();
    begin("cell.other");
    obj_result(PyObject_GetAttrString(cell, "other"));
    end();
    begin("cell.other = 1");
    int_result(PyObject_SetAttrString(cell, "other", other));
    end();

    /* cell() */
    CASE_OBJ("cell()", cell_call(PyTuple_New(0), NULL));
    begin("cell('contents') holds a reference");
    watch(value);
    got = cell_call(Py_BuildValue("(O)", value), NULL);
    put_repr(got);
    end();
    begin("releasing that cell releases its contents");
    watch(value);
    Py_XDECREF(got);
    end();
    CASE_OBJ("cell(1, 2)", cell_call(Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("cell(contents=1)", cell_call(PyTuple_New(0), Py_BuildValue("{s:i}", "contents", 1)));
    CASE_OBJ("cell(1).cell_contents",
             PyObject_GetAttrString(cell_call(Py_BuildValue("(i)", 1), NULL), "cell_contents"));

    /* comparisons */
    CASE_OBJ("cell() == cell()", compare(PyCell_New(NULL), PyCell_New(NULL), Py_EQ));
    CASE_OBJ("cell() < cell(1)", compare(PyCell_New(NULL), PyCell_New(other), Py_LT));
    CASE_OBJ("cell(1) < cell()", compare(PyCell_New(other), PyCell_New(NULL), Py_LT));
    CASE_OBJ("cell(1) >= cell()", compare(PyCell_New(other), PyCell_New(NULL), Py_GE));
    CASE_OBJ("cell() != cell(1)", compare(PyCell_New(NULL), PyCell_New(other), Py_NE));
    CASE_OBJ("cell(1) == cell(1)", compare(PyCell_New(other), PyCell_New(other), Py_EQ));
    CASE_OBJ("cell('a') < cell('b')",
             compare(PyCell_New(value), PyCell_New(PyUnicode_FromString("zzz")), Py_LT));
    CASE_OBJ("cell(1) < cell('a')", compare(PyCell_New(other), PyCell_New(value), Py_LT));
    CASE_OBJ("cell(1) == 1", compare(PyCell_New(other), Py_NewRef(other), Py_EQ));
    CASE_OBJ("cell(1) < 1", compare(PyCell_New(other), Py_NewRef(other), Py_LT));
    begin("hash(cell)");
    put("%zd", (Py_ssize_t)PyObject_Hash(cell));
    end();

    /* the type */
    CASE_OBJ("type(cell).__name__", PyObject_GetAttrString((PyObject *)&PyCell_Type, "__name__"));
    CASE_OBJ("type(cell).__doc__", PyObject_GetAttrString((PyObject *)&PyCell_Type, "__doc__"));
    CASE_OBJ("class X(cell)", PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "X", (PyObject *)&PyCell_Type));
    PyObject *longcls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){}",
        "T123456789_123456789_123456789_123456789_123456789_123456789_123456789_123456789_123456789");
    PyObject *inst = PyObject_CallNoArgs(longcls);
    begin("repr(cell(instance of a class with a 90-character name))");
    got = PyCell_New(inst);
    put_repr(got);
    end();
    Py_XDECREF(got);
    Py_XDECREF(inst);
    Py_XDECREF(longcls);
    begin("PyObject_GC_IsTracked(cell)");
    put("%d", PyObject_GC_IsTracked(cell));
    end();

    begin("releasing a full cell releases its contents");
    Py_INCREF(value);
    PyCell_SET(cell, value);
    watch(value);
    Py_DECREF(cell);
    end();
    Py_DECREF(empty);
    Py_DECREF(value);
    Py_DECREF(other);
    return 0;
}
