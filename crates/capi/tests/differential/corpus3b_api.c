/* Differential cases for the API the hash and checksum corpus members
 * (scripts/corpus.py: siphashc, libscrc, pyfarmhash, bitstruct,
 * markupsafe) added: the IEEE 754 packers PyFloat_Pack2/4/8 and
 * PyFloat_Unpack2/4/8 (Objects/floatobject.c) that bitstruct's 'f' fields
 * use, and repr(float) at the values they produce (powers of two, whose
 * shortest round-trip string is not always the nearest one of its length:
 * Objects/floatobject.c over Python/dtoa.c's mode 0); PyOS_snprintf and
 * PyOS_vsnprintf (Python/mysnprintf.c); PyOS_double_to_string and
 * PyOS_string_to_double (Python/pystrtod.c) over every format code,
 * flag and a spread of precisions and inputs; Py_EnterRecursiveCall /
 * Py_LeaveRecursiveCall (Python/ceval.c, simplejson's guard) and
 * PyUnicode_AsUCS4 / PyUnicode_AsUCS4Copy (Objects/unicodeobject.c,
 * pyahocorasick's reader).
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
    const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
    /* CPython names its own source file and line in this one. */
    const char *internal = m ? strstr(m, ": bad argument to internal function") : NULL;
    printf("%s", internal ? internal + 2 : m ? m : "?");
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

/* ------------------------------------------------------------------ */
/*                   PyOS_snprintf / PyOS_vsnprintf                   */
/* ------------------------------------------------------------------ */

static int via_vsnprintf(char *buf, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(buf, size, format, va);
    va_end(va);
    return rc;
}

static void put_buffer(const char *buf, size_t n)
{
    printf(" buffer [");
    for (size_t i = 0; i < n; i++)
        printf(buf[i] >= 32 && buf[i] < 127 ? "%c" : "\\x%02x", (unsigned char)buf[i]);
    printf("]");
}

static void snprintf_cases(void)
{
    static const size_t sizes[] = {1, 2, 5, 11, 12, 13, 40};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char buf[48];
        memset(buf, '#', sizeof buf);
        begin("PyOS_snprintf(buf, %zu, \"%%s-%%05d-%%x\", \"abc\", 42, 255)", sizes[i]);
        printf("%d", PyOS_snprintf(buf, sizes[i], "%s-%05d-%x", "abc", 42, 255));
        put_buffer(buf, sizes[i] + 2);
        end();
        memset(buf, '#', sizeof buf);
        begin("PyOS_vsnprintf(buf, %zu, \"%%.3f|%%-6s|%%c\", 3.14159, \"ab\", 'z')", sizes[i]);
        printf("%d", via_vsnprintf(buf, sizes[i], "%.3f|%-6s|%c", 3.14159, "ab", 'z'));
        put_buffer(buf, sizes[i] + 2);
        end();
    }
    char buf[64];
    memset(buf, '#', sizeof buf);
    begin("PyOS_snprintf(buf, 64, \"%%zd %%lld %%%%\", -7, 1 << 40)");
    printf("%d", PyOS_snprintf(buf, sizeof buf, "%zd %lld %%", (Py_ssize_t)-7, 1LL << 40));
    put_buffer(buf, strlen(buf) + 2);
    end();
    memset(buf, '#', sizeof buf);
    begin("PyOS_snprintf(buf, 8, \"\")");
    printf("%d", PyOS_snprintf(buf, 8, "%s", ""));
    put_buffer(buf, 3);
    end();
}

/* ------------------------------------------------------------------ */
/*             PyOS_double_to_string / PyOS_string_to_double          */
/* ------------------------------------------------------------------ */

static void dts_case(double x, char code, int precision, int flags)
{
    begin("PyOS_double_to_string(%a, '%c', %d, %d)", x, code, precision, flags);
    int type = -1;
    char *s = PyOS_double_to_string(x, code, precision, flags, &type);
    if (s == NULL) {
        printf("NULL ");
        put_exception();
    } else {
        printf("%s type %d", s, type);
        PyMem_Free(s);
    }
    end();
}

