/* immutables 0.21's _map: Map, an immutable mapping over a hash array
 * mapped trie (bitmap, array and collision nodes), MapMutation (mutable
 * through mp_ass_subscript, a context manager), keys/values/items views
 * and their iterators; GC types whose deallocators use the trashcan, a
 * repr guarded by Py_ReprEnter/Py_ReprLeave, tp_init with keyword
 * arguments, rich comparison and a cached hash.
 *
 * Vectors: tests/test_map.py (basics, hash collisions through keys with
 * chosen hashes -- its HashKey helper is a small C type here --, deletes
 * that reach collision and bitmap nodes, a key whose __eq__ raises,
 * KeyError carrying the key, a 1000-key stress run against a dict,
 * update/mutate/finish/pop, views, equality, hashing, repr with a
 * self-reference, constructor errors) and tests/test_none_keys.py (None
 * as a key at every trie level). Values the tests assert are recorded and
 * compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *Map;

/* ---- HashKey: tests/_testutils.py's key with a chosen hash ---- */

typedef struct {
    PyObject_HEAD
    Py_hash_t hash;
    PyObject *name;
    PyObject *error_on_eq_to; /* borrowed: the tests keep both alive */
} HashKey;

static PyObject *hashkey_type;

static PyObject *hashkey_repr(PyObject *self)
{
    HashKey *k = (HashKey *)self;
    return PyUnicode_FromFormat("<Key name:%U hash:%zd>", k->name, (Py_ssize_t)k->hash);
}

static Py_hash_t hashkey_hash(PyObject *self)
{
    return ((HashKey *)self)->hash;
}

static PyObject *hashkey_richcompare(PyObject *a, PyObject *b, int op)
{
    if (Py_TYPE(b) != (PyTypeObject *)hashkey_type || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    HashKey *x = (HashKey *)a, *y = (HashKey *)b;
    if ((x->error_on_eq_to != NULL && x->error_on_eq_to == b) || (y->error_on_eq_to != NULL && y->error_on_eq_to == a)) {
        PyObject *first = x->error_on_eq_to == b ? a : b, *second = first == a ? b : a;
        PyErr_Format(PyExc_ValueError, "cannot compare %R to %R", first, second);
        return NULL;
    }
    int eq = x->hash == y->hash && PyUnicode_Compare(x->name, y->name) == 0;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static void hashkey_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((HashKey *)self)->name);
    PyObject_Free(self);
    Py_DECREF(tp);
}

static PyType_Slot hashkey_slots[] = {{Py_tp_repr, (void *)hashkey_repr},
                                      {Py_tp_hash, (void *)hashkey_hash},
                                      {Py_tp_richcompare, (void *)hashkey_richcompare},
                                      {Py_tp_dealloc, (void *)hashkey_dealloc},
                                      {0, NULL}};
static PyType_Spec hashkey_spec = {"corpus.HashKey", sizeof(HashKey), 0, Py_TPFLAGS_DEFAULT, hashkey_slots};

static PyObject *key(Py_hash_t hash, const char *name, PyObject *error_on_eq_to)
{
    HashKey *k = PyObject_New(HashKey, (PyTypeObject *)hashkey_type);
    if (k == NULL)
        bail("cannot make a key");
    k->hash = hash;
    k->name = PyUnicode_FromString(name);
    k->error_on_eq_to = error_on_eq_to;
    return (PyObject *)k;
}

/* ---- helpers ---- */

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* m.set(k, v), replacing *m (bails on failure: the tests build on it). */
static void set(PyObject **m, PyObject *k, PyObject *v)
{
    PyObject *next = PyObject_CallMethod(*m, "set", "OO", k, v);
    if (next == NULL)
        bail("Map.set failed");
    Py_SETREF(*m, next);
}

static void set_s(PyObject **m, PyObject *k, const char *v)
{
    PyObject *s = PyUnicode_FromString(v);
    set(m, k, s);
    Py_DECREF(s);
}

static PyObject *get(PyObject *m, PyObject *k)
{
    return PyObject_CallMethod(m, "get", "O", k);
}

