/* PyMem_GetAllocator / PyMem_SetAllocator as tracemalloc-style hooks use
 * them: a counting wrapper installed around the previous allocator of each
 * domain (RAW, MEM, OBJ) sees every PyMem_Raw*, PyMem_* and PyObject_* call
 * of its domain, object allocations included, forwards to the previous
 * allocator (so blocks from before the hook are freed by it), is not called
 * for requests CPython's size checks refuse, and is gone once the previous
 * allocator is put back. A replacing allocator (not a hook) gets its own
 * blocks back; RAW hooks are called from threads without the GIL. CPython
 * cannot run this comparison (its counts include the interpreter's own
 * allocations), so it is a plain test. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

/* ---- a counting hook ------------------------------------------------- */

typedef struct {
    PyMemAllocatorEx prev;
    atomic_long mallocs, callocs, reallocs, frees;
} Hook;

static void *hook_malloc(void *ctx, size_t size)
{
    Hook *h = ctx;
    atomic_fetch_add(&h->mallocs, 1);
    return h->prev.malloc(h->prev.ctx, size);
}

static void *hook_calloc(void *ctx, size_t nelem, size_t elsize)
{
    Hook *h = ctx;
    atomic_fetch_add(&h->callocs, 1);
    return h->prev.calloc(h->prev.ctx, nelem, elsize);
}

static void *hook_realloc(void *ctx, void *ptr, size_t size)
{
    Hook *h = ctx;
    atomic_fetch_add(&h->reallocs, 1);
    return h->prev.realloc(h->prev.ctx, ptr, size);
}

static void hook_free(void *ctx, void *ptr)
{
    Hook *h = ctx;
    atomic_fetch_add(&h->frees, 1);
    h->prev.free(h->prev.ctx, ptr);
}

static Hook hooks[3];

static void install(PyMemAllocatorDomain d)
{
    Hook *h = &hooks[d];
    PyMem_GetAllocator(d, &h->prev);
    PyMemAllocatorEx a = {h, hook_malloc, hook_calloc, hook_realloc, hook_free};
    PyMem_SetAllocator(d, &a);
}

static void uninstall(PyMemAllocatorDomain d)
{
    PyMem_SetAllocator(d, &hooks[d].prev);
}

static long total(PyMemAllocatorDomain d)
{
    Hook *h = &hooks[d];
    return atomic_load(&h->mallocs) + atomic_load(&h->callocs) + atomic_load(&h->reallocs) +
           atomic_load(&h->frees);
}

/* ---- a replacing allocator: blocks carry a tag it checks ------------- */

#define TAG 0x5eedf00du
static atomic_long own_live, foreign_frees;

typedef struct {
    uint32_t tag;
    size_t size;
    max_align_t align;
} Header;

static void *own_malloc(void *ctx, size_t size)
{
    (void)ctx;
    Header *h = malloc(sizeof(Header) + (size ? size : 1));
    if (h == NULL)
        return NULL;
    h->tag = TAG;
    h->size = size;
    atomic_fetch_add(&own_live, 1);
    return h + 1;
}

static void *own_calloc(void *ctx, size_t nelem, size_t elsize)
{
    void *p = own_malloc(ctx, nelem * elsize);
    if (p)
        memset(p, 0, nelem * elsize);
    return p;
}

static void own_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr == NULL)
        return;
    Header *h = (Header *)ptr - 1;
    if (h->tag != TAG) {
        atomic_fetch_add(&foreign_frees, 1);
        return;
    }
    h->tag = 0;
    atomic_fetch_sub(&own_live, 1);
    free(h);
}

static void *own_realloc(void *ctx, void *ptr, size_t size)
{
    if (ptr == NULL)
        return own_malloc(ctx, size);
    Header *h = (Header *)ptr - 1;
    void *q = own_malloc(ctx, size);
    if (q == NULL)
        return NULL;
    memcpy(q, ptr, h->size < size ? h->size : size);
    own_free(ctx, ptr);
    return q;
}

/* ---- a thread calling the RAW allocator without the GIL -------------- */

static void *raw_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) {
        void *p = PyMem_RawMalloc(32);
        p = PyMem_RawRealloc(p, 64);
        PyMem_RawFree(p);
    }
    return NULL;
}

