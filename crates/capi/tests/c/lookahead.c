/* C that reads a little past the NUL ending a bytes or str, as real
   extensions do: jellyfish 0.9's metaphone looks at s[i + 2] while s[i + 1]
   is the NUL. Under CPython those reads land in the rest of a pymalloc
   block and its pool; here they must stay inside the object too, and read
   zeros. The plain run checks the values; the ASan and valgrind runs of
   this file (scripts/c-tests.sh) report any of these reads that leaves its
   allocation, for every length from 0 to 64 (so every rounding of the
   allocation size), after _PyBytes_Resize both ways, for each str kind and
   for a str's UTF-8 form. */
#include <Python.h>
#include <string.h>
#include "check.h"

/* The 8 bytes after the NUL at p[n] are all zero (and p[n] is the NUL). */
static int zeros_after(const char *p, Py_ssize_t n) {
    int ok = p[n] == 0;
    for (int i = 1; i <= 8; i++) ok &= p[n + i] == 0;
    return ok;
}

int main(void) {
    char text[80];
    for (int i = 0; i < 80; i++) text[i] = (char)('a' + i % 26);

    int all = 1;
    for (Py_ssize_t n = 0; n <= 64; n++) {
        PyObject *b = PyBytes_FromStringAndSize(text, n);
        all &= b != NULL && zeros_after(PyBytes_AS_STRING(b), n);
        Py_XDECREF(b);
        b = PyBytes_FromStringAndSize(NULL, n); /* filled by the caller */
        all &= b != NULL && zeros_after(PyBytes_AS_STRING(b), n);
        Py_XDECREF(b);
    }
    CHECK(all, "bytes of 0..64 bytes: 8 zero bytes follow the NUL");

    all = 1;
    for (Py_ssize_t n = 1; n <= 64; n++) {
        PyObject *b = PyBytes_FromStringAndSize(text, 40);
        all &= b != NULL && _PyBytes_Resize(&b, n) == 0 && zeros_after(PyBytes_AS_STRING(b), n);
        all &= memcmp(PyBytes_AS_STRING(b), text, n < 40 ? n : 40) == 0;
        Py_XDECREF(b);
    }
    CHECK(all, "_PyBytes_Resize, shrinking and growing: 8 zero bytes follow the NUL");

    all = 1;
    for (Py_ssize_t n = 0; n <= 64; n++) {
        PyObject *s = PyUnicode_FromStringAndSize(text, n);
        Py_ssize_t size = -1;
        const char *u = s ? PyUnicode_AsUTF8AndSize(s, &size) : NULL;
        all &= u != NULL && size == n && zeros_after(u, n);
        all &= s != NULL && zeros_after((const char *)PyUnicode_DATA(s), n);
        Py_XDECREF(s);
    }
    CHECK(all, "ASCII str of 0..64 characters: the data and UTF-8 are followed by zeros");

    all = 1;
    for (Py_ssize_t n = 1; n <= 32; n++) {
        /* 'é' (2 UTF-8 bytes, kind 1), '€' (kind 2), an emoji (kind 4). */
        static const Py_UCS4 chars[3] = {0xe9, 0x20ac, 0x1f600};
        for (int c = 0; c < 3; c++) {
            PyObject *s = PyUnicode_New(n, chars[c]);
            if (s == NULL) { all = 0; continue; }
            for (Py_ssize_t i = 0; i < n; i++) PyUnicode_WriteChar(s, i, chars[c]);
            Py_ssize_t size = -1;
            const char *u = PyUnicode_AsUTF8AndSize(s, &size);
            all &= u != NULL && zeros_after(u, size);
            int kind = PyUnicode_KIND(s);
            /* The last character's NUL, then kind-sized zero characters. */
            const char *data = (const char *)PyUnicode_DATA(s);
            all &= zeros_after(data + (n - 1) * kind, kind);
            Py_DECREF(s);
        }
    }
    CHECK(all, "non-ASCII str of each kind: its data and UTF-8 form are followed by zeros");
    return CHECK_DONE();
}