/* m.get(k) as a record. */
static void rec_get(PyObject *m, PyObject *k, const char *what)
{
    rec(get(m, k), what);
}

static void rec_len(PyObject *m, const char *what)
{
    Py_ssize_t n = PyObject_Length(m);
    rec(n < 0 ? NULL : PyLong_FromSsize_t(n), what);
}

/* sorted(list(x)) as a record (a view, a map's keys). */
static void rec_sorted(PyObject *x, const char *what)
{
    PyObject *list = PySequence_List(x);
    if (list != NULL && PyList_Sort(list) < 0)
        Py_CLEAR(list);
    rec(list, what);
}

/* sorted(m.items()) of a map result (stolen; NULL: the exception). */
static void rec_items(PyObject *m, const char *what)
{
    PyObject *items = m ? PyObject_CallMethod(m, "items", NULL) : NULL;
    Py_XDECREF(m);
    if (items == NULL) {
        rec(NULL, what);
        return;
    }
    rec_sorted(items, what);
    Py_DECREF(items);
}

static void test_basics(void)
{
    PyObject *h = keep(call(Map, NULL, "()"), "Map()");
    rec_len(h, "len(Map())");
    PyObject *a = PyUnicode_FromString("a"), *b = PyUnicode_FromString("b");
    PyObject *h2 = PyObject_CallMethod(h, "set", "Os", a, "b");
    expect_true(h2 != NULL && h2 != h, "Map().set('a', 'b') is a new map");
    rec_len(h, "... the original's len");
    rec_len(h2, "... the new one's len");
    expect_is(call_attr(h, "get", NULL, "(O)", a), Py_None, "Map().get('a')");
    expect_int(call_attr(h, "get", NULL, "(Oi)", a, 42), "42", "Map().get('a', 42)");
    expect_str(call_attr(h2, "get", NULL, "(O)", a), "b", "h2.get('a')");
    PyObject *h3 = PyObject_CallMethod(h2, "set", "Oi", b, 10);
    rec_len(h3, "h2.set('b', 10): len");
    rec_get(h3, a, "h3.get('a')");
    rec_get(h3, b, "h3.get('b')");
    rec_get(h2, b, "h2.get('b') (unchanged)");

    /* test_map_basics_3/4: setting the same value again. */
    PyObject *value = PyUnicode_FromString("value");
    PyObject *k = PyUnicode_FromString("key");
    PyObject *h1 = PyObject_CallMethod(h, "set", "OO", k, value);
    PyObject *same = PyObject_CallMethod(h1, "set", "OO", k, value);
    expect_true(same == h1, "setting an equal key to the same value gives the same map");
    Py_XDECREF(same);
    PyObject *other_value = PyUnicode_FromString("value");
    PyObject *changed = PyObject_CallMethod(h1, "set", "OO", k, other_value);
    expect_true(changed != NULL && changed != h1, "an equal but different value gives a new map");
    Py_XDECREF(changed);

    /* Items, indexing, membership, errors. */
    rec(PyObject_GetItem(h3, a), "h3['a']");
    rec(PyObject_GetItem(h3, k), "h3['key']");
    rec(PyBool_FromLong(PySequence_Contains(h3, a)), "'a' in h3");
    rec(PyBool_FromLong(PySequence_Contains(h3, k)), "'key' in h3");
    PyObject *unhashable = PyList_New(0);
    rec(PyObject_GetItem(h3, unhashable), "h3[[]]");
    rec(PyObject_CallMethod(h3, "set", "Oi", unhashable, 1), "h3.set([], 1)");
    rec(PyObject_CallMethod(h3, "delete", "O", unhashable), "h3.delete([])");
    rec(PyObject_CallMethod(h3, "delete", "O", k), "h3.delete('key')");
    rec(PyObject_CallMethod(h3, "get", NULL), "h3.get()");
    rec(PyObject_CallMethod(h3, "set", "O", a), "h3.set('a')");
    rec(PyObject_CallMethod(h3, "delete", "O", a), "h3.delete('a')");
    rec_sorted(h3, "sorted(h3) (iteration)");

    Py_DECREF(unhashable);
    Py_DECREF(other_value);
    Py_DECREF(h1);
    Py_DECREF(k);
    Py_DECREF(value);
    Py_XDECREF(h3);
    Py_XDECREF(h2);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(h);
}

