/* Differential cases for the bytes and bytearray methods that treat only
 * ASCII letters as cased or reshape a copy: lower, upper, capitalize,
 * swapcase, title, the is* predicates, center/ljust/rjust/zfill,
 * expandtabs, replace, removeprefix/removesuffix, translate (with
 * `delete`) and the static maketrans, on both types and a bytes subclass,
 * each with its argument errors (Argument Clinic's messages) and sizes
 * chosen to exhaust memory, which must raise as CPython does.
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *subtype; /* class B(bytes): pass */

/* A receiver of kind k (0 bytes, 1 bytearray, 2 the bytes subclass). */
static PyObject *make(int k, const char *data, Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(data, n);
    if (k == 0 || b == NULL)
        return b;
    PyObject *r = PyObject_CallOneArg(k == 1 ? (PyObject *)&PyByteArray_Type : subtype, b);
    Py_DECREF(b);
    return r;
}

static const char *const kinds[] = {"bytes", "bytearray", "B"};

static void call(int k, const char *data, Py_ssize_t n, const char *name, const char *fmt, ...)
{
    PyObject *self = make(k, data, n);
    PyObject *r = NULL;
    PyObject *meth = self ? PyObject_GetAttrString(self, name) : NULL;
    if (meth != NULL) {
        va_list va;
        va_start(va, fmt);
        PyObject *args = fmt ? Py_VaBuildValue(fmt, va) : PyTuple_New(0);
        va_end(va);
        r = args ? PyObject_Call(meth, args, NULL) : NULL;
        Py_XDECREF(args);
        Py_DECREF(meth);
    }
    char what[160];
    snprintf(what, sizeof what, "%s(%.20s...).%s%s%s", kinds[k], n > 0 ? "" : "empty", name,
             fmt ? "(...)" : "()", r == self && r != NULL ? " [self]" : "");
    show(what, r);
    Py_XDECREF(self);
}

#define CALL(k, lit, ...) call(k, lit, (Py_ssize_t)sizeof(lit) - 1, __VA_ARGS__)

static const char *const texts[] = {"", "hello world", "Hello World", "HELLO", "hELLO wORLD 42",
                                    "they're bill's", "\xc3\xa9t\xc3\xa9", "a\x80Z\xff", "  \t\n\x0b\x0c\r",
                                    "\x1c\x1d", "abc123", "123", "Ab Cd", "aB"};
static const char *const methods[] = {"lower", "upper", "capitalize", "swapcase", "title", "isalnum",
                                      "isalpha", "isascii", "isdigit", "islower", "isspace", "istitle",
                                      "isupper"};