static void double_to_string_cases(void)
{
    static const double values[] = {0.0, -0.0, 1.0, -1.5, 2.5, 0.125, 123456.789, 1e16, 1e17, 1e-5, 1e-4,
                                    9.995, 99.96, 0.0004, -0.0004, 0.5, 1e300, 5e-324, DBL_MAX, 1.0 / 3.0,
                                    1234.0, 5.960464477539063e-08, 0.1, 1e22, 123.456e-10};
    static const char codes[] = "eEfFgG";
    static const int precisions[] = {0, 1, 2, 3, 6, 17, 25};
    static const int flags[] = {0, Py_DTSF_SIGN, Py_DTSF_ADD_DOT_0, Py_DTSF_ALT, Py_DTSF_NO_NEG_0,
                                Py_DTSF_SIGN | Py_DTSF_ALT | Py_DTSF_NO_NEG_0};
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
            for (const char *c = codes; *c; c++)
                for (size_t p = 0; p < sizeof precisions / sizeof precisions[0]; p++)
                    dts_case(values[v], *c, precisions[p], flags[f]);
            dts_case(values[v], 'r', 0, flags[f]);
        }
        dts_case(values[v], 'f', -2, 0);
        dts_case(values[v], 'e', -3, 0);
        dts_case(values[v], 'g', -1, 0);
    }
    static const double specials[] = {HUGE_VAL, -HUGE_VAL, NAN, -NAN};
    for (size_t v = 0; v < 4; v++)
        for (const char *c = "eEfFgGr"; *c; c++) {
            dts_case(specials[v], *c, 0, 0);
            dts_case(specials[v], *c, 0, Py_DTSF_SIGN);
        }
    dts_case(1.0, 'r', 1, 0);
    dts_case(1.0, 'x', 0, 0);
    dts_case(1.0, 'd', 2, 0);
    begin("PyOS_double_to_string(1.5, 'g', 3, 0, NULL)");
    char *s = PyOS_double_to_string(1.5, 'g', 3, 0, NULL);
    printf("%s", s ? s : "NULL");
    PyMem_Free(s);
    end();
}

static void std_case(const char *text, int use_end, PyObject *overflow)
{
    begin("PyOS_string_to_double(\"%.40s\"%s, %s, %s)", text, strlen(text) > 40 ? "..." : "",
          use_end ? "&end" : "NULL", overflow ? "OverflowError" : "NULL");
    char *stop = (char *)"(unset)";
    double x = PyOS_string_to_double(text, use_end ? &stop : NULL, overflow);
    unsigned long long bits;
    memcpy(&bits, &x, sizeof bits);
    printf("%.17g [%016llx]", x, bits);
    if (use_end)
        printf(" end %s", stop == text ? "= start" : "");
    if (use_end && stop != text)
        printf("+%d", (int)(stop - text));
    if (PyErr_Occurred()) {
        printf(" ");
        put_exception();
    }
    end();
}

static void string_to_double_cases(void)
{
    static char longtext[400];
    memset(longtext, '7', sizeof longtext - 1);
    longtext[250] = 'x';
    static const char *const texts[] = {
        "1.5", "  1.5", "1.5  ", "-2.5e-3", "+7", "1e500", "-1e500", "1e-500", "inf", "-Infinity", "nan",
        "NaN", "+nan", "-nan", "infinit", "INFINITYx", "1_000", "0x10", "", ".", "1.", ".5", "-.5e-3", "1e",
        "1e+", "1e5x", "abc", "12abc", "0e99999999999", "1e99999999999", "1e-99999999999",
        "2.2250738585072011e-308", "9007199254740993", "0.1", "1.7976931348623159e308", "-", "+.e1",
        "00012", "1.5\xc3\xa9", longtext,
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        std_case(texts[i], 0, NULL);
        std_case(texts[i], 1, NULL);
        std_case(texts[i], 0, PyExc_OverflowError);
        std_case(texts[i], 1, PyExc_OverflowError);
    }
}

/* ------------------------------------------------------------------ */
/*          Py_EnterRecursiveCall and PyUnicode_AsUCS4(Copy)          */
/* ------------------------------------------------------------------ */