static void test_collisions(void)
{
    /* test_map_collision_1. */
    PyObject *k1 = key(10, "aaa", NULL), *k2 = key(10, "bbb", NULL), *k3 = key(10, "ccc", NULL);
    PyObject *h = PyObject_CallNoArgs(Map);
    PyObject *h2 = Py_NewRef(h);
    set_s(&h2, k1, "a");
    PyObject *h3 = Py_NewRef(h2);
    set_s(&h3, k2, "b");
    rec(Py_BuildValue("(NN)", get(h, k1), get(h, k2)), "Map().get(k1), .get(k2)");
    rec(Py_BuildValue("(NN)", get(h2, k1), get(h2, k2)), "h2.get(k1), .get(k2)");
    rec(Py_BuildValue("(NN)", get(h3, k1), get(h3, k2)), "h3.get(k1), .get(k2) (a collision node)");
    PyObject *h4 = Py_NewRef(h3);
    set_s(&h4, k2, "cc");
    PyObject *h5 = Py_NewRef(h4);
    set_s(&h5, k3, "aa");
    rec(Py_BuildValue("(NNN)", get(h4, k1), get(h4, k2), get(h4, k3)), "h4.get(k1), (k2), (k3)");
    rec(Py_BuildValue("(NNN)", get(h5, k1), get(h5, k2), get(h5, k3)), "h5.get(k1), (k2), (k3)");
    rec(Py_BuildValue("(nnnnn)", PyObject_Length(h), PyObject_Length(h2), PyObject_Length(h3), PyObject_Length(h4),
                      PyObject_Length(h5)),
        "the five maps' lengths");
    rec(PyObject_Repr(h5), "repr(h5)");

    /* test_map_collision_2/3: keys whose hashes share 5-bit prefixes. */
    PyObject *A = key(100, "A", NULL), *B = key(101, "B", NULL), *C = key(0x1870C, "C", NULL);
    PyObject *D = key(0x1870C, "D", NULL), *E = key(0x3870C, "E", NULL);
    PyObject *m = PyObject_CallNoArgs(Map);
    set_s(&m, A, "a");
    set_s(&m, B, "b");
    set_s(&m, C, "c");
    set_s(&m, D, "d");
    rec_len(m, "A, B, C, D (C and D collide): len");
    set_s(&m, E, "e");
    rec_len(m, "... and E: len");
    rec(Py_BuildValue("(NNNNN)", get(m, A), get(m, B), get(m, C), get(m, D), get(m, E)), "... get each");
    PyObject *m2 = PyObject_CallMethod(m, "delete", "O", D);
    rec(m2 ? PyBool_FromLong(PySequence_Contains(m2, D)) : NULL, "D in m.delete(D)");
    rec(m2 ? Py_BuildValue("(NN)", get(m2, C), get(m2, E)) : NULL, "m.delete(D).get(C), .get(E)");
    Py_XDECREF(m2);
    PyObject *c_hi = key((Py_hash_t)0x80000000L, "C", NULL), *d_hi = key((Py_hash_t)0x80000000L, "D", NULL);
    PyObject *e_lo = key(0, "E", NULL);
    PyObject *m3 = PyObject_CallNoArgs(Map);
    set_s(&m3, c_hi, "c");
    set_s(&m3, d_hi, "d");
    set_s(&m3, e_lo, "e");
    PyObject *names = PyList_New(0);
    PyObject *keys = PyObject_CallMethod(m3, "keys", NULL);
    PyObject *it = keys ? PyObject_GetIter(keys) : NULL, *x;
    while (it && (x = PyIter_Next(it)) != NULL) {
        PyList_Append(names, ((HashKey *)x)->name);
        Py_DECREF(x);
    }
    PyList_Sort(names);
    rec(names, "the names of keys hashed 2**31, 2**31 and 0");
    Py_XDECREF(it);
    Py_XDECREF(keys);

    Py_DECREF(m3);
    Py_DECREF(c_hi);
    Py_DECREF(d_hi);
    Py_DECREF(e_lo);
    Py_DECREF(m);
    Py_DECREF(A);
    Py_DECREF(B);
    Py_DECREF(C);
    Py_DECREF(D);
    Py_DECREF(E);
    Py_DECREF(h5);
    Py_DECREF(h4);
    Py_DECREF(h3);
    Py_DECREF(h2);
    Py_DECREF(h);
    Py_DECREF(k1);
    Py_DECREF(k2);
    Py_DECREF(k3);
}