int main(void)
{
    Py_Initialize();

    /* The defaults. */
    PyMemAllocatorEx def[3];
    for (int d = 0; d < 3; d++) {
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &def[d]);
        CHECK(def[d].malloc && def[d].calloc && def[d].realloc && def[d].free,
              "the default allocator of each domain has its four functions");
    }
    {
        void *p = def[PYMEM_DOMAIN_MEM].malloc(def[PYMEM_DOMAIN_MEM].ctx, 0);
        CHECK(p != NULL, "the default malloc gives a pointer for 0 bytes");
        p = def[PYMEM_DOMAIN_MEM].realloc(def[PYMEM_DOMAIN_MEM].ctx, p, 100);
        CHECK(p != NULL, "the default realloc resizes it");
        def[PYMEM_DOMAIN_MEM].free(def[PYMEM_DOMAIN_MEM].ctx, p);
        char *z = def[PYMEM_DOMAIN_OBJ].calloc(def[PYMEM_DOMAIN_OBJ].ctx, 4, 8);
        CHECK(z != NULL && z[0] == 0 && z[31] == 0, "the default calloc zeroes");
        PyObject_Free(z);
    }
    {
        PyMemAllocatorEx u;
        memset(&u, 0xAB, sizeof u);
        PyMem_GetAllocator((PyMemAllocatorDomain)7, &u);
        CHECK(u.ctx == NULL && u.malloc == NULL && u.calloc == NULL && u.realloc == NULL &&
                  u.free == NULL,
              "PyMem_GetAllocator(unknown domain) gives all NULL");
        PyMemAllocatorEx junk = {NULL, NULL, NULL, NULL, NULL};
        PyMem_SetAllocator((PyMemAllocatorDomain)7, &junk);
        void *p = PyMem_Malloc(8);
        CHECK(p != NULL, "PyMem_SetAllocator(unknown domain) is ignored");
        PyMem_Free(p);
    }

    /* Blocks from before the hooks. */
    void *old_mem = PyMem_Malloc(40), *old_raw = PyMem_RawMalloc(40), *old_obj = PyObject_Malloc(40);

    for (int d = 0; d < 3; d++)
        install((PyMemAllocatorDomain)d);
    {
        PyMemAllocatorEx got;
        PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &got);
        CHECK(got.ctx == &hooks[PYMEM_DOMAIN_MEM] && got.malloc == hook_malloc &&
                  got.free == hook_free,
              "PyMem_GetAllocator gives the installed hook");
    }

    /* MEM. */
    long m0 = atomic_load(&hooks[PYMEM_DOMAIN_MEM].mallocs);
    void *p = PyMem_Malloc(100);
    CHECK(atomic_load(&hooks[PYMEM_DOMAIN_MEM].mallocs) == m0 + 1, "PyMem_Malloc goes through the MEM hook");
    p = PyMem_Realloc(p, 200);
    CHECK(atomic_load(&hooks[PYMEM_DOMAIN_MEM].reallocs) >= 1, "PyMem_Realloc goes through the MEM hook");
    long f0 = atomic_load(&hooks[PYMEM_DOMAIN_MEM].frees);
    PyMem_Free(p);
    CHECK(atomic_load(&hooks[PYMEM_DOMAIN_MEM].frees) == f0 + 1, "PyMem_Free goes through the MEM hook");
    long c0 = atomic_load(&hooks[PYMEM_DOMAIN_MEM].callocs);
    p = PyMem_Calloc(10, 10);
    CHECK(atomic_load(&hooks[PYMEM_DOMAIN_MEM].callocs) == c0 + 1, "PyMem_Calloc goes through the MEM hook");
    PyMem_Free(p);
    p = PyMem_Malloc(0);
    CHECK(p != NULL, "PyMem_Malloc(0) through the hook gives a pointer");
    PyMem_Free(p);
    {
        long before = total(PYMEM_DOMAIN_MEM);
        CHECK(PyMem_Malloc((size_t)PY_SSIZE_T_MAX + 1) == NULL, "PyMem_Malloc(PY_SSIZE_T_MAX + 1) is NULL");
        CHECK(PyMem_Calloc((size_t)PY_SSIZE_T_MAX, 2) == NULL, "PyMem_Calloc overflowing is NULL");
        void *q = PyMem_Malloc(8);
        CHECK(PyMem_Realloc(q, (size_t)PY_SSIZE_T_MAX + 1) == NULL, "PyMem_Realloc(PY_SSIZE_T_MAX + 1) is NULL");
        PyMem_Free(q);
        CHECK(total(PYMEM_DOMAIN_MEM) == before + 2, "refused sizes never reach the hook");
    }

    /* RAW and OBJ. */
    long r0 = total(PYMEM_DOMAIN_RAW);
    p = PyMem_RawMalloc(10);
    p = PyMem_RawRealloc(p, 20);
    PyMem_RawFree(p);
    p = PyMem_RawCalloc(2, 3);
    PyMem_RawFree(p);
    CHECK(total(PYMEM_DOMAIN_RAW) == r0 + 5, "PyMem_Raw* go through the RAW hook");
    long o0 = total(PYMEM_DOMAIN_OBJ);
    p = PyObject_Malloc(10);
    p = PyObject_Realloc(p, 20);
    PyObject_Free(p);
    p = PyObject_Calloc(2, 3);
    PyObject_Free(p);
    CHECK(total(PYMEM_DOMAIN_OBJ) == o0 + 5, "PyObject_* go through the OBJ hook");

    /* Objects: a heap type's instances come from the object allocator. */
    {
        PyType_Slot slots[] = {{0, NULL}};
        PyType_Spec spec = {"allocators.Thing", sizeof(PyObject) + 64, 0, Py_TPFLAGS_DEFAULT, slots};
        PyObject *tp = PyType_FromSpec(&spec);
        CHECK(tp != NULL, "a heap type is made under the hooks");
        long a0 = atomic_load(&hooks[PYMEM_DOMAIN_OBJ].mallocs) + atomic_load(&hooks[PYMEM_DOMAIN_OBJ].callocs);
        long fr0 = atomic_load(&hooks[PYMEM_DOMAIN_OBJ].frees);
        PyObject *o = PyObject_CallNoArgs(tp);
        CHECK(o != NULL, "an instance is made");
        CHECK(atomic_load(&hooks[PYMEM_DOMAIN_OBJ].mallocs) + atomic_load(&hooks[PYMEM_DOMAIN_OBJ].callocs) > a0,
              "the instance was allocated through the OBJ hook");
        Py_XDECREF(o);
        CHECK(atomic_load(&hooks[PYMEM_DOMAIN_OBJ].frees) > fr0, "and freed through it");
        Py_XDECREF(tp);
        PyObject *l = PyList_New(0);
        for (int i = 0; i < 100 && l; i++) {
            PyObject *n = PyLong_FromLong(i * 1000003L);
            PyList_Append(l, n);
            Py_XDECREF(n);
        }
        CHECK(l != NULL && PyList_GET_SIZE(l) == 100, "lists and ints work under the hooks");
        Py_XDECREF(l);
    }

    /* RAW from threads that do not hold the GIL. */
    {
        long before = total(PYMEM_DOMAIN_RAW);
        pthread_t t[4];
        Py_BEGIN_ALLOW_THREADS
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, raw_worker, NULL);
        for (int i = 0; i < 4; i++)
            pthread_join(t[i], NULL);
        Py_END_ALLOW_THREADS
        CHECK(total(PYMEM_DOMAIN_RAW) - before >= 4 * 300, "RAW calls from GIL-less threads go through the hook");
    }

    /* Blocks from before the hooks are freed through them (the hooks
       forward to the previous allocator, whose blocks they are). */
    f0 = total(PYMEM_DOMAIN_MEM);
    PyMem_Free(old_mem);
    PyMem_RawFree(old_raw);
    PyObject_Free(old_obj);
    CHECK(total(PYMEM_DOMAIN_MEM) == f0 + 1, "a block from before the hook is freed through it");

    /* Putting the previous allocators back removes the hooks. */
    for (int d = 0; d < 3; d++)
        uninstall((PyMemAllocatorDomain)d);
    {
        long before = total(PYMEM_DOMAIN_MEM) + total(PYMEM_DOMAIN_RAW) + total(PYMEM_DOMAIN_OBJ);
        void *a = PyMem_Malloc(8), *b = PyMem_RawMalloc(8), *c = PyObject_Malloc(8);
        PyMem_Free(a);
        PyMem_RawFree(b);
        PyObject_Free(c);
        PyObject *s = PyUnicode_FromString("after the hooks");
        Py_XDECREF(s);
        CHECK(total(PYMEM_DOMAIN_MEM) + total(PYMEM_DOMAIN_RAW) + total(PYMEM_DOMAIN_OBJ) == before,
              "after restoring the previous allocators no hook is called");
        PyMemAllocatorEx got;
        PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &got);
        CHECK(got.malloc == def[PYMEM_DOMAIN_OBJ].malloc && got.ctx == def[PYMEM_DOMAIN_OBJ].ctx,
              "PyMem_GetAllocator gives the default again");
    }

    /* A replacing allocator gets its own blocks back. */
    {
        PyMemAllocatorEx own = {NULL, own_malloc, own_calloc, own_realloc, own_free};
        PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &own);
        void *a = PyMem_RawMalloc(16);
        CHECK(a != NULL && ((Header *)a - 1)->tag == TAG, "PyMem_RawMalloc comes from the replacing allocator");
        a = PyMem_RawRealloc(a, 1000);
        memset(a, 1, 1000);
        char *z = PyMem_RawCalloc(10, 10);
        CHECK(z != NULL && z[99] == 0, "PyMem_RawCalloc comes from it, zeroed");
        PyMem_RawFree(z);
        PyMem_RawFree(a);
        CHECK(atomic_load(&own_live) == 0 && atomic_load(&foreign_frees) == 0,
              "every block went back to the allocator it came from");
        PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &def[PYMEM_DOMAIN_RAW]);
    }

    Py_Finalize();
    return CHECK_DONE();
}
