/* crc16 0.1.1's `_crc16` (a zip sdist from 2010): one METH_VARARGS
 * function parsed with PyArg_ParseTuple("y#|I:crc16xmodem") in a file that
 * does not define PY_SSIZE_T_CLEAN. Since 3.10 CPython refuses '#' formats
 * without it, so on 3.11 every call that reaches the buffer raises
 * SystemError: the extension is broken there, and pybuffer must fail it
 * the same way (the format's other errors still come first).
 *
 * Vectors: python3x/crc16/test.py (doBasics, test_big_chunks): each call
 * must raise CPython 3.11's SystemError; argument errors are recorded.
 */
#include "corpus.h"

static const char SSIZE_T_CLEAN[] = "PY_SSIZE_T_CLEAN macro must be defined for '#' formats";

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *crc = attr(module, "crc16xmodem");
    expect_error(call(crc, NULL, "(y)", "123456789"), PyExc_SystemError, SSIZE_T_CLEAN,
                 "crc16xmodem(b'123456789') (0x31c3 on Python < 3.10)");
    expect_error(call(crc, NULL, "(yi)", "6789", 0x3a4f), PyExc_SystemError, SSIZE_T_CLEAN,
                 "crc16xmodem(b'6789', crc)");
    expect_error(call(crc, NULL, "(y)", ""), PyExc_SystemError, SSIZE_T_CLEAN, "crc16xmodem(b'')");
    PyObject *big = PyBytes_FromStringAndSize(NULL, 4096);
    memset(PyBytes_AS_STRING(big), 'A', 4096);
    expect_error(call(crc, NULL, "(O)", big), PyExc_SystemError, SSIZE_T_CLEAN, "crc16xmodem(b'A' * 4096)");
    Py_DECREF(big);
    record(call(crc, NULL, "()"), "crc16xmodem()");
    record(call(crc, NULL, "(s)", "text"), "crc16xmodem('text')");
    record(call(crc, NULL, "(yii)", "a", 1, 2), "crc16xmodem(b'a', 1, 2)");
    record(call(crc, NULL, "(i)", 5), "crc16xmodem(5)");
    record(call(crc, kw_dict("{s:i}", "crc", 1), "(y)", "a"), "crc16xmodem(b'a', crc=1)");
    Py_DECREF(crc);
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "_crc16.__doc__");
    Py_DECREF(doc);
}

CORPUS_MAIN("_crc16", run)