static void test_deletes(void)
{
    /* test_map_delete_1: a bitmap node. */
    PyObject *A = key(100, "A", NULL), *B = key(101, "B", NULL), *C = key(102, "C", NULL);
    PyObject *D = key(103, "D", NULL), *E = key(104, "E", NULL), *Z = key(-100, "Z", NULL);
    PyObject *Er = key(103, "Er", D);
    PyObject *h = PyObject_CallNoArgs(Map);
    set_s(&h, A, "a");
    set_s(&h, A, "a");
    set_s(&h, B, "b");
    set_s(&h, C, "c");
    set_s(&h, D, "d");
    set_s(&h, E, "e");
    rec_len(h, "A..E: len");
    PyObject *h1 = PyObject_CallMethod(h, "delete", "O", C);
    rec_len(h1, "delete(C): len");
    expect_error(call_attr(h1, "delete", NULL, "(O)", Er), PyExc_ValueError,
                 "cannot compare <Key name:Er hash:103> to <Key name:D hash:103>",
                 "delete(a key whose __eq__ raises)");
    PyObject *h2 = PyObject_CallMethod(h1, "delete", "O", D);
    rec_len(h2, "delete(D): len");
    PyObject *r = PyObject_CallMethod(h2, "delete", "O", Z);
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *args = value ? PyObject_GetAttrString(value, "args") : NULL;
    expect_true(r == NULL && type == PyExc_KeyError && args && PyTuple_GET_SIZE(args) == 1
                    && PyTuple_GET_ITEM(args, 0) == Z,
                "delete(Z) raises KeyError(Z) with the key itself");
    Py_XDECREF(args);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyObject *h3 = PyObject_CallMethod(h2, "delete", "O", A);
    rec_len(h3, "delete(A): len");
    rec(Py_BuildValue("(NNN)", PyObject_CallMethod(h3, "get", "Oi", A, 42), get(h3, B), get(h3, E)),
        "get(A, 42), get(B), get(E)");
    Py_DECREF(h3);
    Py_DECREF(h2);
    Py_DECREF(h1);
    Py_DECREF(h);
    Py_DECREF(Er);

    /* test_map_delete_2: a nested bitmap node. */
    PyObject *B2 = key(201001, "B", NULL), *C2 = key(101001, "C", NULL), *BLike = key(201001, "B-like", NULL);
    Er = key(201001, "Er", B2);
    h = PyObject_CallNoArgs(Map);
    set_s(&h, A, "a");
    set_s(&h, B2, "b");
    set_s(&h, C2, "c");
    set_s(&h, D, "d");
    set_s(&h, E, "e");
    set_s(&h, B2, "b");
    rec(PyObject_CallMethod(h, "delete", "O", BLike), "delete(B-like, same hash as B)");
    rec(PyObject_CallMethod(h, "delete", "O", Er), "delete(Er) (its __eq__ raises)");
    rec(PyObject_CallMethod(h, "delete", "O", Z), "delete(Z) (absent)");
    PyObject *cur = Py_NewRef(h);
    PyObject *order[] = {C2, B2, A, D, E};
    PyObject *lens = PyList_New(0);
    for (int i = 0; i < 5; i++) {
        PyObject *next = PyObject_CallMethod(cur, "delete", "O", order[i]);
        if (next == NULL)
            bail("delete %d failed", i);
        Py_SETREF(cur, next);
        PyObject *n = PyLong_FromSsize_t(PyObject_Length(cur));
        PyList_Append(lens, n);
        Py_DECREF(n);
    }
    rec(lens, "deleting C, B, A, D, E: the lengths");
    PyObject *empty = PyObject_CallNoArgs(Map);
    rec(PyObject_RichCompare(cur, empty, Py_EQ), "... == Map()");
    Py_DECREF(empty);
    Py_DECREF(cur);
    Py_DECREF(h);
    Py_DECREF(Er);
    Py_DECREF(B2);
    Py_DECREF(C2);
    Py_DECREF(BLike);
    Py_DECREF(A);
    Py_DECREF(B);
    Py_DECREF(C);
    Py_DECREF(D);
    Py_DECREF(E);
    Py_DECREF(Z);
}

