/* Differential cases for the API the hash and checksum corpus members
 * (scripts/corpus.py: siphashc, libscrc, pyfarmhash, bitstruct,
 * markupsafe) added: the IEEE 754 packers PyFloat_Pack2/4/8 and
 * PyFloat_Unpack2/4/8 (Objects/floatobject.c) that bitstruct's 'f' fields
 * use, and repr(float) at the values they produce (powers of two, whose
 * shortest round-trip string is not always the nearest one of its length:
 * Objects/floatobject.c over Python/dtoa.c's mode 0).
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

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int case_no;

static void begin(const char *fmt, ...)
{
    va_list va;
    printf("%d\t", ++case_no);
    va_start(va, fmt);
    vprintf(fmt, va);
    va_end(va);
    printf("\t");
}

/* Prints the pending exception as "Type: message" and clears it. */
static void put_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    printf("%s: ", type ? ((PyTypeObject *)type)->tp_name : "(no exception set)");
    PyObject *s = value ? PyObject_Str(value) : NULL;
    printf("%s", s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static void end(void)
{
    if (PyErr_Occurred()) {
        printf(" | exception left set: ");
        put_exception();
    }
    printf("\n");
    fflush(stdout);
}

/* A double as its exact bits, so that signed zeros and NaN signs show. */
static void put_double(double x)
{
    unsigned long long bits;
    memcpy(&bits, &x, sizeof bits);
    printf("%.17g [%016llx]", x, bits);
}

/* ------------------------------------------------------------------ */
/*                 PyFloat_Pack2/4/8 and PyFloat_Unpack2/4/8          */
/* ------------------------------------------------------------------ */

static void pack_case(int size, double x, const char *label, int le)
{
    unsigned char buf[10];
    memset(buf, 0xa5, sizeof buf);
    begin("PyFloat_Pack%d(%s, le=%d)", size, label, le);
    int rc = size == 2 ? PyFloat_Pack2(x, (char *)buf + 1, le)
             : size == 4 ? PyFloat_Pack4(x, (char *)buf + 1, le)
                         : PyFloat_Pack8(x, (char *)buf + 1, le);
    printf("%d", rc);
    if (rc < 0) {
        printf(" ");
        put_exception();
    }
    printf(" bytes");
    for (int i = 0; i < size + 2; i++)
        printf(" %02x", buf[i]);
    if (rc == 0) {
        double back = size == 2 ? PyFloat_Unpack2((char *)buf + 1, le)
                      : size == 4 ? PyFloat_Unpack4((char *)buf + 1, le)
                                  : PyFloat_Unpack8((char *)buf + 1, le);
        printf(" -> ");
        put_double(back);
    }
    end();
}

static void unpack_case(int size, const char *bytes, int le)
{
    begin("PyFloat_Unpack%d(%s, le=%d)", size, bytes, le);
    unsigned char buf[8];
    for (int i = 0; i < size; i++) {
        unsigned v;
        sscanf(bytes + 3 * i, "%2x", &v);
        buf[i] = (unsigned char)v;
    }
    double x = size == 2 ? PyFloat_Unpack2((char *)buf, le)
               : size == 4 ? PyFloat_Unpack4((char *)buf, le)
                           : PyFloat_Unpack8((char *)buf, le);
    put_double(x);
    if (x == -1.0 && PyErr_Occurred())
        printf(" (error)");
    end();
}

static void float_pack_cases(void)
{
    static const struct {
        double x;
        const char *label;
    } values[] = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1.0, "1.0"},
        {-2.5, "-2.5"},
        {0.1, "0.1"},
        {1.0 / 3.0, "1/3"},
        {65504.0, "65504.0"},
        {65519.99, "65519.99"},
        {65520.0, "65520.0"},
        {1e10, "1e10"},
        {3.4028234663852886e38, "FLT_MAX"},
        {3.4028235677973366e38, "FLT_MAX rounding up"},
        {3.5e38, "3.5e38"},
        {DBL_MAX, "DBL_MAX"},
        {6.103515625e-05, "2**-14"},
        {5.960464477539063e-08, "2**-24"},
        {2.9802322387695312e-08, "2**-25"},
        {2.9802322387695315e-08, "2**-25 + ulp"},
        {4.470348358154297e-08, "1.5 * 2**-25"},
        {1.401298464324817e-45, "2**-149"},
        {1e-50, "1e-50"},
        {5e-324, "DBL_TRUE_MIN"},
        {-5e-324, "-DBL_TRUE_MIN"},
        {0.00006097555160522461, "half subnormal max"},
        {1.00048828125, "1 + 2**-11 (tie to even)"},
        {1.00146484375, "1 + 3 * 2**-11 (tie to even, up)"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        for (int size = 2; size <= 8; size *= 2)
            for (int le = 0; le <= 1; le++)
                pack_case(size, values[i].x, values[i].label, le);
    for (int size = 2; size <= 8; size *= 2) {
        pack_case(size, HUGE_VAL, "inf", 1);
        pack_case(size, -HUGE_VAL, "-inf", 0);
        pack_case(size, fabs(NAN), "nan", 1);
        pack_case(size, -fabs(NAN), "-nan", 0);
    }
    pack_case(4, 1.0, "1.0", 7);
    unpack_case(2, "7c 00", 0);
    unpack_case(2, "00 fc", 1);
    unpack_case(2, "7e 00", 0);
    unpack_case(2, "fd 01", 0);
    unpack_case(2, "01 00", 1);
    unpack_case(2, "03 ff", 0);
    unpack_case(2, "7b ff", 0);
    unpack_case(4, "7f 80 00 00", 0);
    unpack_case(4, "00 00 c0 ff", 1);
    unpack_case(4, "00 00 00 01", 0);
    unpack_case(4, "3e aa aa ab", 0);
    unpack_case(8, "7f f0 00 00 00 00 00 00", 0);
    unpack_case(8, "01 00 00 00 00 00 00 00", 1);
    unpack_case(8, "3f b9 99 99 99 99 99 9a", 0);
    unpack_case(8, "3f b9 99 99 99 99 99 9a", 2);
}

/* ------------------------------------------------------------------ */
/*                      repr(float)                                   */
/* ------------------------------------------------------------------ */

/* The double whose bits are `bits` (no libm needed). */
static double double_of(unsigned long long bits)
{
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static void repr_case(double x)
{
    begin("repr(%a)", x);
    PyObject *f = PyFloat_FromDouble(x);
    PyObject *r = f ? PyObject_Repr(f) : NULL;
    printf("%s", r ? PyUnicode_AsUTF8(r) : "(failed)");
    Py_XDECREF(r);
    Py_XDECREF(f);
    end();
}

static void float_repr_cases(void)
{
    /* Every power of two, and its neighbours, from the smallest subnormal
       to the largest: the gap below a power of two is half the one above. */
    for (int e = -1074; e <= 1023; e++) {
        unsigned long long bits = e < -1022 ? 1ULL << (e + 1074) : (unsigned long long)(e + 1023) << 52;
        repr_case(double_of(bits));
        if (e % 16 == 0) {
            repr_case(double_of(bits - 1));
            repr_case(double_of(bits + 1));
            repr_case(double_of(bits | 1ULL << 63));
        }
    }
    /* Every binary16 value that is finite and positive, widened. */
    for (unsigned bits = 1; bits < 0x7c00; bits += 37) {
        char half[2] = {(char)(bits >> 8), (char)bits};
        repr_case(PyFloat_Unpack2(half, 0));
    }
    static const double others[] = {0.1, 0.2, 0.30000000000000004, 1e16, 1e17, 123456789012345678.0, 1e-5,
                                    0.0001, 1e22, 1e23, 5e-324, DBL_MAX, 9007199254740993.0, 2.5, 1.5e300};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        repr_case(others[i]);
}

int main(void)
{
    Py_Initialize();
    float_pack_cases();
    float_repr_cases();
    return 0;
}