static void recursion_cases(void)
{
    begin("PY_LONG_LONG, PY_LLONG_MIN/MAX, PY_ULLONG_MAX");
    unsigned PY_LONG_LONG u = PY_ULLONG_MAX;
    PY_LONG_LONG lo = PY_LLONG_MIN, hi = PY_LLONG_MAX;
    printf("%zu %lld %lld %llu", sizeof(PY_LONG_LONG), lo, hi, u);
    end();
    begin("Py_GetRecursionLimit()");
    printf("%d", Py_GetRecursionLimit());
    end();
    begin("Py_EnterRecursiveCall(\" in comparison\") until it fails");
    int n = 0;
    while (n < 100000 && Py_EnterRecursiveCall(" in comparison") == 0)
        n++;
    printf("%d levels, then ", n);
    put_exception();
    end();
    begin("one more enter after the failure");
    printf("%d ", Py_EnterRecursiveCall(""));
    put_exception();
    end();
    begin("leave one level, then enter");
    Py_LeaveRecursiveCall();
    printf("%d", Py_EnterRecursiveCall(" while encoding a JSON object"));
    end();
    for (int i = 0; i < n; i++)
        Py_LeaveRecursiveCall();
    begin("after leaving every level, 10 nested enters");
    int ok = 0;
    for (int i = 0; i < 10; i++)
        ok += Py_EnterRecursiveCall("") == 0;
    for (int i = 0; i < 10; i++)
        Py_LeaveRecursiveCall();
    printf("%d succeeded", ok);
    end();
}

static void ucs4_case(const char *utf8)
{
    PyObject *s = PyUnicode_FromString(utf8);
    begin("PyUnicode_AsUCS4Copy(%s)", utf8);
    Py_UCS4 *u = PyUnicode_AsUCS4Copy(s);
    if (u == NULL) {
        put_exception();
    } else {
        Py_ssize_t n = PyUnicode_GetLength(s);
        for (Py_ssize_t i = 0; i <= n; i++)
            printf("%s%lx", i ? " " : "", (unsigned long)u[i]);
        PyMem_Free(u);
    }
    end();
    Py_UCS4 buf[8];
    static const struct {
        Py_ssize_t size;
        int copy_null;
    } shapes[] = {{8, 1}, {3, 1}, {3, 0}, {4, 1}, {0, 1}, {1, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (int j = 0; j < 8; j++)
            buf[j] = 0xAAAA;
        begin("PyUnicode_AsUCS4(%s, buf, %zd, %d)", utf8, shapes[i].size, shapes[i].copy_null);
        Py_UCS4 *r = PyUnicode_AsUCS4(s, buf, shapes[i].size, shapes[i].copy_null);
        printf("%s", r == buf ? "buf" : r == NULL ? "NULL" : "?");
        if (r == NULL) {
            printf(" ");
            put_exception();
        }
        printf(" |");
        for (int j = 0; j < 5; j++)
            printf(" %lx", (unsigned long)buf[j]);
        end();
    }
    Py_DECREF(s);
}

static void ucs4_cases(void)
{
    ucs4_case("");
    ucs4_case("abc");
    ucs4_case("caf\xc3\xa9");
    ucs4_case("\xe2\x82\xac\xe3\x81\x93");
    ucs4_case("a\xf0\x9f\x8d\xa3" "b");
    PyObject *s = PyUnicode_FromString("xyz");
    begin("PyUnicode_AsUCS4(s, NULL, 4, 1)");
    printf("%s ", PyUnicode_AsUCS4(s, NULL, 4, 1) == NULL ? "NULL" : "?");
    put_exception();
    end();
    Py_UCS4 buf[4];
    begin("PyUnicode_AsUCS4(s, buf, -1, 1)");
    printf("%s ", PyUnicode_AsUCS4(s, buf, -1, 1) == NULL ? "NULL" : "?");
    put_exception();
    end();
    Py_DECREF(s);
}

int main(void)
{
    Py_Initialize();
    float_pack_cases();
    float_repr_cases();
    snprintf_cases();
    double_to_string_cases();
    string_to_double_cases();
    recursion_cases();
    ucs4_cases();
    return 0;
}