/* test_map_stress_01 without the crashers: 1000 keys in and out, checked
   against a dict at every 100th step. */
static void test_stress(void)
{
    PyObject *h = PyObject_CallNoArgs(Map), *d = PyDict_New();
    int ok = 1;
    unsigned int seed = 12345;
    for (int i = 0; i < 1000 && ok; i++) {
        seed = seed * 1103515245u + 12345u;
        PyObject *k = PyUnicode_FromFormat("k%u", (seed >> 8) % 4000);
        PyObject *v = PyLong_FromLong(i);
        set(&h, k, v);
        PyDict_SetItem(d, k, v);
        Py_DECREF(k);
        Py_DECREF(v);
        if (i % 100 == 99) {
            PyObject *dict_of_h = PyDict_New();
            ok = PyDict_Merge(dict_of_h, h, 1) == 0 && PyObject_RichCompareBool(dict_of_h, d, Py_EQ) == 1
                 && PyObject_Length(h) == PyDict_Size(d);
            Py_DECREF(dict_of_h);
        }
    }
    expect_true(ok, "1000 pseudo-random sets agree with a dict");
    rec_len(h, "... len");
    PyObject *keys = PyDict_Keys(d);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys) && ok; i++) {
        PyObject *next = PyObject_CallMethod(h, "delete", "O", PyList_GET_ITEM(keys, i));
        ok = next != NULL && PyObject_Length(next) == PyList_GET_SIZE(keys) - i - 1;
        if (next)
            Py_SETREF(h, next);
    }
    expect_true(ok, "deleting every key, the length falls by one each time");
    rec(PySequence_List(h), "... list(h)");
    Py_DECREF(keys);
    Py_DECREF(d);
    Py_DECREF(h);
}