int main(void)
{
    Py_Initialize();
    static PyType_Slot no_slots[] = {{0, NULL}};
    static PyType_Spec spec = {"B", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, no_slots};
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyBytes_Type);
    subtype = PyType_FromSpecWithBases(&spec, bases);
    Py_DECREF(bases);
    if (subtype == NULL) {
        show("class B(bytes)", NULL);
        return 1;
    }
    int nkinds = 3;

    for (int k = 0; k < nkinds; k++) {
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
            for (size_t m = 0; m < sizeof methods / sizeof *methods; m++)
                call(k, texts[t], (Py_ssize_t)strlen(texts[t]), methods[m], NULL);

        const char *samples[] = {"", "abc", "-42", "+7", "x\ty"};
        Py_ssize_t widths[] = {-5, 0, 2, 3, 4, 7};
        for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
            Py_ssize_t n = (Py_ssize_t)strlen(samples[i]);
            for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
                call(k, samples[i], n, "center", "(n)", widths[w]);
                call(k, samples[i], n, "center", "(ny#)", widths[w], "*", (Py_ssize_t)1);
                call(k, samples[i], n, "ljust", "(nN)", widths[w], PyByteArray_FromStringAndSize("-", 1));
                call(k, samples[i], n, "rjust", "(ny#)", widths[w], "\xff", (Py_ssize_t)1);
                call(k, samples[i], n, "zfill", "(n)", widths[w]);
            }
            int tabs[] = {-1, 0, 1, 3, 8};
            for (size_t j = 0; j < sizeof tabs / sizeof *tabs; j++)
                call(k, samples[i], n, "expandtabs", "(i)", tabs[j]);
        }
        CALL(k, "a\tbc\td\r\tx\n\t", "expandtabs", NULL);
        CALL(k, "abc", "center", NULL);
        CALL(k, "abc", "center", "(ns)", (Py_ssize_t)5, "*");
        CALL(k, "abc", "center", "(ny#)", (Py_ssize_t)5, "**", (Py_ssize_t)2);
        CALL(k, "abc", "ljust", "(ni)", (Py_ssize_t)5, 42);
        CALL(k, "abc", "zfill", "(d)", 5.0);
        CALL(k, "abc", "expandtabs", "(s)", "8");
        CALL(k, "a\tb", "expandtabs", "(L)", (long long)1 << 40);
        CALL(k, "ab", "center", "(n)", (Py_ssize_t)1 << 60);
        CALL(k, "ab", "ljust", "(n)", PY_SSIZE_T_MAX);
        CALL(k, "ab", "zfill", "(n)", (Py_ssize_t)1 << 60);

        /* replace */
        CALL(k, "abcabcabc", "replace", "(y#y#)", "bc", (Py_ssize_t)2, "X", (Py_ssize_t)1);
        CALL(k, "abcabcabc", "replace", "(y#y#n)", "bc", (Py_ssize_t)2, "XYZ", (Py_ssize_t)3, (Py_ssize_t)2);
        CALL(k, "abc", "replace", "(y#y#)", "", (Py_ssize_t)0, ".", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(y#y#n)", "", (Py_ssize_t)0, ".", (Py_ssize_t)1, (Py_ssize_t)2);
        CALL(k, "", "replace", "(y#y#)", "", (Py_ssize_t)0, "x", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(y#y#)", "", (Py_ssize_t)0, "", (Py_ssize_t)0);
        CALL(k, "abc", "replace", "(y#y#)", "zz", (Py_ssize_t)2, "q", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(y#y#n)", "a", (Py_ssize_t)1, "q", (Py_ssize_t)1, (Py_ssize_t)0);
        CALL(k, "abc", "replace", "(y#y#)", "abcd", (Py_ssize_t)4, "q", (Py_ssize_t)1);
        CALL(k, "aaaa", "replace", "(y#y#)", "aa", (Py_ssize_t)2, "b", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(sy#)", "a", "q", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(y#)", "a", (Py_ssize_t)1);
        CALL(k, "abc", "replace", "(NN)", PyByteArray_FromStringAndSize("b", 1),
             PyMemoryView_FromObject(PyBytes_FromString("BB")));

        /* removeprefix / removesuffix */
        CALL(k, "abcdef", "removeprefix", "(y#)", "abc", (Py_ssize_t)3);
        CALL(k, "abcdef", "removeprefix", "(y#)", "", (Py_ssize_t)0);
        CALL(k, "abcdef", "removeprefix", "(y#)", "x", (Py_ssize_t)1);
        CALL(k, "abcdef", "removesuffix", "(y#)", "def", (Py_ssize_t)3);
        CALL(k, "abcdef", "removesuffix", "(y#)", "abcdefg", (Py_ssize_t)7);
        CALL(k, "abcdef", "removesuffix", "(s)", "def");
        CALL(k, "abcdef", "removesuffix", "(i)", 1);

        /* translate */
        char table[256];
        for (int i = 0; i < 256; i++)
            table[i] = (char)(i ^ 0x20);
        CALL(k, "Hello, World", "translate", "(y#)", table, (Py_ssize_t)256);
        CALL(k, "Hello, World", "translate", "(O)", Py_None);
        CALL(k, "Hello, World", "translate", "(Oy#)", Py_None, "lo", (Py_ssize_t)2);
        CALL(k, "Hello, World", "translate", "(y#y#)", table, (Py_ssize_t)256, "lo", (Py_ssize_t)2);
        CALL(k, "Hello, World", "translate", "(y#)", table, (Py_ssize_t)255);
        CALL(k, "Hello, World", "translate", "(s)", "x");
        CALL(k, "Hello, World", "translate", "(Oi)", Py_None, 3);
        CALL(k, "Hello, World", "translate", "(y#s)", table, (Py_ssize_t)10, "x");
        CALL(k, "Hello, World", "translate", NULL);
        {
            PyObject *self = make(k, "Hello", 5);
            PyObject *meth = PyObject_GetAttrString(self, "translate");
            PyObject *args = Py_BuildValue("(O)", Py_None);
            PyObject *kw = Py_BuildValue("{s:y}", "delete", "l");
            show("translate(None, delete=b'l')", PyObject_Call(meth, args, kw));
            Py_DECREF(kw);
            kw = Py_BuildValue("{s:O}", "table", Py_None);
            show("translate(table=None)", PyObject_Call(meth, PyTuple_New(0), kw));
            Py_DECREF(kw);
            Py_DECREF(args);
            Py_DECREF(meth);
            Py_DECREF(self);
        }
        /* maketrans, on the type and on an instance */
        PyObject *type = k == 1 ? (PyObject *)&PyByteArray_Type : (PyObject *)&PyBytes_Type;
        show("maketrans(b'abc', b'xyz')", PyObject_CallMethod(type, "maketrans", "y#y#", "abc", (Py_ssize_t)3, "xyz", (Py_ssize_t)3));
        show("maketrans(b'ab', b'x')", PyObject_CallMethod(type, "maketrans", "y#y#", "ab", (Py_ssize_t)2, "x", (Py_ssize_t)1));
        show("maketrans('a', b'x')", PyObject_CallMethod(type, "maketrans", "sy#", "a", "x", (Py_ssize_t)1));
        show("maketrans(b'a')", PyObject_CallMethod(type, "maketrans", "(y#)", "a", (Py_ssize_t)1));
        PyObject *inst = make(k, "q", 1);
        show("inst.maketrans(b'', b'')", PyObject_CallMethod(inst, "maketrans", "y#y#", "", (Py_ssize_t)0, "", (Py_ssize_t)0));
        Py_DECREF(inst);
    }
    return 0;
}
