/* crcmod-plus 2.3.6 (the maintained fork of crcmod): the same `_crcfunext`
 * built for the limited API (setup.py's Py_LIMITED_API=0x030b0000 on
 * CPython 3.11+, as its abi3 wheels), so "O<B|H|I|K>s#" arguments go
 * through the stable ABI's buffer functions (PyObject_CheckBuffer and
 * PyObject_GetBuffer as functions, Py_buffer from the limited headers).
 * Its tests/test_crcmod.py has crcmod's known answers; only the message
 * for str data differs.
 */
#define CRCMOD_STR_REFUSED "Strings must be encoded before calculating a CRC"
#include "crcmod.c"