static void test_views_and_compare(void)
{
    /* (Results holding their arguments are made outside the refcount
       checks.) */
    PyObject *no_args0 = PyTuple_New(0), *ab = kw_dict("{s:i,s:i}", "a", 1, "b", 2);
    PyObject *m = PyObject_Call(Map, no_args0, ab);
    Py_DECREF(ab);
    Py_DECREF(no_args0);
    if (m == NULL)
        bail("Map(a=1, b=2) failed");
    rec_sorted(m, "sorted(Map(a=1, b=2))");
    PyObject *keys = PyObject_CallMethod(m, "keys", NULL);
    rec_len(keys, "len(keys())");
    rec_sorted(keys, "sorted(keys())");
    Py_DECREF(keys);
    PyObject *values = PyObject_CallMethod(m, "values", NULL);
    rec_sorted(values, "sorted(values())");
    Py_XDECREF(values);
    PyObject *items = PyObject_CallMethod(m, "items", NULL);
    rec_sorted(items, "sorted(items())");
    rec_len(items, "len(items())");
    Py_XDECREF(items);

    PyObject *d = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    /* (str keys hash differently in every CPython process, so where order
       shows, the records sort.) */
    PyObject *from_d = PyObject_CallFunctionObjArgs(Map, d, NULL);
    rec_items(from_d, "Map({'a': 1, 'b': 2})");
    PyObject *from_dict = PyObject_CallFunctionObjArgs(Map, d, NULL);
    rec(PyObject_RichCompare(m, from_dict, Py_EQ), "Map(a=1, b=2) == Map({'a': 1, 'b': 2})");
    rec(PyObject_RichCompare(m, from_dict, Py_NE), "... !=");
    rec(PyObject_RichCompare(m, d, Py_EQ), "Map(a=1, b=2) == {'a': 1, 'b': 2}");
    rec(PyObject_RichCompare(m, from_dict, Py_LT), "Map < Map");
    Py_hash_t h1 = PyObject_Hash(m), h2 = PyObject_Hash(from_dict);
    expect_true(h1 == h2 && h1 != -1, "equal maps hash equal");
    PyObject *unhashable_value = Py_BuildValue("{s:[]}", "a");
    PyObject *m_list = PyObject_CallFunctionObjArgs(Map, unhashable_value, NULL);
    Py_hash_t h3 = m_list ? PyObject_Hash(m_list) : -1;
    rec(h3 == -1 ? NULL : PyLong_FromSsize_t(h3), "hash(Map(a=[]))");
    Py_XDECREF(m_list);
    Py_DECREF(unhashable_value);
    PyObject *pairs = Py_BuildValue("[(si)(si)]", "x", 1, "y", 2);
    rec_items(PyObject_CallFunctionObjArgs(Map, pairs, NULL), "Map([('x', 1), ('y', 2)])");
    PyObject *pairs_args = Py_BuildValue("(O)", pairs), *z3 = kw_dict("{s:i}", "z", 3);
    rec_items(PyObject_Call(Map, pairs_args, z3), "Map([...], z=3)");
    Py_DECREF(z3);
    Py_DECREF(pairs_args);
    rec(PyObject_CallFunction(Map, "i", 5), "Map(5)");
    rec(PyObject_CallFunction(Map, "[i]", 5), "Map([5])");
    rec(PyObject_CallFunction(Map, "[(iii)]", 1, 2, 3), "Map([(1, 2, 3)])");
    rec(PyObject_CallFunction(Map, "OO", d, d), "Map(d, d)");

    /* update. */
    rec_items(PyObject_CallMethod(m, "update", "O", pairs), "m.update([('x', 1), ('y', 2)])");
    PyObject *upd = PyObject_GetAttrString(m, "update");
    PyObject *no_args = PyTuple_New(0);
    PyObject *a10 = kw_dict("{s:i}", "a", 10);
    rec_items(PyObject_Call(upd, no_args, a10), "m.update(a=10)");
    Py_DECREF(a10);
    rec(PyObject_CallMethod(m, "update", "i", 1), "m.update(1)");
    rec(PyObject_CallMethod(m, "update", "OO", pairs, pairs), "m.update(a, b)");
    PyObject *same = PyObject_Call(upd, no_args, NULL);
    expect_true(same == m, "m.update() is m");
    Py_XDECREF(same);
    Py_DECREF(no_args);
    Py_DECREF(upd);

    /* repr, with a value that holds the map. */
    PyObject *int_keyed = PyObject_CallFunction(Map, "({i:s,i:s})", 1, "one", 2, "two");
    rec(PyObject_Repr(int_keyed), "repr(Map({1: 'one', 2: 'two'}))");
    PyObject *box = PyList_New(0);
    PyObject *mb = PyObject_CallMethod(int_keyed, "set", "iO", 3, box);
    PyList_Append(box, mb);
    PyObject *mb_repr = PyObject_Repr(mb);
    rec(mb_repr, "repr of a map holding a list holding the map");
    PyList_SetSlice(box, 0, 1, NULL);
    Py_DECREF(mb);
    Py_DECREF(box);
    PyObject *red = PyObject_CallMethod(int_keyed, "__reduce__", NULL);
    rec(red ? PySequence_GetItem(red, 1) : NULL, "Map({1: 'one', 2: 'two'}).__reduce__()[1]");
    Py_XDECREF(red);
    Py_DECREF(int_keyed);
    PyObject *alias = PyObject_CallMethod(Map, "__class_getitem__", "O", (PyObject *)&PyLong_Type);
    rec(alias ? PyObject_Repr(alias) : NULL, "Map[int]");
    Py_XDECREF(alias);

    Py_DECREF(pairs);
    Py_DECREF(from_dict);
    Py_DECREF(d);
    Py_DECREF(m);
}

