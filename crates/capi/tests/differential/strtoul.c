/* Differential cases for PyOS_strtoul and PyOS_strtol (Python/
 * mystrtoul.c): white space, signs, base 0's 0x/0o/0b prefixes and its
 * bare leading zero, explicit bases with and without their prefix, a
 * prefix with no digit after it, bad bases, letters as digits, and
 * overflow (errno ERANGE and the clamped value). Each case shows the
 * value, how many bytes were read and errno (cleared before the call).
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

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int case_no;

static const char *errno_name(int e)
{
    return e == 0 ? "0" : e == ERANGE ? "ERANGE" : e == EINVAL ? "EINVAL" : "other";
}

static void one(const char *s, int base)
{
    char *end = (char *)1;
    errno = 0;
    unsigned long u = PyOS_strtoul(s, &end, base);
    int eu = errno;
    printf("%d\tstrtoul(\"%s\", %d)\t-> %lu read=%d errno=%s\n", ++case_no, s, base, u, (int)(end - s),
           errno_name(eu));
    end = (char *)1;
    errno = 0;
    long l = PyOS_strtol(s, &end, base);
    int el = errno;
    printf("%d\tstrtol(\"%s\", %d)\t-> %ld read=%d errno=%s\n", ++case_no, s, base, l, (int)(end - s),
           errno_name(el));
}

int main(void)
{
    Py_Initialize();
    static const char *const texts[] = {
        "0", "1", "42", "  42", "\t\n\v\f\r 7x", "+5", "-5", " - 5", "-", "+", "", "   ", "abc", "12abc",
        "0x1f", "0X1F", "0x", "0xg", "0o17", "0O8", "0o", "0b101", "0B2", "0b", "0123", "00", "0  ", "0_1",
        "007", "0x0", "-0x10", "+0b11", "z", "Zz", "1_000",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999 tail", "-18446744073709551616",
        "0xffffffffffffffff", "0x10000000000000000", "0x7fffffffffffffff", "0x8000000000000000",
        "-0x8000000000000000", "0b1111111111111111111111111111111111111111111111111111111111111111",
        "0b11111111111111111111111111111111111111111111111111111111111111111", "000000000000000000000000000001",
        "3w5e11264sgsf", "3w5e11264sgsg", "zzzzzzzzzzzzz",
    };
    static const int bases[] = {0, 10, 16, 8, 2, 36, 1, 37, -1, 7};
    for (size_t b = 0; b < sizeof bases / sizeof *bases; b++)
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            one(texts[i], bases[b]);

    /* A NULL end pointer is allowed. */
    errno = 0;
    printf("%d\tstrtoul(\"0x10\", NULL, 0)\t-> %lu errno=%s\n", ++case_no, PyOS_strtoul("0x10", NULL, 0),
           errno_name(errno));
    errno = 0;
    printf("%d\tstrtol(\"-99999999999999999999\", NULL, 10)\t-> %ld errno=%s\n", ++case_no,
           PyOS_strtol("-99999999999999999999", NULL, 10), errno_name(errno));
    /* errno is left alone when nothing overflows. */
    errno = EINVAL;
    printf("%d\tstrtol(\"12\", NULL, 10) with errno EINVAL\t-> %ld errno=%s\n", ++case_no,
           PyOS_strtol("12", NULL, 10), errno_name(errno));
    return 0;
}
