/* MurmurHash3 x86_32 test vectors shared by the drivers of mmh3 5.x
 * (mmh3.c) and of mmh3 2.5.1 (mmh3_25.c), which hash the same keys
 * through two generations of the module's API. */
#ifndef PYBUFFER_CORPUS_MMH3_VECTORS_H
#define PYBUFFER_CORPUS_MMH3_VECTORS_H

#include <Python.h>

/* Ian Boyd's vectors: (key, length, seed, unsigned result). */
static const struct {
    const char *key;
    Py_ssize_t len;
    unsigned long seed, hash;
} BOYD[] = {
    {"", 0, 0, 0},
    {"", 0, 1, 0x514E28B7},
    {"", 0, 0xFFFFFFFF, 0x81F16F39},
    {"\x21\x43\x65\x87", 4, 0, 0xF55B516B},
    {"\x21\x43\x65\x87", 4, 0x5082EDEE, 0x2362F9DE},
    {"\x21\x43\x65", 3, 0, 0x7E4A8634},
    {"\x21\x43", 2, 0, 0xA0F7B07A},
    {"\x21", 1, 0, 0x72661CF4},
    {"\xff\xff\xff\xff", 4, 0, 0x76293B50},
    {"\0\0\0\0", 4, 0, 0x2362F9DE},
    {"\0\0\0", 3, 0, 0x85F0B427},
    {"\0\0", 2, 0, 0x30F4C306},
    {"\0", 1, 0, 0x514E28B7},
    {"aaaa", 4, 0x9747B28C, 0x5A97808A},
    {"aaa", 3, 0x9747B28C, 0x283E0130},
    {"aa", 2, 0x9747B28C, 0x5D211726},
    {"a", 1, 0x9747B28C, 0x7FA09EA6},
    {"abcd", 4, 0x9747B28C, 0xF0478627},
    {"abc", 3, 0x9747B28C, 0xC84A62DD},
    {"ab", 2, 0x9747B28C, 0x74875592},
    {"Hello, world!", 13, 0x9747B28C, 0x24884CBA},
    {"\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80", 16, 0x9747B28C, 0xD58063C1},
    {"abc", 3, 0, 0xB3DD93FA},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 0, 0xEE925B90},
    {"The quick brown fox jumps over the lazy dog", 43, 0x9747B28C, 0x2FA826CD},
};

static const char FOX[] = "The quick brown fox jumps over the lazy dog";
static const char FOO_X64_128[] = "aE\xf5\x01W\x86q\xe2\x87}\xba+\xe4\x87\xaf~";

#endif