static void test_mutation(void)
{
    PyObject *m = PyObject_CallFunction(Map, "({s:i,s:i})", "a", 1, "b", 2);
    PyObject *mm = PyObject_CallMethod(m, "mutate", NULL);
    if (mm == NULL)
        bail("mutate() failed");
    PyObject *small = PyObject_CallFunction(Map, "({i:i})", 1, 2);
    PyObject *small_mm = small ? PyObject_CallMethod(small, "mutate", NULL) : NULL;
    rec(small_mm ? PyObject_Repr(small_mm) : NULL, "repr(Map({1: 2}).mutate())");
    Py_XDECREF(small_mm);
    Py_XDECREF(small);
    PyObject *c = PyUnicode_FromString("c"), *a = PyUnicode_FromString("a"), *zz = PyUnicode_FromString("zz");
    PyObject *three = PyLong_FromLong(3);
    rec(PyObject_SetItem(mm, c, three) < 0 ? NULL : Py_NewRef(Py_None), "mm['c'] = 3");
    rec(PyObject_DelItem(mm, a) < 0 ? NULL : Py_NewRef(Py_None), "del mm['a']");
    rec(PyObject_DelItem(mm, zz) < 0 ? NULL : Py_NewRef(Py_None), "del mm['zz']");
    rec(PyObject_GetItem(mm, c), "mm['c']");
    rec(PyObject_GetItem(mm, a), "mm['a']");
    rec(PyObject_CallMethod(mm, "pop", "O", c), "mm.pop('c')");
    rec(PyObject_CallMethod(mm, "pop", "O", c), "mm.pop('c') again");
    rec(PyObject_CallMethod(mm, "pop", "Oi", c, 7), "mm.pop('c', 7)");
    rec(PyObject_CallMethod(mm, "pop", NULL), "mm.pop()");
    rec(PyObject_CallMethod(mm, "set", "Oi", zz, 26), "mm.set('zz', 26)");
    rec(PyObject_CallMethod(mm, "update", "({s:i})", "u", 21), "mm.update({'u': 21})");
    rec_len(mm, "len(mm)");
    rec(PyBool_FromLong(PySequence_Contains(mm, zz)), "'zz' in mm");
    rec(PyObject_RichCompare(mm, m, Py_EQ), "mm == m");
    Py_hash_t mm_hash = PyObject_Hash(mm);
    rec(mm_hash == -1 ? NULL : PyLong_FromSsize_t(mm_hash), "hash(mm)");
    PyObject *done = PyObject_CallMethod(mm, "finish", NULL);
    rec_items(Py_XNewRef(done), "mm.finish()");
    /* (The messages show the mutation's str keys in hash order.) */
    static const char FINISHED[] = "mutation immutables.MapMutation(*";
    expect_true(PyObject_SetItem(mm, c, three) < 0 && PyErr_ExceptionMatches(PyExc_ValueError),
                "mm['c'] = 3 after finish() raises ValueError");
    PyErr_Clear();
    expect_error(call_attr(mm, "set", NULL, "(Oi)", c, 3), PyExc_ValueError, FINISHED, "mm.set() after finish()");
    expect_error(call_attr(mm, "pop", NULL, "(O)", zz), PyExc_ValueError, FINISHED, "mm.pop() after finish()");
    expect_error(call_attr(mm, "update", NULL, "({s:i})", "u", 1), PyExc_ValueError, FINISHED,
                 "mm.update() after finish()");
    rec_items(Py_NewRef(m), "the original map");
    Py_XDECREF(done);
    Py_DECREF(mm);

    /* As a context manager. */
    mm = PyObject_CallMethod(m, "mutate", NULL);
    PyObject *entered = PyObject_CallMethod(mm, "__enter__", NULL);
    expect_true(entered == mm, "mm.__enter__() is mm");
    Py_XDECREF(entered);
    PyObject_SetItem(mm, zz, three);
    rec(PyObject_CallMethod(mm, "__exit__", "OOO", Py_None, Py_None, Py_None), "mm.__exit__(None, None, None)");
    expect_true(PyObject_SetItem(mm, c, three) < 0 && PyErr_ExceptionMatches(PyExc_ValueError),
                "mm['c'] = 3 after __exit__ raises ValueError");
    PyErr_Clear();
    rec_items(PyObject_CallMethod(mm, "finish", NULL), "mm.finish() after __exit__");
    Py_DECREF(mm);

    /* A mutation with no changes finishes as the same map. */
    mm = PyObject_CallMethod(m, "mutate", NULL);
    done = PyObject_CallMethod(mm, "finish", NULL);
    rec(done ? PyObject_RichCompare(done, m, Py_EQ) : NULL, "an unchanged mutation finishes as an equal map");
    Py_XDECREF(done);
    Py_DECREF(mm);

    Py_DECREF(three);
    Py_DECREF(c);
    Py_DECREF(a);
    Py_DECREF(zz);
    Py_DECREF(m);
}

/* tests/test_none_keys.py: None (hash 0xFCA86420 on 64-bit CPython) and
   keys colliding with it at each level of the trie. */
static void test_none_keys(void)
{
    PyObject *m = PyObject_CallNoArgs(Map);
    set_s(&m, Py_None, "none");
    rec(get(m, Py_None), "Map().set(None, 'none').get(None)");
    Py_hash_t none_hash = PyObject_Hash(Py_None);
    PyObject *keys[7];
    for (int level = 0; level < 7; level++) {
        /* Same low 5 * level bits as None's hash, different above. */
        Py_hash_t mask = level == 0 ? 0 : (((Py_hash_t)1 << (5 * level)) - 1);
        Py_hash_t h = (none_hash & mask) | ((Py_hash_t)(level + 1) << (5 * level));
        char name[16];
        snprintf(name, sizeof name, "level%d", level);
        keys[level] = key(h == -1 ? -2 : h, name, NULL);
        set_s(&m, keys[level], name);
    }
    rec_len(m, "None and seven keys sharing its low bits: len");
    rec(get(m, Py_None), "... get(None)");
    PyObject *got = PyList_New(0);
    for (int level = 0; level < 7; level++) {
        PyObject *v = get(m, keys[level]);
        PyList_Append(got, v ? v : Py_None);
        Py_XDECREF(v);
    }
    rec(got, "... get(each key)");
    PyObject *without = PyObject_CallMethod(m, "delete", "O", Py_None);
    rec(without ? PyBool_FromLong(PySequence_Contains(without, Py_None)) : NULL, "None in m.delete(None)");
    rec_len(without, "len(m.delete(None))");
    Py_XDECREF(without);
    PyObject *collide = key(none_hash, "collides with None", NULL);
    set_s(&m, collide, "c");
    rec(Py_BuildValue("(NN)", get(m, Py_None), get(m, collide)), "a key with None's hash: get(None), get(key)");
    Py_DECREF(collide);
    for (int level = 0; level < 7; level++)
        Py_DECREF(keys[level]);
    Py_DECREF(m);
}

/* A map holding a map holding ... 20000 deep, freed at once. */
static void test_deep(void)
{
    PyObject *m = PyObject_CallNoArgs(Map);
    PyObject *inner = PyUnicode_FromString("inner");
    for (int i = 0; i < 20000; i++) {
        PyObject *outer = PyObject_CallNoArgs(Map);
        set(&outer, inner, m);
        Py_SETREF(m, outer);
    }
    rec_len(m, "the outermost of 20000 nested maps: len");
    Py_DECREF(m);
    Py_DECREF(inner);
    expect_true(1, "20000 nested maps freed");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    Map = attr(module, "Map");
    hashkey_type = PyType_FromSpec(&hashkey_spec);
    if (hashkey_type == NULL)
        bail("cannot make the HashKey type");
    rec(PyObject_Repr(Map), "immutables._map.Map");
    test_basics();
    test_collisions();
    test_deletes();
    test_stress();
    test_views_and_compare();
    test_mutation();
    test_none_keys();
    test_deep();
    Py_DECREF(hashkey_type);
    Py_DECREF(Map);
}

CORPUS_MAIN("_map", run)
